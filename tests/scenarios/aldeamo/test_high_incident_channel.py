"""Aldeamo high incidents are authorised by phone only (C4, R4): by e-mail the ticket is
opened, flagged "unofficial_channel" without SLA, and the customer is told to call the 7x24
line (Reading: flag, not refuse); by phone the first response is due in 10 min (S3)."""

import pytest

from atiende.notify.models import OutboxMessage
from atiende.sla.models import Clock
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode, Kind
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.scenarios.aldeamo.helpers import at, clock, customer, open_ticket

WEDNESDAY_1400 = at(2026, 3, 4, 14, 0)
PHONE_LINE = "+57 601 555 0100"


def flagged_message(ticket) -> dict:
    """The pack's message ({es, en}) recorded when the ticket was flagged at intake."""
    event = HistoryEvent.objects.get(ticket=ticket, code=EventCode.FLAGGED)
    assert event.data["flags"] == ["unofficial_channel"]
    return event.data["message"]


def acknowledgement_text(ticket) -> str:
    return "\n".join(OutboxMessage.objects.filter(ticket=ticket).values_list("text", flat=True))


@pytest.mark.parametrize("plan", ["vip", "conventional"])
def test_it_flags_a_high_incident_by_e_mail_and_gives_the_phone_line(load_pack, plan):
    pack = load_pack("aldeamo")
    org, requester = customer(pack, plan=plan)
    ticket = open_ticket(WEDNESDAY_1400, org, requester, channel=Channel.EMAIL, priority="high")
    ticket.refresh_from_db()
    assert ticket.flags == ["unofficial_channel"]
    assert ticket.sla_policy is None  # R4: unofficial reports do not count for the SLA
    assert not Clock.objects.filter(ticket=ticket).exists()
    assert PHONE_LINE in ticket.intake_message  # what the channel answers the customer
    message = flagged_message(ticket)
    assert PHONE_LINE in message["es"] and PHONE_LINE in message["en"]


def test_it_mails_the_phone_instruction_to_the_customer(load_pack):
    # C4: "a clear answer (e.g. call the 7x24 line)" in the acknowledgement (N2).
    pack = load_pack("aldeamo")
    org, requester = customer(pack, plan="vip")
    ticket = open_ticket(WEDNESDAY_1400, org, requester, channel=Channel.EMAIL, priority="high")
    assert PHONE_LINE in acknowledgement_text(ticket)


def test_it_answers_a_high_incident_by_phone_in_ten_minutes(load_pack):
    pack = load_pack("aldeamo")
    org, requester = customer(pack, plan="vip")
    agent = factories.user("agent")
    ticket = open_ticket(
        WEDNESDAY_1400, org, requester, actor=agent, channel=Channel.PHONE, priority="high"
    )
    assert ticket.flags == []
    assert clock(ticket).due_at == at(2026, 3, 4, 14, 10)


def test_it_accepts_a_medium_incident_by_e_mail(load_pack):
    # An e-mail classified medium is official; the channel rule is for high incidents only.
    pack = load_pack("aldeamo")
    org, requester = customer(pack, plan="vip")
    ticket = open_ticket(WEDNESDAY_1400, org, requester, channel=Channel.EMAIL, priority="medium")
    assert ticket.flags == []
    assert clock(ticket).due_at == at(2026, 3, 4, 16, 0)


def test_it_flags_a_request_by_phone(load_pack):
    # C4, R4: requests are authorised by e-mail only.
    pack = load_pack("aldeamo")
    org, requester = customer(pack)
    agent = factories.user("agent")
    ticket = open_ticket(
        WEDNESDAY_1400,
        org,
        requester,
        actor=agent,
        channel=Channel.PHONE,
        kind=Kind.REQUEST,
        subtype="reports",
    )
    ticket.refresh_from_db()
    assert ticket.flags == ["unofficial_channel"]
    assert ticket.sla_policy is None
    assert "soporte@example.com" in ticket.intake_message
    assert "soporte@example.com" in flagged_message(ticket)["es"]


def test_an_agent_can_still_work_a_flagged_ticket(load_pack):
    pack = load_pack("aldeamo")
    org, requester = customer(pack)
    agent = factories.user("agent")
    ticket = open_ticket(WEDNESDAY_1400, org, requester, channel=Channel.EMAIL, priority="high")
    actions.reply(
        ticket,
        actor=agent,
        channel=Channel.WEB,
        text="Lo llamamos para registrar el incidente por la línea 7x24.",
        now=WEDNESDAY_1400.replace(minute=5),
    )
    ticket.refresh_from_db()
    assert ticket.state.code == "open"
