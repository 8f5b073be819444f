"""T3: a change of priority re-plans the SLA and says why in the history."""

import datetime as dt

import pytest
import time_machine

from atiende.sla.models import Clock, EndReason
from atiende.sla.sweep import sweep
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode, Kind
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.sla import configs

CURRENT_TIME = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


def _clock(ticket, name):
    return Clock.objects.filter(ticket=ticket, name=name).order_by("-cycle").first()


def _replanned(ticket):
    return list(HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_REPLANNED))


@pytest.fixture
def policies(db):
    urgent = configs.policy(
        "urgent",
        targets=[
            configs.target("first_response", 60),
            configs.target("update", 30),
            configs.target("resolution", 480),
        ],
        rules=[{"kinds": [Kind.INCIDENT], "priorities": ["urgent"], "position": 1}],
    )
    normal = configs.policy(
        "normal",
        targets=[configs.target("first_response", 600), configs.target("resolution", 2400)],
        rules=[{"kinds": [Kind.INCIDENT], "position": 2}],
    )
    return urgent, normal


@pytest.fixture
def agent(db):
    return factories.user("agent")


def test_it_replans_from_the_original_start_when_the_priority_drops(policies, agent):
    urgent, normal = policies
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket(priority="urgent")
    assert ticket.sla_policy == urgent
    with time_machine.travel(CURRENT_TIME + 10 * MINUTE, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="pending")
    with time_machine.travel(CURRENT_TIME + 20 * MINUTE, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="open")
    with time_machine.travel(CURRENT_TIME + 30 * MINUTE, tick=False):
        actions.change_priority(ticket, actor=agent, channel=Channel.WEB, priority="normal")
    ticket.refresh_from_db()
    assert ticket.sla_policy == normal
    first = _clock(ticket, "first_response")
    # From the creation, skipping the 10 pending minutes.
    assert first.started_at == CURRENT_TIME
    assert first.minutes == 600
    assert first.target.policy == normal
    assert first.due_at == CURRENT_TIME + 610 * MINUTE
    assert _clock(ticket, "resolution").due_at == CURRENT_TIME + 2410 * MINUTE
    update = _clock(ticket, "update")
    assert update.stopped_at == CURRENT_TIME + 30 * MINUTE
    assert update.end_reason == EndReason.REPLANNED
    assert ticket.next_due_at == first.due_at
    (event,) = _replanned(ticket)
    assert event.data["reason"] == "priority"
    assert (event.data["old_policy"], event.data["new_policy"]) == ("urgent", "normal")
    changes = {change["target"]: change for change in event.data["changes"]}
    assert changes["first_response"]["old_due"] == (CURRENT_TIME + 70 * MINUTE).isoformat()
    assert changes["first_response"]["new_due"] == (CURRENT_TIME + 610 * MINUTE).isoformat()
    assert changes["update"]["new_due"] is None
    priority_event = HistoryEvent.objects.get(ticket=ticket, code=EventCode.PRIORITY_CHANGED)
    assert priority_event.id < event.id  # the cause comes first


def test_it_clears_a_breach_the_new_plan_no_longer_has(policies, agent):
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket(priority="urgent")
    sweep(now=CURRENT_TIME + 61 * MINUTE)
    assert _clock(ticket, "first_response").breached_at is not None
    with time_machine.travel(CURRENT_TIME + 90 * MINUTE, tick=False):
        actions.change_priority(ticket, actor=agent, channel=Channel.WEB, priority="normal")
    first = _clock(ticket, "first_response")
    assert first.breached_at is None
    assert first.warned_at is None
    assert first.next_check_at == CURRENT_TIME + 480 * MINUTE  # 80 % of 600


def test_it_adds_the_targets_of_a_stricter_policy(policies, agent):
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket(priority="normal")
    assert not Clock.objects.filter(ticket=ticket, name="update").exists()
    with time_machine.travel(CURRENT_TIME + 120 * MINUTE, tick=False):
        actions.change_priority(ticket, actor=agent, channel=Channel.WEB, priority="urgent")
    first = _clock(ticket, "first_response")
    assert first.due_at == CURRENT_TIME + 60 * MINUTE  # already overdue: the sweep breaches it
    assert first.next_check_at <= CURRENT_TIME + 120 * MINUTE
    update = _clock(ticket, "update")
    assert update.started_at == CURRENT_TIME + 120 * MINUTE
    assert update.due_at == CURRENT_TIME + 150 * MINUTE
    assert sweep(now=CURRENT_TIME + 121 * MINUTE) == 1
    assert _clock(ticket, "first_response").breached_at == CURRENT_TIME + 121 * MINUTE


def test_it_meets_a_new_first_response_target_already_answered(policies, agent):
    configs.policy(
        "answered-later",
        targets=[configs.target("resolution", 100)],
        rules=[{"kinds": [Kind.INCIDENT], "priorities": ["low"], "position": 0}],
    )
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket(priority="low")
    with time_machine.travel(CURRENT_TIME + 5 * MINUTE, tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="On it.")
    with time_machine.travel(CURRENT_TIME + 9 * MINUTE, tick=False):
        actions.change_priority(ticket, actor=agent, channel=Channel.WEB, priority="normal")
    first = _clock(ticket, "first_response")
    assert first.met_at == CURRENT_TIME + 5 * MINUTE
    assert first.breached_at is None


def test_it_writes_no_event_when_nothing_changes(policies, agent):
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket(priority="normal")
        actions.change_priority(ticket, actor=agent, channel=Channel.WEB, priority="high")
    ticket.refresh_from_db()
    assert ticket.priority == "high"
    assert _replanned(ticket) == []  # same policy, same due times


def test_it_stops_every_clock_when_no_policy_applies_any_more(policies, agent):
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket(priority="urgent")
    policies[1].rules.update(is_active=False)
    with time_machine.travel(CURRENT_TIME + 5 * MINUTE, tick=False):
        actions.change_priority(ticket, actor=agent, channel=Channel.WEB, priority="low")
    ticket.refresh_from_db()
    assert ticket.sla_policy is None
    assert ticket.next_due_at is None
    assert not Clock.objects.filter(ticket=ticket, met_at=None, stopped_at=None).exists()
    assert HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_NO_POLICY).count() == 1
    assert _replanned(ticket)[0].data["new_policy"] is None
