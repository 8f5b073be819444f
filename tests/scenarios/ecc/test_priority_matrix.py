"""T9: impact levels and prioritisation are data: urgency × impact gives the priority, and a
change of urgency or impact re-plans the case (T3)."""

import pytest

from atiende.tickets import actions
from atiende.tickets.codes import Channel
from tests import factories
from tests.scenarios.ecc.helpers import at, clock, customer, open_case

OPENED = at(2026, 3, 11, 9, 0)  # a Wednesday

MATRIX = [
    ("high", "organisation", "critical"),
    ("high", "department", "high"),
    ("high", "individual", "medium"),
    ("medium", "organisation", "high"),
    ("medium", "department", "medium"),
    ("medium", "individual", "low"),
    ("low", "organisation", "medium"),
    ("low", "department", "low"),
    ("low", "individual", "low"),
]


@pytest.mark.parametrize(("urgency", "impact", "priority"), MATRIX)
def test_it_computes_the_priority_from_urgency_and_impact(load_pack, urgency, impact, priority):
    org, requester = customer(load_pack("ecc"))
    ticket = open_case(OPENED, org, requester, urgency=urgency, impact=impact)
    assert ticket.priority == priority
    assert ticket.sla_policy.slug == priority


def test_it_takes_medium_when_nothing_is_classified_yet(load_pack):
    org, requester = customer(load_pack("ecc"))
    ticket = open_case(OPENED, org, requester)
    assert ticket.priority == "medium"
    assert clock(ticket, "resolution").due_at == at(2026, 3, 12, 15, 0)  # 16 service hours


def test_it_replans_when_level_one_raises_the_impact(load_pack):
    org, requester = customer(load_pack("ecc"))
    ticket = open_case(OPENED, org, requester, urgency="high", impact="individual")
    assert clock(ticket, "resolution").due_at == at(2026, 3, 12, 15, 0)
    agent = factories.user("agent")
    ticket = actions.change_priority(
        ticket, actor=agent, channel=Channel.WEB, impact="organisation", now=at(2026, 3, 11, 9, 30)
    )
    assert ticket.priority == "critical"
    ticket.refresh_from_db()
    assert ticket.sla_policy.slug == "critical"
    # Re-planned from the original start: 4 service hours from 09:00.
    assert clock(ticket, "resolution").due_at == at(2026, 3, 11, 13, 0)
