"""Aldeamo incidents by phone (the 7x24 line): first response High 10 min, Medium 2 h, Low
6 h (S3), on the calendar of the customer's support plan (S2: conventional Mon-Sun
07:00-21:00, VIP 7x24)."""

import pytest

from atiende.sla.models import Clock
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.scenarios.aldeamo.helpers import at, clock, customer, open_ticket

WEDNESDAY_1400 = at(2026, 3, 4, 14, 0)
WEDNESDAY_2300 = at(2026, 3, 4, 23, 0)

CASES = [
    # In the afternoon both plans are open: the targets are plain 10 min, 2 h, 6 h.
    ("vip", WEDNESDAY_1400, "high", 10, at(2026, 3, 4, 14, 10)),
    ("conventional", WEDNESDAY_1400, "high", 10, at(2026, 3, 4, 14, 10)),
    ("vip", WEDNESDAY_1400, "medium", 120, at(2026, 3, 4, 16, 0)),
    ("conventional", WEDNESDAY_1400, "medium", 120, at(2026, 3, 4, 16, 0)),
    ("vip", WEDNESDAY_1400, "low", 360, at(2026, 3, 4, 20, 0)),
    ("conventional", WEDNESDAY_1400, "low", 360, at(2026, 3, 4, 20, 0)),
    # At night VIP runs 7x24; conventional starts counting at 07:00.
    ("vip", WEDNESDAY_2300, "high", 10, at(2026, 3, 4, 23, 10)),
    ("conventional", WEDNESDAY_2300, "high", 10, at(2026, 3, 5, 7, 10)),
    ("vip", WEDNESDAY_2300, "medium", 120, at(2026, 3, 5, 1, 0)),
    ("conventional", WEDNESDAY_2300, "medium", 120, at(2026, 3, 5, 9, 0)),
    ("vip", WEDNESDAY_2300, "low", 360, at(2026, 3, 5, 5, 0)),
    ("conventional", WEDNESDAY_2300, "low", 360, at(2026, 3, 5, 13, 0)),
]


@pytest.mark.parametrize(("plan", "moment", "priority", "minutes", "due"), CASES)
def test_it_answers_incidents_by_phone_on_the_plans_calendar(
    load_pack, plan, moment, priority, minutes, due
):
    pack = load_pack("aldeamo")
    org, requester = customer(pack, plan=plan)
    agent = factories.user("agent")
    ticket = open_ticket(
        moment, org, requester, actor=agent, channel=Channel.PHONE, priority=priority
    )
    assert ticket.flags == []
    assert ticket.sla_policy.slug == f"incident-{priority}"
    first = clock(ticket)
    assert first.minutes == minutes
    assert first.started_at == moment
    assert first.due_at == due


def test_it_treats_an_organisation_without_a_plan_as_conventional(load_pack):
    # S2: default_plan is conventional.
    pack = load_pack("aldeamo")
    org, requester = customer(pack, plan="")
    ticket = open_ticket(WEDNESDAY_2300, org, requester, channel=Channel.PHONE, priority="high")
    assert clock(ticket).due_at == at(2026, 3, 5, 7, 10)


def test_it_plans_an_unclassified_report_as_medium(load_pack):
    # Reading: the pack's default priority is medium.
    pack = load_pack("aldeamo")
    org, requester = customer(pack, plan="vip")
    ticket = open_ticket(WEDNESDAY_1400, org, requester, channel=Channel.PHONE)
    assert ticket.priority == "medium"
    assert clock(ticket).due_at == at(2026, 3, 4, 16, 0)


def test_it_numbers_tickets_for_follow_up(load_pack):
    # T1: "Recibir un numero de casos para seguimiento".
    pack = load_pack("aldeamo")
    org, requester = customer(pack)
    ticket = open_ticket(WEDNESDAY_1400, org, requester, priority="low")
    assert ticket.number.startswith("ALD")
    assert ticket.pack == pack


def test_it_re_plans_a_medium_incident_raised_to_high(load_pack):
    # T3: a change of priority re-plans the SLA from the ticket's creation.
    pack = load_pack("aldeamo")
    org, requester = customer(pack, plan="vip")
    agent = factories.user("agent")
    ticket = open_ticket(
        WEDNESDAY_1400, org, requester, actor=agent, channel=Channel.PHONE, priority="medium"
    )
    assert clock(ticket).due_at == at(2026, 3, 4, 16, 0)
    ticket = actions.change_priority(
        ticket, actor=agent, channel=Channel.WEB, priority="high", now=at(2026, 3, 4, 14, 4)
    )
    ticket.refresh_from_db()
    assert ticket.sla_policy.slug == "incident-high"
    assert clock(ticket).due_at == at(2026, 3, 4, 14, 10)
    # S8: from the first response on, an update is owed every 30 minutes.
    actions.reply(
        ticket,
        actor=agent,
        channel=Channel.WEB,
        text="Caso en atención.",
        now=at(2026, 3, 4, 14, 8),
    )
    assert clock(ticket).met_at == at(2026, 3, 4, 14, 8)
    updates = Clock.objects.filter(ticket=ticket, name="update", met_at__isnull=True)
    assert [c.due_at for c in updates] == [at(2026, 3, 4, 14, 38)]
    replanned = HistoryEvent.objects.get(ticket=ticket, code=EventCode.SLA_REPLANNED)
    assert replanned.data["reason"] == "priority"
