"""S7: "Las averías deben ser atendidas en un plazo no mayor a veinte y cuatro (24) horas,
luego del reporte por parte del Cliente": real time, nights, weekends and holidays included."""

import pytest
import time_machine

from atiende.sla.sweep import sweep
from atiende.tickets.codes import EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.scenarios.movilnet.helpers import account, at, clock, move, report

# Wednesday 23 December 2026 at 18:00: Christmas Eve and Christmas are Venezuelan holidays, the
# 24 hours run through them.
REPORTED = at(2026, 12, 23, 18, 0)


@pytest.fixture
def fault(load_pack):
    org, requester = account(load_pack("movilnet"))
    return report(REPORTED, org, requester)


def test_it_gives_the_fault_24_hours(fault):
    assert fault.state.code == "reported"
    assert fault.priority == "puntual"
    assert fault.sla_policy.slug == "puntual"
    attention = clock(fault, "attention")
    assert attention.started_at == REPORTED
    assert attention.due_at == at(2026, 12, 24, 18, 0)


def test_it_is_attended_when_the_customer_is_sent_to_the_installation_centre(fault):
    agent = factories.user("agent")
    ticket = move(fault, "csm_attention", at(2026, 12, 23, 18, 20), agent)
    ticket = move(ticket, "installation_centre", at(2026, 12, 24, 9, 0), agent)
    attention = clock(ticket, "attention")
    assert attention.met_at == at(2026, 12, 24, 9, 0)
    assert attention.breached_at is None


def test_it_breaches_a_fault_not_attended_within_24_hours(fault):
    before = at(2026, 12, 24, 17, 59)
    with time_machine.travel(before, tick=False):
        sweep(now=before)
    assert clock(fault, "attention").breached_at is None
    after = at(2026, 12, 24, 18, 1)
    with time_machine.travel(after, tick=False):
        sweep(now=after)
    attention = clock(fault, "attention")
    assert attention.breached_at == after
    breached = HistoryEvent.objects.get(ticket=fault, code=EventCode.SLA_BREACHED)
    assert breached.data["target"] == "attention"
    # Solving it later meets the target late; the breach stays.
    agent = factories.user("agent")
    ticket = move(fault, "csm_attention", at(2026, 12, 25, 8, 0), agent)
    ticket = move(ticket, "resolved", at(2026, 12, 25, 9, 0), agent)
    attention = clock(ticket, "attention")
    assert attention.met_at == at(2026, 12, 25, 9, 0)
    assert attention.breached_at == after
