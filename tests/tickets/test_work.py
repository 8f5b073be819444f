"""Desk work beyond the conversation: functional escalation (E1), phone calls (C2, C6) and
time entries (T12), through the real actions and database."""

from datetime import timedelta

import pytest
import time_machine

from atiende import clock
from atiende.accounts.models import SupportGroup
from atiende.core.errors import ActionError, Conflict
from atiende.sla.models import Clock
from atiende.tickets import work
from atiende.tickets.codes import Channel, EventCode, MessageKind
from atiende.tickets.models import HistoryEvent, Message, PhoneCall, TimeEntry
from tests import factories
from tests.scenarios.conftest import customer, load_shipped, requester
from tests.web.helpers import codes, counts, customer_ticket


@pytest.fixture
def wekall(db):
    """A WeKall ticket (functional order level1 → level2 → development) in level 1."""
    pack = load_shipped("wekall")
    organisation = customer(pack)
    agent = factories.user("agent")
    with time_machine.travel(clock.now().replace(hour=14, minute=0), tick=False):
        from atiende.tickets import actions

        ticket = actions.open_ticket(
            actor=agent,
            channel=Channel.PHONE,
            organisation=organisation,
            requester=requester(organisation),
            subject="The platform does not answer",
            description="No call reaches the platform since 08:40; every agent is affected.",
            urgency="high",
            impact="organisation",
            group=SupportGroup.objects.get(pack=pack, slug="level1"),
        )
    return ticket, agent


def _slug(ticket):
    ticket.refresh_from_db()
    return ticket.group.slug if ticket.group else None


def test_it_escalates_along_the_packs_functional_order_and_keeps_the_clock(wekall):
    ticket, agent = wekall
    ticket.assignee = agent
    ticket.save()
    before = list(Clock.objects.filter(ticket=ticket).values_list("name", "due_at", "started_at"))
    assert before, "the WeKall policy plans clocks for the ticket"

    work.escalate(ticket, actor=agent, channel=Channel.WEB, reason="Needs the voice platform team")

    assert _slug(ticket) == "level2"
    assert ticket.assignee is None  # the next tier picks it up
    event = ticket.history.latest("id")
    assert event.code == EventCode.ESCALATED
    assert event.data["old_group"] == "level1" and event.data["new_group"] == "level2"
    assert event.data["reason"] == "Needs the voice platform team"
    assert event.data["old_assignee"] == agent.username
    # E1 keeps the clock: same clocks, same start and due times, no re-plan.
    after = list(Clock.objects.filter(ticket=ticket).values_list("name", "due_at", "started_at"))
    assert after == before
    assert EventCode.SLA_REPLANNED not in codes(ticket)

    work.escalate(ticket, actor=agent, channel=Channel.WEB, reason="A defect in the code")
    assert _slug(ticket) == "development"
    assert work.next_tier(ticket) is None
    before = counts(ticket)
    with pytest.raises(ActionError) as refused:
        work.escalate(ticket, actor=agent, channel=Channel.WEB, reason="More")
    assert refused.value.code == "no_next_tier"
    assert "already with the last tier" in refused.value.message
    assert counts(ticket) == before


def test_without_a_group_the_ticket_is_at_the_first_level(wekall):
    ticket, _agent = wekall
    ticket.group = None
    ticket.save()
    assert work.next_tier(ticket).slug == "level2"


def test_it_refuses_a_group_outside_the_order_and_an_empty_reason(wekall, personas):
    ticket, agent = wekall
    ticket.group = factories.group(name="Field team", slug="field-team")
    ticket.save()
    before = counts(ticket)
    with pytest.raises(ActionError) as refused:
        work.escalate(ticket, actor=agent, channel=Channel.WEB, reason="Why not")
    assert "is not part of the escalation order" in refused.value.message
    with pytest.raises(ActionError) as refused:
        work.escalate(ticket, actor=agent, channel=Channel.WEB, reason="   ")
    assert (refused.value.code, refused.value.field) == ("required", "reason")
    with pytest.raises(ActionError) as refused:
        work.escalate(ticket, actor=personas.customer, channel=Channel.WEB, reason="Please")
    assert refused.value.code == "agents_only"
    assert counts(ticket) == before


def test_without_a_pack_order_the_tiers_give_the_order(personas):
    level2 = factories.group(name="Specialists", slug="specialists", tier="level2")
    level1 = factories.group(name="Front desk", slug="front-desk", tier="level1")
    factories.group(name="Developers", slug="developers", tier="specialised")
    factories.group(name="Old team", slug="old-team", tier="level2", is_active=False)
    factories.group(name="Another desk", slug="another-desk", tier="level1")
    ticket = customer_ticket(personas, group=level1)
    assert [g.slug for g in work.escalation_order(ticket)] == [
        "front-desk",
        "specialists",
        "developers",
    ]
    work.escalate(ticket, actor=personas.agent, channel=Channel.WEB, reason="Router config")
    ticket.refresh_from_db()
    assert ticket.group == level2


def test_no_order_at_all_is_a_clear_refusal(personas):
    ticket = customer_ticket(personas)
    with pytest.raises(ActionError) as refused:
        work.escalate(ticket, actor=personas.agent, channel=Channel.WEB, reason="Help")
    assert "No escalation order is configured" in refused.value.message


def test_a_change_meanwhile_refuses_the_escalation(personas):
    factories.group(name="Front desk", slug="front-desk", tier="level1")
    factories.group(name="Specialists", slug="specialists", tier="level2")
    ticket = customer_ticket(personas)
    seen = ticket.version
    work.add_time_entry(ticket, actor=personas.agent_l2, channel=Channel.WEB, minutes=5)
    with pytest.raises(Conflict):
        work.escalate(
            ticket, actor=personas.agent, channel=Channel.WEB, reason="x", expected_version=seen
        )
    ticket.refresh_from_db()
    assert ticket.group is None


def test_a_phone_call_becomes_an_internal_message_of_the_phone_channel(personas):
    ticket = customer_ticket(personas)
    call = work.log_phone_call(
        ticket,
        actor=personas.agent,
        channel=Channel.WEB,
        direction="in",
        outcome="answered",
        duration_seconds=185,
        notes="  Customer reports the drops also on line 2.  ",
    )
    message = Message.objects.get(pk=call.message_id)
    assert (message.kind, message.channel, message.text, message.author) == (
        MessageKind.INTERNAL,
        Channel.PHONE,
        "Customer reports the drops also on line 2.",
        personas.agent,
    )
    assert (call.minutes, call.seconds, call.agent) == (3, 5, personas.agent)
    event = ticket.history.latest("id")
    assert event.code == EventCode.PHONE_CALL
    assert event.data == {
        "call": call.pk,
        "message": message.pk,
        "direction": "in",
        "outcome": "answered",
        "seconds": 185,
    }
    # A lost call needs no notes.
    work.log_phone_call(
        ticket,
        actor=personas.agent,
        channel=Channel.WEB,
        direction="out",
        outcome="lost",
        duration_seconds=0,
    )
    assert PhoneCall.objects.filter(ticket=ticket).count() == 2


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"direction": "sideways"}, "invalid_direction", "direction"),
        ({"outcome": "maybe"}, "invalid_outcome", "outcome"),
        ({"duration_seconds": 90_000}, "invalid_duration", "duration"),
        ({"notes": " "}, "required", "notes"),
        ({"called_at": "future"}, "call_in_future", "called_at"),
    ],
)
def test_it_refuses_a_bad_call_and_writes_nothing(personas, fields, code, field):
    ticket = customer_ticket(personas)
    values = {
        "direction": "in",
        "outcome": "answered",
        "duration_seconds": 60,
        "notes": "Talked",
        **fields,
    }
    if values.get("called_at") == "future":
        values["called_at"] = clock.now() + timedelta(hours=1)
    before = counts(ticket)
    with pytest.raises(ActionError) as refused:
        work.log_phone_call(ticket, actor=personas.agent, channel=Channel.WEB, **values)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert counts(ticket) == before
    assert not PhoneCall.objects.exists()


def test_time_entries_record_who_when_and_billable(personas):
    ticket = customer_ticket(personas)
    entry = work.add_time_entry(
        ticket,
        actor=personas.agent,
        channel=Channel.WEB,
        minutes=45,
        note=" Trunk trace ",
        billable=True,
    )
    assert (entry.user, entry.minutes, entry.note, entry.billable) == (
        personas.agent,
        45,
        "Trunk trace",
        True,
    )
    assert entry.worked_at == entry.created_at
    event = ticket.history.latest("id")
    assert (event.code, event.data) == (
        EventCode.TIME_LOGGED,
        {"entry": entry.pk, "minutes": 45, "billable": True},
    )


@pytest.mark.parametrize("minutes", [0, -5, 1441])
def test_it_refuses_a_bad_time_entry(personas, minutes):
    ticket = customer_ticket(personas)
    before = HistoryEvent.objects.count()
    with pytest.raises(ActionError) as refused:
        work.add_time_entry(ticket, actor=personas.agent, channel=Channel.WEB, minutes=minutes)
    assert refused.value.field == "minutes"
    assert HistoryEvent.objects.count() == before
    assert not TimeEntry.objects.exists()


def test_customers_log_no_time(personas):
    ticket = customer_ticket(personas)
    with pytest.raises(ActionError):
        work.add_time_entry(ticket, actor=personas.customer, channel=Channel.WEB, minutes=5)
