"""Planning clocks: first response and resolution, recurring updates (S8), stages (S6),
resolution and reopening."""

import datetime as dt

import pytest
import time_machine

from atiende.sla.models import Clock, EndReason, MeetEvent, StartEvent
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent, State, Transition, Workflow
from tests import factories
from tests.sla import configs

CURRENT_TIME = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


def _clock(ticket, name, cycle=1):
    return Clock.objects.get(ticket=ticket, name=name, cycle=cycle)


def _events(ticket, code):
    return list(HistoryEvent.objects.filter(ticket=ticket, code=code).order_by("id"))


@pytest.fixture
def agent(db):
    return factories.user("agent")


@pytest.fixture
def standard(db):
    """24×7: first response 30 min, resolution 4 h."""
    return configs.policy(
        "standard",
        targets=[configs.target("first_response", 30), configs.target("resolution", 240)],
    )


def test_it_plans_first_response_and_resolution_at_opening(standard):
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket()
    first, resolution = _clock(ticket, "first_response"), _clock(ticket, "resolution")
    assert first.started_at == CURRENT_TIME
    assert first.due_at == CURRENT_TIME + 30 * MINUTE
    assert first.warn_at == CURRENT_TIME + 24 * MINUTE  # 80 %
    assert first.next_check_at == first.warn_at
    assert resolution.due_at == CURRENT_TIME + 240 * MINUTE
    ticket.refresh_from_db()
    assert ticket.next_due_at == first.due_at


def test_it_meets_resolution_on_resolving_and_stops_what_is_no_longer_owed(standard, agent):
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket()
    with time_machine.travel(CURRENT_TIME + 90 * MINUTE, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="resolved")
    resolution, first = _clock(ticket, "resolution"), _clock(ticket, "first_response")
    assert resolution.met_at == CURRENT_TIME + 90 * MINUTE
    assert resolution.end_reason == EndReason.RESOLUTION
    assert resolution.business_time_used == 90 * MINUTE
    assert resolution.breached_at is None
    # The first response was owed for 30 min and never given: breached when it stops.
    assert first.stopped_at == CURRENT_TIME + 90 * MINUTE
    assert first.breached_at == CURRENT_TIME + 90 * MINUTE
    ticket.refresh_from_db()
    assert ticket.next_due_at is None
    assert _events(ticket, EventCode.SLA_MET)[0].data["names"] == ["resolution"]
    assert _events(ticket, EventCode.SLA_STOPPED)[0].data["names"] == ["first_response"]
    assert _events(ticket, EventCode.SLA_BREACHED)[0].data["target"] == "first_response"


def test_it_resumes_the_resolution_clock_when_the_ticket_reopens(standard, agent):
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket()
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Looking into it.")
    with time_machine.travel(CURRENT_TIME + 60 * MINUTE, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="resolved")
    with time_machine.travel(CURRENT_TIME + 180 * MINUTE, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="open")
    resolution = _clock(ticket, "resolution")
    assert resolution.is_open
    # 60 min used before resolving; the 120 resolved minutes do not count.
    assert resolution.due_at == CURRENT_TIME + (240 + 120) * MINUTE
    assert resolution.pauses[-1]["reason"] == "resolution"
    assert _clock(ticket, "first_response").end_reason == EndReason.AGENT_REPLY  # stays met
    ticket.refresh_from_db()
    assert ticket.next_due_at == resolution.due_at


@pytest.fixture
def major(db):
    """S8: while a high incident is open, an update every 30 min."""
    return configs.policy(
        "major",
        targets=[
            configs.target("first_response", 10),
            configs.target("update", 30),
            configs.target("resolution", 240),
        ],
    )


def test_it_starts_a_new_update_cycle_with_each_agent_reply(major, agent):
    customer = factories.user("customer")
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket(customer.organisation, requester=customer.contact)
    assert _clock(ticket, "update").due_at == CURRENT_TIME + 30 * MINUTE
    with time_machine.travel(CURRENT_TIME + 20 * MINUTE, tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="We are on it.")
    first_cycle = _clock(ticket, "update", 1)
    assert first_cycle.met_at == CURRENT_TIME + 20 * MINUTE
    second = _clock(ticket, "update", 2)
    assert second.started_at == CURRENT_TIME + 20 * MINUTE
    assert second.due_at == CURRENT_TIME + 50 * MINUTE
    with time_machine.travel(CURRENT_TIME + 30 * MINUTE, tick=False):
        actions.reply(ticket, actor=customer, channel=Channel.PORTAL, text="Any news?")
        actions.add_note(ticket, actor=agent, channel=Channel.WEB, text="Trunk 4 is down.")
    assert _clock(ticket, "update", 2).is_open  # neither meets an update
    with time_machine.travel(CURRENT_TIME + 45 * MINUTE, tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Trunk 4 replaced.")
    assert _clock(ticket, "update", 2).met_at == CURRENT_TIME + 45 * MINUTE
    assert _clock(ticket, "update", 3).due_at == CURRENT_TIME + 75 * MINUTE
    assert _clock(ticket, "first_response").met_at == CURRENT_TIME + 20 * MINUTE
    ticket.refresh_from_db()
    assert ticket.next_due_at == CURRENT_TIME + 75 * MINUTE
    with time_machine.travel(CURRENT_TIME + 60 * MINUTE, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="resolved")
    third = _clock(ticket, "update", 3)
    assert third.stopped_at == CURRENT_TIME + 60 * MINUTE
    assert not Clock.objects.filter(ticket=ticket, name="update", cycle=4).exists()


def test_it_does_not_start_another_cycle_when_replying_to_a_resolved_ticket(major, agent):
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket()
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="resolved")
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Solved: trunk replaced.")
    assert list(Clock.objects.filter(ticket=ticket, name="update").values_list("cycle")) == [(1,)]


@pytest.fixture
def staged(db):
    """Cirion-like stages (S6) on a workflow with diagnosis and field states."""
    flow = Workflow.objects.get(slug="default")
    states = {s.code: s for s in State.objects.filter(workflow=flow)}
    for position, (code, category) in enumerate(
        [("diagnosis", "open"), ("dispatched", "open"), ("on_site", "open")], start=10
    ):
        states[code] = State.objects.create(
            workflow=flow, code=code, category=category, position=position
        )
    for source, target in [
        ("open", "diagnosis"),
        ("diagnosis", "dispatched"),
        ("dispatched", "on_site"),
        ("on_site", "resolved"),
    ]:
        Transition.objects.create(workflow=flow, source=states[source], target=states[target])
    return configs.policy(
        "stages",
        targets=[
            configs.target("reception", 1, meets_on=MeetEvent.AGENT_REPLY),
            configs.target(
                "diagnosis", 20, starts_on=StartEvent.PREVIOUS_MET, meet_states=["dispatched"]
            ),
            configs.target(
                "travel",
                180,
                starts_on=StartEvent.STATE,
                start_states=["dispatched"],
                meet_states=["on_site"],
            ),
            configs.target(
                "field_repair", 240, starts_on=StartEvent.PREVIOUS_MET, meet_states=["resolved"]
            ),
        ],
    )


def test_it_runs_stages_one_after_another(staged, agent):
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket()
    assert _clock(ticket, "diagnosis").started_at is None
    assert _clock(ticket, "diagnosis").due_at is None
    with time_machine.travel(CURRENT_TIME + 1 * MINUTE, tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Received.")
    diagnosis = _clock(ticket, "diagnosis")
    assert diagnosis.started_at == CURRENT_TIME + 1 * MINUTE
    assert diagnosis.due_at == CURRENT_TIME + 21 * MINUTE
    with time_machine.travel(CURRENT_TIME + 2 * MINUTE, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="diagnosis")
    with time_machine.travel(CURRENT_TIME + 15 * MINUTE, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="dispatched")
    assert _clock(ticket, "diagnosis").met_at == CURRENT_TIME + 15 * MINUTE
    travel = _clock(ticket, "travel")
    assert travel.started_at == CURRENT_TIME + 15 * MINUTE
    assert travel.due_at == CURRENT_TIME + 195 * MINUTE
    assert _clock(ticket, "field_repair").started_at is None
    with time_machine.travel(CURRENT_TIME + 135 * MINUTE, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="on_site")
    repair = _clock(ticket, "field_repair")
    assert _clock(ticket, "travel").met_at == CURRENT_TIME + 135 * MINUTE
    assert repair.started_at == CURRENT_TIME + 135 * MINUTE
    with time_machine.travel(CURRENT_TIME + 300 * MINUTE, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="resolved")
    assert _clock(ticket, "field_repair").met_at == CURRENT_TIME + 300 * MINUTE
    assert _clock(ticket, "field_repair").end_reason == EndReason.STATE
    started = [e.data["names"] for e in _events(ticket, EventCode.SLA_STARTED)]
    assert started == [["diagnosis"], ["travel"], ["field_repair"]]


def test_it_stops_every_clock_on_closing(standard, agent):
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket()
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="On it.")
    with time_machine.travel(CURRENT_TIME + 10 * MINUTE, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="resolved")
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="closed")
    assert not Clock.objects.filter(ticket=ticket, met_at=None, stopped_at=None).exists()
    assert Clock.objects.filter(ticket=ticket, next_check_at__isnull=False).count() == 0
