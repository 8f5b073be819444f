"""S12: the clock stops while the ticket waits on the customer and resumes when they answer;
the due time is re-planned exactly, the pause kept and explained."""

import datetime as dt

import pytest
import time_machine

from atiende.businesstime import Calendar, StepKind
from atiende.sla import queries
from atiende.sla.models import Clock
from atiende.sla.sweep import sweep
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent, State, Transition, Workflow
from tests import factories
from tests.sla import configs
from tests.sla.configs import BOGOTA

MONDAY_0900 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=BOGOTA)
MONDAY_1000 = dt.datetime(2026, 11, 23, 10, 0, tzinfo=BOGOTA)
TUESDAY_0900 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=BOGOTA)


@pytest.fixture
def setup(db):
    hours = configs.calendar(configs.WEKALL_HOURS)
    configs.policy(
        "business-hours",
        targets=[
            configs.target("resolution", 480, calendar=hours),
            configs.target("reception", 5, pause_states=[], meets_on="agent_reply"),
        ],
    )
    customer = factories.user("customer")
    agent = factories.user("agent")
    with time_machine.travel(MONDAY_0900, tick=False):
        ticket = factories.ticket(customer.organisation, requester=customer.contact)
    return ticket, customer, agent, hours


def test_it_pauses_while_pending_and_replans_exactly_on_resume(setup):
    ticket, customer, agent, hours = setup
    with time_machine.travel(MONDAY_0900 + dt.timedelta(minutes=1), tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Send us the log, please.")
    with time_machine.travel(MONDAY_1000, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="pending")
    paused = Clock.objects.get(ticket=ticket, name="resolution")
    assert paused.paused_since == MONDAY_1000
    assert paused.pause_reason == "pending"
    assert paused.due_at is None
    assert paused.next_check_at is None
    assert paused.business_time_used == dt.timedelta(hours=1)
    ticket.refresh_from_db()
    assert ticket.next_due_at is None  # nothing is running
    event = HistoryEvent.objects.get(ticket=ticket, code=EventCode.SLA_PAUSED)
    assert event.data == {"targets": "resolution", "names": ["resolution"], "state": "pending"}

    # The customer answers the next morning: the ticket reopens and the clock resumes (S12).
    with time_machine.travel(TUESDAY_0900, tick=False):
        actions.reply(ticket, actor=customer, channel=Channel.PORTAL, text="Here is the log.")
    resumed = Clock.objects.get(ticket=ticket, name="resolution")
    assert resumed.paused_since is None
    assert resumed.pauses == [
        {
            "from": "2026-11-23T15:00:00+00:00",
            "to": "2026-11-24T14:00:00+00:00",
            "reason": "pending",
        }
    ]
    # 1 h on Monday, 3 h 30 and 3 h 30 on Tuesday: 8 business hours at 17:30.
    expected = dt.datetime(2026, 11, 24, 17, 30, tzinfo=BOGOTA)
    assert resumed.due_at == expected
    assert resumed.due_at == Calendar.from_spec(hours.spec).add(
        MONDAY_0900, 480, [(MONDAY_1000, TUESDAY_0900)]
    )
    ticket.refresh_from_db()
    assert ticket.next_due_at == expected
    assert HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_RESUMED).count() == 1
    steps = queries.explain_clock(ticket, "resolution", language="en")
    assert any(step.kind is StepKind.PAUSE for step in steps)
    assert steps[-1].end == expected


def test_it_keeps_counting_targets_that_do_not_pause(setup):
    ticket, _customer, agent, _hours = setup
    with time_machine.travel(MONDAY_0900 + dt.timedelta(minutes=1), tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="pending")
    reception = Clock.objects.get(ticket=ticket, name="reception")
    assert reception.paused_since is None
    assert reception.due_at == MONDAY_0900 + dt.timedelta(minutes=5)
    ticket.refresh_from_db()
    assert ticket.next_due_at == reception.due_at


def test_it_shows_a_paused_clock_with_the_time_left(setup):
    ticket, _customer, agent, _hours = setup
    with time_machine.travel(MONDAY_1000, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="pending")
    views = {v.name: v for v in queries.clocks_for(ticket, agent, now=TUESDAY_0900)}
    assert views["resolution"].state == "paused"
    assert views["resolution"].paused
    assert views["resolution"].remaining_seconds == 7 * 3600
    assert views["resolution"].due_at is None


def test_it_does_not_sweep_a_paused_clock(setup):
    ticket, _customer, agent, _hours = setup
    with time_machine.travel(MONDAY_1000, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="pending")
    sweep(now=MONDAY_0900 + dt.timedelta(days=30))
    resolution = Clock.objects.get(ticket=ticket, name="resolution")
    assert resolution.warned_at is None
    assert resolution.breached_at is None


def test_it_pauses_on_a_state_named_by_code(db):
    flow = Workflow.objects.get(slug="default")
    opened = State.objects.get(workflow=flow, code="open")
    vendor = State.objects.create(workflow=flow, code="waiting_vendor", category="open")
    Transition.objects.create(workflow=flow, source=opened, target=vendor)
    Transition.objects.create(workflow=flow, source=vendor, target=opened)
    configs.policy(
        "vendor-pauses",
        targets=[configs.target("resolution", 60, pause_states=["pending", "waiting_vendor"])],
    )
    agent = factories.user("agent")
    start = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        ticket = factories.ticket()
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="open")
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="waiting_vendor")
    with time_machine.travel(start + dt.timedelta(minutes=40), tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="open")
    clock = Clock.objects.get(ticket=ticket)
    assert clock.due_at == start + dt.timedelta(minutes=90)
    assert clock.pauses[0]["reason"] == "waiting_vendor"
