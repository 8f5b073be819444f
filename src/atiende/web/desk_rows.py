"""The rows of the desk list, written in Python.

A page has 50 rows of nine cells; through template tags, filters and an include per row they
cost about as much as everything else on the page together. These functions write the same
markup as ``_partials/desk_ticket_table.html`` and ``_partials/sla_badges.html`` did (the
view tests and ``tests/web/test_desk_rows.py`` check it), with each name escaped and each
label translated as the templates did, and what is the same for every row (the link prefix,
the translated words) looked up once per page.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext

from atiende.web import sla
from atiende.web.fastforms import escape
from atiende.web.labels import priority_name, target_name
from atiende.web.templatetags.desk_list import channel_icon

_PLACEHOLDER = 987654321


def _e(value) -> str:
    return escape(value)


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _hidden_words() -> dict[str, str]:
    return {
        "at-risk": f'<span class="visually-hidden">{gettext("At risk:")} </span>',
        "breached": f'<span class="visually-hidden">{gettext("Breached:")} </span>',
    }


def clock_badges(clocks, page=None) -> str:
    """``_partials/sla_badges.html``: one badge per running clock, or a dash (the words
    looked up once per ``page`` when given)."""
    if not clocks:
        return '<span class="muted">—</span>'
    hidden = page.hidden if page is not None else _hidden_words()
    badges = []
    for clock in clocks:
        tone = sla.tone(clock)
        name = page.target(clock.name) if page is not None else _target(clock.name)
        badges.append(
            f'<span class="badge sla sla-{_e(tone)}">{hidden.get(tone, "")}'
            f"{name} · {_e(sla.remaining_text(clock))}</span>"
        )
    return " ".join(badges)


def _target(name) -> str:
    return _e(target_name(name or ""))


class _Page:
    """What every row of one page shares."""

    def __init__(self, checked):
        link = reverse("desk:ticket", args=[_PLACEHOLDER])
        self.link_before, self.link_after = (_e(part) for part in link.split(str(_PLACEHOLDER)))
        self.checked = checked or ()
        self.language = translation.get_language() or "en"
        self.select = gettext("Select %(number)s")
        self.priorities: dict[str, str] = {}
        self.channels: dict[str, str] = {}
        self.states: dict[int, str] = {}
        self.hidden = _hidden_words()
        self.targets: dict[str, str] = {}

    def target(self, name) -> str:
        if name not in self.targets:
            self.targets[name] = _target(name)
        return self.targets[name]

    def priority(self, code: str) -> str:
        if not code:
            return "—"
        if code not in self.priorities:
            self.priorities[code] = (
                f'<span class="badge priority-{_e(slugify(code))}">{_e(priority_name(code))}</span>'
            )
        return self.priorities[code]

    def state(self, state) -> str:
        if state.pk not in self.states:
            self.states[state.pk] = (
                f'<span class="badge state-{_e(state.category)}">'
                f"{_e(state.label(self.language))}</span>"
            )
        return self.states[state.pk]

    def channel(self, code: str) -> str:
        if code not in self.channels:
            self.channels[code] = channel_icon(code)
        return self.channels[code]


def _row(page: _Page, ticket) -> str:
    pk = str(ticket.pk)
    number = _e(ticket.number)
    checked = " checked" if ticket.pk in page.checked else ""
    label = page.select % {"number": number}
    requester = ticket.requester.name if ticket.requester is not None else ""
    assignee = _e(_person(ticket.assignee)) or "—"
    if ticket.group is not None:
        assignee += f' <span class="muted">({_e(ticket.group.name)})</span>'
    clocks = getattr(ticket, "running_clocks", None)
    badges = f"{clock_badges(clocks, page)}\n" if clocks else '<span class="muted">—</span>'
    return (
        f'\n      <tr data-row="{pk}">\n'
        f'        <td><input type="checkbox" id="pick-{pk}" name="ticket" value="{pk}"'
        f' form="bulk-form"{checked} aria-label="{label}"><input type="hidden"'
        f' name="version_{pk}" value="{ticket.version}" form="bulk-form"></td>\n'
        f'        <td class="number"><a href="{page.link_before}{pk}{page.link_after}"'
        f" data-row-link>{number}</a></td>\n"
        f'        <td class="subject">{_e(ticket.subject)}</td>\n'
        f"        <td>{_e(ticket.organisation.name)}<br>"
        f'<span class="muted">{_e(requester) or "—"}</span></td>\n'
        "        \n"
        f"        <td>{page.priority(ticket.priority)}</td>\n"
        f"        <td>{page.state(ticket.state)}</td>\n"
        f"        <td>{assignee}</td>\n"
        f'        <td class="channel">{page.channel(ticket.channel)}</td>\n'
        f'        <td class="sla-cell">{badges}</td>\n'
        "      </tr>\n    "
    )


def rows(tickets, checked=()) -> SafeString:
    """The ``<tr>`` of each ticket of a list page (``running_clocks`` attached), the rows
    whose id is in ``checked`` with their box checked."""
    page = _Page(checked)
    return mark_safe("".join(_row(page, ticket) for ticket in tickets))  # noqa: S308 (escaped)
