"""A Cirion technical case walks the seven stages of the seed through the workflow, each
stage's clock started when its state is entered and met when the next one is (T4, S6); a
stability follow-up that goes over its 6 hours is breached by the sweep."""

import datetime as dt
from datetime import timedelta as span

import pytest
import time_machine

from atiende.sla.sweep import sweep
from atiende.tickets.codes import EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.scenarios.cirion.helpers import at, clock, customer, move, open_case

# A Tuesday morning in Quito.
REPORTED = at(2026, 3, 10, 10, 0)
STAGES = [
    # (state entered, when, stage met by it, stage started by it, its target)
    ("registered", at(2026, 3, 10, 10, 0, 40), "reception", "registration", span(minutes=4)),
    ("diagnosis", at(2026, 3, 10, 10, 3), "registration", "diagnosis", dt.timedelta(minutes=20)),
    ("field_dispatch", at(2026, 3, 10, 10, 15), "diagnosis", "travel", dt.timedelta(hours=3)),
    ("field_repair", at(2026, 3, 10, 12, 45), "travel", "field_repair", dt.timedelta(hours=4)),
    ("verification", at(2026, 3, 10, 15, 30), "field_repair", "verification", span(minutes=10)),
    ("stability", at(2026, 3, 10, 15, 38), "verification", "stability", dt.timedelta(hours=6)),
]


@pytest.fixture
def case(load_pack):
    pack = load_pack("cirion")
    org, requester = customer(pack)
    site = factories.site(org, city="Quito", city_class="main")
    return open_case(REPORTED, org, requester, site=site)


def test_it_starts_reception_when_the_report_arrives(case):
    assert case.state.code == "received"
    assert case.sla_policy.slug == "incident-stages"
    reception = clock(case, "reception")
    assert reception.started_at == REPORTED
    assert reception.due_at == REPORTED + dt.timedelta(minutes=1)
    # Later stages wait for their state.
    for name in ("registration", "diagnosis", "travel", "field_repair", "verification"):
        assert clock(case, name).started_at is None


def test_it_walks_every_stage_on_time(case):
    agent = factories.user("agent")
    ticket = case
    for state, moment, met, started, target in STAGES:
        ticket = move(ticket, state, moment, agent)
        assert ticket.state.code == state
        done = clock(ticket, met)
        assert done.met_at == moment
        assert done.breached_at is None
        running = clock(ticket, started)
        assert running.started_at == moment
        assert running.due_at == moment + target
    ticket = move(ticket, "closing", at(2026, 3, 10, 20, 0), agent)
    assert clock(ticket, "stability").met_at == at(2026, 3, 10, 20, 0)
    assert clock(ticket, "closure").due_at == at(2026, 3, 10, 20, 30)
    ticket = move(ticket, "closed", at(2026, 3, 10, 20, 20), agent)
    assert ticket.state.code == "closed"
    assert clock(ticket, "closure").met_at == at(2026, 3, 10, 20, 20)
    met = HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_MET)
    names = {name for event in met for name in event.data["names"]}
    assert names == {
        "reception",
        "registration",
        "diagnosis",
        "travel",
        "field_repair",
        "verification",
        "stability",
        "closure",
    }
    assert not HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_BREACHED).exists()


def test_it_breaches_a_stability_follow_up_that_goes_over_six_hours(case):
    agent = factories.user("agent")
    ticket = case
    for state, moment, *_ in STAGES:
        ticket = move(ticket, state, moment, agent)
    stability = clock(ticket, "stability")
    assert stability.due_at == at(2026, 3, 10, 21, 38)
    with time_machine.travel(at(2026, 3, 10, 21, 37), tick=False):
        sweep(now=at(2026, 3, 10, 21, 37))
    assert clock(ticket, "stability").breached_at is None
    late = at(2026, 3, 10, 21, 39)
    with time_machine.travel(late, tick=False):
        sweep(now=late)
    stability = clock(ticket, "stability")
    assert stability.breached_at is not None
    assert stability.met_at is None
    breached = HistoryEvent.objects.get(ticket=ticket, code=EventCode.SLA_BREACHED)
    assert breached.data["target"] == "stability"
    # The other stages kept their met times.
    assert clock(ticket, "diagnosis").breached_at is None
    ticket = move(ticket, "closing", at(2026, 3, 10, 22, 0), agent)
    assert clock(ticket, "stability").met_at == at(2026, 3, 10, 22, 0)
    assert clock(ticket, "closure").started_at == at(2026, 3, 10, 22, 0)


def test_it_takes_the_remote_action_plan_without_field_stages(case):
    agent = factories.user("agent")
    ticket = move(case, "registered", at(2026, 3, 10, 10, 0, 30), agent)
    ticket = move(ticket, "diagnosis", at(2026, 3, 10, 10, 2), agent)
    ticket = move(ticket, "action_plan", at(2026, 3, 10, 10, 12), agent)
    assert clock(ticket, "diagnosis").met_at == at(2026, 3, 10, 10, 12)
    ticket = move(ticket, "verification", at(2026, 3, 10, 10, 40), agent)
    assert clock(ticket, "verification").due_at == at(2026, 3, 10, 10, 50)
    ticket = move(ticket, "stability", at(2026, 3, 10, 10, 45), agent)
    assert clock(ticket, "travel").started_at is None
    assert clock(ticket, "field_repair").started_at is None
    assert clock(ticket, "stability").due_at == at(2026, 3, 10, 16, 45)


def test_it_refuses_to_skip_the_diagnosis(case):
    from atiende.core.errors import ActionError

    agent = factories.user("agent")
    ticket = move(case, "registered", at(2026, 3, 10, 10, 0, 30), agent)
    with pytest.raises(ActionError):
        move(ticket, "field_dispatch", at(2026, 3, 10, 10, 1), agent)
    ticket.refresh_from_db()
    assert ticket.state.code == "registered"
