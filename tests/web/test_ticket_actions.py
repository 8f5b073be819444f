"""Desk ticket page actions added with the full workspace: escalate (E1), link a problem (T7),
merge, log a phone call (C2, C6), time entries (T12); htmx answers; optimistic concurrency
("changed meanwhile", input kept). Each: the database and history after the POST, refused
input writes nothing, and the personas."""

import pytest
from django.urls import reverse

from atiende.tickets import actions, work
from atiende.tickets.codes import Channel, EventCode, Kind, MessageKind
from atiende.tickets.models import PhoneCall, TimeEntry
from tests import factories
from tests.web.helpers import codes, counts, customer_ticket

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def tiers(db):
    return (
        factories.group(name="Front desk", slug="front-desk", tier="level1"),
        factories.group(name="Specialists", slug="specialists", tier="level2"),
    )


@pytest.fixture
def ticket(personas, tiers):
    return customer_ticket(personas, group=tiers[0], assignee=personas.agent)


def post(client, name, ticket, data, **extra):
    return client.post(reverse(f"desk:{name}", args=[ticket.pk]), data, **extra)


def page(ticket) -> str:
    return reverse("desk:ticket", args=[ticket.pk])


# --- who may act -------------------------------------------------------------------------

STAFF = ["agent", "agent_l2", "supervisor", "manager", "admin"]
CUSTOMERS = ["customer", "teammate", "customer_admin", "other_customer", "other_customer_admin"]


@pytest.mark.parametrize("role", STAFF)
def test_staff_of_any_group_escalate(client, personas, ticket, role, tiers):
    # The persona belongs to no group, or to another one: staff work every ticket (R2).
    user = personas.by_role(role)
    factories.group(name="Elsewhere", slug="elsewhere").members.add(user)
    client.force_login(user)
    response = post(
        client,
        "escalate",
        ticket,
        {"escalate-reason": "Needs the router team", "escalate-version": ticket.version},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.group == tiers[1]


@pytest.mark.parametrize("role", CUSTOMERS)
@pytest.mark.parametrize("name", ["escalate", "phone_call", "time_entry", "merge", "problem"])
def test_customers_are_sent_to_the_portal_and_nothing_is_written(
    client, personas, ticket, role, name
):
    before = counts(ticket), ticket.version
    client.force_login(personas.by_role(role))
    response = post(client, name, ticket, {"escalate-reason": "x", "time-minutes": "5"})
    assert response.status_code == 302
    assert response.url == reverse("portal:list")
    ticket.refresh_from_db()
    assert (counts(ticket), ticket.version) == before


def test_anonymous_visitors_go_to_login(client, ticket):
    response = post(client, "time_entry", ticket, {"time-minutes": "5"})
    assert response.url.startswith(reverse("login"))
    assert not TimeEntry.objects.exists()


# --- escalate (E1) -----------------------------------------------------------------------


def test_escalation_writes_the_history_with_both_groups(client, personas, ticket, tiers):
    client.force_login(personas.agent)
    response = post(
        client,
        "escalate",
        ticket,
        {"escalate-reason": " Needs   the router team ", "escalate-version": ticket.version},
    )
    ticket.refresh_from_db()
    assert (ticket.group, ticket.assignee) == (tiers[1], None)
    event = ticket.history.latest("id")
    assert event.code == EventCode.ESCALATED
    assert (event.data["old_group"], event.data["new_group"]) == ("front-desk", "specialists")
    assert event.data["reason"] == "Needs the router team"
    body = client.get(response.url).content.decode()
    assert "Escalated to Specialists." in body
    assert "Escalated from group Front desk to Specialists: Needs the router team" in body


def test_escalation_without_a_reason_is_refused_next_to_the_field(client, personas, ticket):
    before = counts(ticket)
    client.force_login(personas.agent)
    response = post(
        client, "escalate", ticket, {"escalate-reason": "", "escalate-version": ticket.version}
    )
    assert response.status_code == 200
    assert "Say why the ticket goes to the next tier" in str(
        response.context["forms"]["escalate"].errors["reason"]
    )
    assert counts(ticket) == before


def test_the_last_tier_offers_no_escalation(client, personas, ticket, tiers):
    work.escalate(ticket, actor=personas.agent, channel=Channel.WEB, reason="Router")
    client.force_login(personas.agent)
    body = client.get(page(ticket)).content.decode()
    assert "There is no next tier for this ticket." in body
    assert reverse("desk:escalate", args=[ticket.pk]) not in body


# --- link a problem (T7) and merge --------------------------------------------------------


def test_it_links_the_problem_by_case_number(client, personas, ticket):
    problem = customer_ticket(personas, kind=Kind.PROBLEM, subject="Trunk timer")
    client.force_login(personas.agent)
    response = post(
        client,
        "problem",
        ticket,
        {"problem-number": f" {problem.number} ", "problem-version": ticket.version},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.problem == problem
    assert ticket.history.latest("id").data == {"problem": problem.number}


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "Type a case number."),
        ("INC-999999", "No ticket has case number INC-999999"),
        ("SELF", "is not a problem"),
    ],
)
def test_a_bad_problem_number_is_refused_next_to_the_field(
    client, personas, ticket, number, message
):
    number = ticket.number if number == "SELF" else number
    before = counts(ticket)
    client.force_login(personas.agent)
    response = post(
        client, "problem", ticket, {"problem-number": number, "problem-version": ticket.version}
    )
    assert message in str(response.context["forms"]["problem"].errors["number"])
    ticket.refresh_from_db()
    assert ticket.problem is None
    assert counts(ticket) == before


def test_it_merges_into_another_ticket_and_goes_there(client, personas, ticket):
    target = customer_ticket(personas, subject="Calls drop (first report)")
    client.force_login(personas.agent_l2)
    response = post(
        client, "merge", ticket, {"merge-number": target.number, "merge-version": ticket.version}
    )
    assert response.url == page(target)
    ticket.refresh_from_db()
    assert ticket.merged_into == target
    assert ticket.state.category == "closed"
    assert EventCode.MERGED_FROM in codes(target)
    assert (
        f"{ticket.number} was merged into this ticket." in client.get(response.url).content.decode()
    )


def test_it_refuses_to_merge_across_organisations(client, personas, ticket):
    other = factories.ticket(
        personas.other_org, actor=personas.other_customer, requester=personas.other_customer.contact
    )
    before = counts(ticket)
    client.force_login(personas.supervisor)
    response = post(
        client, "merge", ticket, {"merge-number": other.number, "merge-version": ticket.version}
    )
    assert "same organisation" in str(response.context["forms"]["merge"].errors["number"])
    ticket.refresh_from_db()
    assert ticket.merged_into is None
    assert counts(ticket) == before


def test_level_1_agents_may_not_merge(client, personas, ticket):
    target = customer_ticket(personas)
    client.force_login(personas.agent)
    assert reverse("desk:merge", args=[ticket.pk]) not in client.get(page(ticket)).content.decode()
    before = counts(ticket)
    response = post(
        client, "merge", ticket, {"merge-number": target.number, "merge-version": ticket.version}
    )
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.merged_into is None and counts(ticket) == before


# --- phone calls (C2, C6) and time entries (T12) -----------------------------------------


def test_a_logged_call_is_a_message_on_the_timeline(client, personas, ticket):
    client.force_login(personas.agent)
    response = post(
        client,
        "phone_call",
        ticket,
        {
            "call-direction": "in",
            "call-outcome": "answered",
            "call-minutes": "4",
            "call-seconds": "30",
            "call-notes": "Drops on line 2 as well.",
            "call-version": ticket.version,
        },
    )
    assert response.status_code == 302
    call = PhoneCall.objects.get()
    assert (call.direction, call.outcome, call.duration_seconds) == ("in", "answered", 270)
    assert (call.message.kind, call.message.channel) == (MessageKind.INTERNAL, Channel.PHONE)
    assert ticket.history.latest("id").code == EventCode.PHONE_CALL
    body = client.get(response.url).content.decode()
    assert "Phone call logged." in body
    assert "Incoming call" in body and "4 min 30 s" in body
    assert "Drops on line 2 as well." in body


def test_an_answered_call_without_notes_is_refused(client, personas, ticket):
    before = counts(ticket)
    client.force_login(personas.agent)
    response = post(
        client,
        "phone_call",
        ticket,
        {
            "call-direction": "out",
            "call-outcome": "answered",
            "call-minutes": "2",
            "call-version": ticket.version,
        },
    )
    assert "Write what was said on the call." in str(
        response.context["forms"]["call"].errors["notes"]
    )
    assert counts(ticket) == before
    assert not PhoneCall.objects.exists()


def test_time_entries_and_their_totals(client, personas, ticket):
    client.force_login(personas.agent)
    for minutes, billable in (("30", "on"), ("15", "")):
        response = post(
            client,
            "time_entry",
            ticket,
            {
                "time-minutes": minutes,
                "time-note": "Trace",
                "time-billable": billable,
                "time-version": ticket.version,
            },
        )
        assert response.status_code == 302
        ticket.refresh_from_db()
    entries = list(TimeEntry.objects.order_by("id").values_list("minutes", "billable", "user"))
    assert entries == [(30, True, personas.agent.pk), (15, False, personas.agent.pk)]
    body = client.get(page(ticket)).content.decode()
    assert "Total 45 min, of which 30 min billable" in body


@pytest.mark.parametrize("minutes", ["0", "-3", "abc", ""])
def test_bad_minutes_are_refused(client, personas, ticket, minutes):
    before = counts(ticket)
    client.force_login(personas.agent)
    response = post(
        client, "time_entry", ticket, {"time-minutes": minutes, "time-version": ticket.version}
    )
    assert response.context["forms"]["time"].errors["minutes"]
    assert counts(ticket) == before


# --- htmx ----------------------------------------------------------------------------------


def test_an_htmx_action_answers_with_the_ticket_body_and_a_toast(client, personas, ticket):
    client.force_login(personas.agent)
    response = post(
        client,
        "time_entry",
        ticket,
        {"time-minutes": "10", "time-version": ticket.version},
        **HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="ticket-body"')
    assert "<html" not in body
    assert 'hx-swap-oob="beforeend:#toasts"' in body and "10 min recorded." in body
    assert "Total 10 min" in body


def test_an_htmx_refusal_answers_with_the_body_and_the_message(client, personas, ticket):
    client.force_login(personas.agent)
    response = post(client, "escalate", ticket, {"escalate-version": ticket.version}, **HTMX)
    assert response.status_code == 200  # htmx swaps successful answers only
    assert "Say why the ticket goes to the next tier" in response.content.decode()


def test_an_htmx_merge_sends_the_browser_to_the_target(client, personas, ticket):
    target = customer_ticket(personas)
    client.force_login(personas.agent_l2)
    response = post(
        client,
        "merge",
        ticket,
        {"merge-number": target.number, "merge-version": ticket.version},
        **HTMX,
    )
    assert response["HX-Redirect"] == page(target)


# --- changed meanwhile -------------------------------------------------------------------


def test_the_second_editor_sees_what_changed_and_keeps_their_input(client, personas, ticket):
    client.force_login(personas.agent)
    seen = client.get(page(ticket)).context["forms"]["compose"]
    version, last = seen["version"].value(), seen["seen"].value()
    # Meanwhile someone else notes and re-assigns.
    actions.add_note(ticket, actor=personas.agent_l2, channel=Channel.WEB, text="Looking.")
    actions.assign(ticket, actor=personas.agent_l2, channel=Channel.WEB, assignee=None)
    before = counts(ticket)

    response = post(
        client,
        "reply",
        ticket,
        {
            "compose-text": "We restarted the trunk.",
            "compose-version": version,
            "compose-seen": last,
        },
    )

    assert response.status_code == 409
    assert counts(ticket) == before  # nothing sent
    form = response.context["forms"]["compose"]
    assert "was changed by someone else meanwhile" in str(form.non_field_errors())
    assert form["text"].value() == "We restarted the trunk."
    ticket.refresh_from_db()
    assert int(form["version"].value()) == ticket.version
    changed = [event.code for event, _text in response.context["changes"]]
    assert changed == [EventCode.NOTE_ADDED, EventCode.ASSIGNED]
    body = response.content.decode()
    assert "This ticket changed while you were working on it" in body
    assert "Internal note added" in body and "Assignment changed" in body

    # Sending the kept input again is a deliberate choice, and works.
    again = post(
        client,
        "reply",
        ticket,
        {
            "compose-text": form["text"].value(),
            "compose-version": form["version"].value(),
            "compose-seen": form["seen"].value(),
        },
    )
    assert again.status_code == 302
    assert ticket.messages.filter(text="We restarted the trunk.").count() == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("transition", {"transition-state": "pending"}),
        ("assign", {"assign-assignee": ""}),
        ("priority", {"priority-cell": "high|organisation"}),
        ("escalate", {"escalate-reason": "Router"}),
        ("workaround", {"workaround-text": "Rebooted"}),
        ("solution", {"solution-text": "Timer fixed"}),
        ("phone_call", {"call-direction": "in", "call-outcome": "lost", "call-minutes": "0"}),
        ("time_entry", {"time-minutes": "5"}),
        ("note", {"compose-text": "Late note"}),
    ],
)
def test_every_change_form_is_refused_on_an_old_version(client, personas, ticket, name, data):
    old = ticket.version
    work.add_time_entry(ticket, actor=personas.agent_l2, channel=Channel.WEB, minutes=1)
    ticket.refresh_from_db()
    before = counts(ticket), ticket.version
    prefix = next(iter(data)).split("-")[0]
    client.force_login(personas.agent)
    response = post(client, name, ticket, {**data, f"{prefix}-version": old})
    assert response.status_code == 409
    assert "changed by someone else meanwhile" in response.content.decode()
    ticket.refresh_from_db()
    assert (counts(ticket), ticket.version) == before
