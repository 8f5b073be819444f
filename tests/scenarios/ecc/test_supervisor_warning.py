"""S10: the coordinator (supervisor) watches the solution-time standards: the sweep warns at
75 % of a target, before the breach, and breaches it when the time is over; the supervisor is
the first escalation level."""

import pytest
import time_machine

from atiende.sla.sweep import sweep
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.scenarios.ecc.helpers import at, clock, customer, open_case

OPENED = at(2026, 3, 10, 9, 0)  # a Tuesday


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        sweep(now=moment)


@pytest.fixture
def critical(load_pack):
    org, requester = customer(load_pack("ecc"))
    return open_case(OPENED, org, requester, urgency="high", impact="organisation")


def events(ticket, code):
    return [event.data["target"] for event in HistoryEvent.objects.filter(ticket=ticket, code=code)]


def test_it_warns_the_supervisor_before_the_breach(critical):
    assert critical.priority == "critical"
    assert critical.sla_policy.slug == "critical"
    resolution = clock(critical, "resolution")
    assert resolution.due_at == at(2026, 3, 10, 13, 0)
    assert resolution.warn_at == at(2026, 3, 10, 12, 0)  # 75 % of 4 h
    agent = factories.user("agent")
    actions.reply(
        critical, actor=agent, channel=Channel.PHONE, text="Revisando.", now=at(2026, 3, 10, 9, 5)
    )
    sweep_at(at(2026, 3, 10, 11, 59))
    assert events(critical, EventCode.SLA_WARNING) == []
    sweep_at(at(2026, 3, 10, 12, 0, 30))
    assert events(critical, EventCode.SLA_WARNING) == ["resolution"]
    assert events(critical, EventCode.SLA_BREACHED) == []
    assert clock(critical, "resolution").warned_at == at(2026, 3, 10, 12, 0, 30)
    sweep_at(at(2026, 3, 10, 13, 0, 30))
    assert events(critical, EventCode.SLA_BREACHED) == ["resolution"]
    # Raised once: another sweep adds nothing.
    sweep_at(at(2026, 3, 10, 13, 5))
    assert events(critical, EventCode.SLA_WARNING) == ["resolution"]
    assert events(critical, EventCode.SLA_BREACHED) == ["resolution"]


def test_it_warns_on_the_first_response_too(critical):
    first = clock(critical, "first_response")
    assert first.due_at == at(2026, 3, 10, 9, 15)
    assert first.warn_at == at(2026, 3, 10, 9, 11, 15)
    sweep_at(at(2026, 3, 10, 9, 12))
    assert events(critical, EventCode.SLA_WARNING) == ["first_response"]


def test_it_names_the_supervisor_as_the_first_escalation_level(load_pack):
    spec = load_pack("ecc").spec
    assert spec["escalation"]["hierarchical"][0] == {
        "level": 1,
        "role": "supervisor",
        "after": "100%",
    }
    alarms = {rule["event"]: rule["to"] for rule in spec["notifications"]}
    assert alarms["sla.warning"] == ["role:supervisor"]
    assert alarms["sla.breached"] == ["role:supervisor"]
    assert spec["sla"]["warning_percent"] == 75
