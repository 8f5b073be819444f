"""web.desk_rows writes the desk list's rows exactly as the per-row template did (kept here as
the reference), names escaped, labels in Spanish and English, checked rows kept."""

import pytest
from django.template import engines
from django.utils import translation

from atiende.accounts.models import SupportGroup, User
from atiende.customers.models import Contact, Organisation
from atiende.sla.queries import ClockView
from atiende.tickets.models import State, Ticket
from atiende.web.desk_rows import rows

# The loop of _partials/desk_ticket_table.html before the rows were written in Python.
REFERENCE = """{% load i18n atiende desk_list %}{% for ticket in page.rows %}
      <tr data-row="{{ ticket.pk }}">
        <td><input type="checkbox" id="pick-{{ ticket.pk }}" name="ticket" value="{{ ticket.pk }}" form="bulk-form"{% if ticket.pk in checked %} checked{% endif %} aria-label="{% blocktranslate with number=ticket.number %}Select {{ number }}{% endblocktranslate %}"><input type="hidden" name="version_{{ ticket.pk }}" value="{{ ticket.version }}" form="bulk-form"></td>
        <td class="number"><a href="{% url 'desk:ticket' ticket.pk %}" data-row-link>{{ ticket.number }}</a></td>
        <td class="subject">{{ ticket.subject }}</td>
        <td>{{ ticket.organisation.name }}<br><span class="muted">{{ ticket.requester.name|default:"—" }}</span></td>
        {# priority_badge.html and state_badge.html, inlined: no include per row #}
        <td>{% if ticket.priority %}<span class="badge priority-{{ ticket.priority|slugify }}">{{ ticket.priority|priority_label }}</span>{% else %}—{% endif %}</td>
        <td><span class="badge state-{{ ticket.state.category }}">{{ ticket.state|state_label }}</span></td>
        <td>{{ ticket.assignee|person|default:"—" }}{% if ticket.group %} <span class="muted">({{ ticket.group.name }})</span>{% endif %}</td>
        <td class="channel">{{ ticket.channel|channel_icon }}</td>
        <td class="sla-cell">{% if ticket.running_clocks %}{% include "_partials/sla_badges.html" with clocks=ticket.running_clocks %}{% else %}<span class="muted">—</span>{% endif %}</td>
      </tr>
    {% endfor %}"""  # noqa: E501


def _clock(name, state, seconds, **flags):
    return ClockView(
        name=name,
        cycle=1,
        recurring=False,
        state=state,
        started_at=None,
        due_at=None,
        met_at=None,
        remaining_seconds=seconds,
        warned=flags.get("warned", False),
        breached=state == "breached",
        paused=state == "paused",
        paused_since=None,
        at_risk=flags.get("at_risk", False),
    )


def _tickets():
    hostile = '<script>alert("x")</script> & "quotes"'
    state = State(pk=7, code="open", category="open", labels={"en": "Open", "es": "Abierto"})
    other = State(pk=8, code="x", category="pending", labels={"en": f"Wait {hostile}"})
    org = Organisation(pk=1, name=f"Org {hostile}")
    contact = Contact(pk=2, name=f"Contact {hostile}")
    agent = User(pk=3, username="agent<1>", first_name="Ana", last_name="O'Neil")
    bare = User(pk=4, username="plain&user")
    group = SupportGroup(pk=5, name=f"Group {hostile}")
    made = []
    nameless = Contact(pk=9, name="")
    cases = [
        {"priority": "high", "state": state, "requester": contact, "assignee": agent},
        {"priority": "", "state": other, "requester": None, "assignee": None},
        {"priority": "Very High!", "state": state, "requester": contact, "assignee": bare},
        {"priority": "urgent", "state": other, "requester": nameless, "assignee": None},
    ]
    groups = [group, None, None, group]
    clocks = [
        [_clock("resolution", "breached", -4000), _clock("update", "running", 600, at_risk=True)],
        [],
        [_clock("first_response", "paused", 7200), _clock("own<stage>", "running", 59)],
        [_clock("update", "running", 3600, warned=True)],
    ]
    for n, (case, running, grp) in enumerate(zip(cases, clocks, groups, strict=True)):
        ticket = Ticket(
            pk=100 + n,
            number=f"INC-{n}<&>",
            subject=f"Subject {n} {hostile}",
            channel=["email", "phone", "bogus", "whatsapp"][n],
            version=n + 1,
            organisation=org,
            group=grp,
            **case,
        )
        ticket.running_clocks = running
        made.append(ticket)
    return made


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("checked", [set(), {101, 103}])
def test_it_writes_what_the_template_wrote(language, checked):
    tickets = _tickets()
    with translation.override(language):
        expected = (
            engines["django"]
            .from_string(REFERENCE)
            .render({"page": {"rows": tickets}, "checked": checked})
        )
        assert str(rows(tickets, checked)) == expected
    assert "<script>" not in expected
