"""WeKall first response in business hours for every priority of incidents and requests
(S5), the priority computed from the urgency × impact matrix (T3), and a priority change
re-planning the clock from the ticket's creation (T3)."""

import datetime as dt

import pytest

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode, Kind
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.scenarios.wekall.helpers import at, clock, customer, open_ticket

# A Wednesday with no holiday near it; a business day has 9 h (07:30-12:30, 14:00-18:00).
WEDNESDAY_0900 = at(2026, 3, 4, 9, 0)

# (kind, priority, business hours, due) from WEDNESDAY_0900.
CELLS = [
    (Kind.INCIDENT, "urgent", 1, at(2026, 3, 4, 10, 0)),
    (Kind.INCIDENT, "high", 6, at(2026, 3, 4, 16, 30)),
    (Kind.INCIDENT, "normal", 10, at(2026, 3, 5, 10, 0)),
    (Kind.INCIDENT, "low", 16, at(2026, 3, 5, 17, 30)),
    (Kind.REQUEST, "urgent", 8, at(2026, 3, 5, 8, 0)),
    (Kind.REQUEST, "high", 12, at(2026, 3, 5, 12, 0)),
    (Kind.REQUEST, "normal", 24, at(2026, 3, 6, 16, 30)),
    # 7.5 h Wed + 9 h Thu + 9 h Fri, then 6.5 h on Monday 2026-03-09.
    (Kind.REQUEST, "low", 32, at(2026, 3, 9, 15, 30)),
]

# REQUIREMENTS.md, seed 002 section 2.6.
MATRIX = [
    ("high", "organisation", "urgent"),
    ("high", "department", "high"),
    ("high", "individual", "normal"),
    ("medium", "organisation", "high"),
    ("medium", "department", "normal"),
    ("medium", "individual", "low"),
    ("low", "organisation", "normal"),
    ("low", "department", "low"),
    ("low", "individual", "low"),
]


@pytest.mark.parametrize(("kind", "priority", "hours", "due"), CELLS)
def test_it_plans_each_cell_of_the_service_levels(load_pack, kind, priority, hours, due):
    pack = load_pack("wekall")
    org, requester = customer(pack)
    ticket = open_ticket(WEDNESDAY_0900, org, requester, kind=kind, priority=priority)
    first = clock(ticket)
    assert ticket.sla_policy.slug == f"{kind}-{priority}"
    assert first.minutes == hours * 60
    assert first.due_at == due


@pytest.mark.parametrize(("urgency", "impact", "priority"), MATRIX)
@pytest.mark.parametrize("kind", [Kind.INCIDENT, Kind.REQUEST])
def test_it_takes_the_priority_from_the_matrix(load_pack, kind, urgency, impact, priority):
    pack = load_pack("wekall")
    org, requester = customer(pack)
    ticket = open_ticket(WEDNESDAY_0900, org, requester, kind=kind, urgency=urgency, impact=impact)
    assert (ticket.urgency, ticket.impact, ticket.priority) == (urgency, impact, priority)
    expected = next(due for k, p, _hours, due in CELLS if k == kind and p == priority)
    assert clock(ticket).due_at == expected


def test_it_re_plans_when_the_priority_changes(load_pack):
    pack = load_pack("wekall")
    org, requester = customer(pack)
    agent = factories.user("agent")
    ticket = open_ticket(
        WEDNESDAY_0900, org, requester, channel=Channel.EMAIL, urgency="low", impact="individual"
    )
    assert ticket.priority == "low"
    assert clock(ticket).due_at == at(2026, 3, 5, 17, 30)  # 16 h
    # Half an hour later the agent learns the whole organisation is down.
    ticket = actions.change_priority(
        ticket,
        actor=agent,
        channel=Channel.WEB,
        urgency="high",
        impact="organisation",
        now=WEDNESDAY_0900 + dt.timedelta(minutes=30),
    )
    ticket.refresh_from_db()
    assert ticket.priority == "urgent"
    assert ticket.sla_policy.slug == "incident-urgent"
    first = clock(ticket)
    assert first.started_at == WEDNESDAY_0900  # re-planned from the creation, not the change
    assert first.due_at == at(2026, 3, 4, 10, 0)
    assert ticket.next_due_at == at(2026, 3, 4, 10, 0)
    replanned = HistoryEvent.objects.get(ticket=ticket, code=EventCode.SLA_REPLANNED)
    assert replanned.data["reason"] == "priority"


def test_it_meets_the_first_response_with_the_agents_reply(load_pack):
    # S9: from the ticket's creation to the first agent response to the requester.
    pack = load_pack("wekall")
    org, requester = customer(pack)
    agent = factories.user("agent")
    ticket = open_ticket(WEDNESDAY_0900, org, requester, priority="high")
    replied = WEDNESDAY_0900 + dt.timedelta(hours=2)
    actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Estamos revisando.", now=replied)
    first = clock(ticket)
    assert first.met_at == replied
    assert first.breached_at is None
    ticket.refresh_from_db()
    assert ticket.first_response_at == replied
    assert ticket.state.code == "open"  # new → open on the agent's reply


def test_it_plans_an_unclassified_ticket_as_normal_until_classified(load_pack):
    # Reading: the pack's default priority; level 1 classifies and the clock re-plans (T3).
    pack = load_pack("wekall")
    org, requester = customer(pack)
    agent = factories.user("agent")
    ticket = open_ticket(WEDNESDAY_0900, org, requester, channel=Channel.EMAIL)
    assert ticket.priority == "normal"
    assert clock(ticket).due_at == at(2026, 3, 5, 10, 0)
    ticket = actions.change_priority(
        ticket,
        actor=agent,
        channel=Channel.WEB,
        urgency="medium",
        impact="organisation",
        now=WEDNESDAY_0900 + dt.timedelta(minutes=10),
    )
    assert ticket.priority == "high"
    assert clock(ticket).due_at == at(2026, 3, 4, 16, 30)
