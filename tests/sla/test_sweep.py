"""The sweep raises each warning and each breach exactly once (S8, S10) and reads only the
clocks that are due."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atiende.core.scheduler import registered_jobs
from atiende.sla import hooks, tasks
from atiende.sla.models import Clock
from atiende.sla.sweep import sweep, sweep_until_done
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.sla import configs

CURRENT_TIME = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def announced(monkeypatch):
    seen = []
    monkeypatch.setattr(
        hooks, "on_warning", [lambda clock, *, now: seen.append(("warning", clock.name, now))]
    )
    monkeypatch.setattr(
        hooks, "on_breach", [lambda clock, *, now: seen.append(("breach", clock.name, now))]
    )
    return seen


@pytest.fixture
def ticket(db):
    configs.policy(
        "fr",
        targets=[configs.target("first_response", 60), configs.target("resolution", 600)],
    )
    with time_machine.travel(CURRENT_TIME, tick=False):
        return factories.ticket()


def _codes(ticket):
    return list(
        HistoryEvent.objects.filter(ticket=ticket, code__startswith="sla.")
        .exclude(code=EventCode.SLA_PLANNED)
        .order_by("id")
        .values_list("code", "data__target")
    )


def test_it_raises_a_warning_then_a_breach_once_each(ticket, announced):
    assert sweep(now=CURRENT_TIME + 47 * MINUTE) == 0
    assert sweep(now=CURRENT_TIME + 48 * MINUTE) == 1  # 80 % of 60 min
    assert sweep(now=CURRENT_TIME + 49 * MINUTE) == 0
    clock = Clock.objects.get(ticket=ticket, name="first_response")
    assert clock.warned_at == CURRENT_TIME + 48 * MINUTE
    assert clock.next_check_at == clock.due_at
    assert sweep(now=CURRENT_TIME + 60 * MINUTE) == 1
    assert sweep(now=CURRENT_TIME + 61 * MINUTE) == 0
    clock.refresh_from_db()
    assert clock.breached_at == CURRENT_TIME + 60 * MINUTE
    assert clock.next_check_at is None
    assert _codes(ticket) == [
        (EventCode.SLA_WARNING, "first_response"),
        (EventCode.SLA_BREACHED, "first_response"),
    ]
    assert announced == [
        ("warning", "first_response", CURRENT_TIME + 48 * MINUTE),
        ("breach", "first_response", CURRENT_TIME + 60 * MINUTE),
    ]
    event = HistoryEvent.objects.get(ticket=ticket, code=EventCode.SLA_BREACHED)
    assert event.channel == Channel.SYSTEM
    assert event.actor is None
    assert event.data["due"] == (CURRENT_TIME + 60 * MINUTE).isoformat()


def test_it_folds_a_late_warning_into_the_breach(ticket, announced):
    assert sweep_until_done(now=CURRENT_TIME + 9 * 60 * MINUTE) == 2  # both warned/breached
    assert sweep_until_done(now=CURRENT_TIME + 9 * 60 * MINUTE) == 0
    first = Clock.objects.get(ticket=ticket, name="first_response")
    assert first.warned_at == first.breached_at == CURRENT_TIME + 9 * 60 * MINUTE
    assert sorted(announced) == [
        ("breach", "first_response", CURRENT_TIME + 540 * MINUTE),
        ("warning", "resolution", CURRENT_TIME + 540 * MINUTE),
    ]


def test_it_leaves_met_clocks_alone(ticket, announced):
    agent = factories.user("agent")
    with time_machine.travel(CURRENT_TIME + 10 * MINUTE, tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="On it.")
    assert sweep(now=CURRENT_TIME + 70 * MINUTE) == 0
    assert announced == []


def test_it_handles_due_clocks_in_batches(db, announced):
    configs.policy("fr", targets=[configs.target("first_response", 1, warning_percent=0)])
    with time_machine.travel(CURRENT_TIME, tick=False):
        tickets = [factories.ticket() for _ in range(5)]
    assert sweep(now=CURRENT_TIME + 2 * MINUTE, limit=2) == 2
    assert sweep(now=CURRENT_TIME + 2 * MINUTE, limit=2) == 2
    assert sweep(now=CURRENT_TIME + 2 * MINUTE, limit=2) == 1
    assert sweep(now=CURRENT_TIME + 2 * MINUTE, limit=2) == 0
    assert len(announced) == 5
    assert Clock.objects.filter(ticket__in=tickets, breached_at__isnull=False).count() == 5


def test_its_cost_does_not_grow_with_the_clocks_not_due(db):
    configs.policy("fr", targets=[configs.target("first_response", 60)])
    configs.policy(
        "slow",
        targets=[configs.target("first_response", 6000)],
        rules=[{"priorities": ["low"], "position": 0}],
    )
    with time_machine.travel(CURRENT_TIME, tick=False):
        factories.ticket()

    def measure():
        with CaptureQueriesContext(connection) as queries:
            assert sweep(now=CURRENT_TIME + 61 * MINUTE) == 1
        Clock.objects.update(breached_at=None, warned_at=None, next_check_at=None)
        Clock.objects.filter(minutes=60).update(next_check_at=CURRENT_TIME)
        return queries

    few = measure()
    with time_machine.travel(CURRENT_TIME, tick=False):
        for _ in range(30):
            factories.ticket(priority="low")
    many = measure()
    assert len(few) == len(many)
    selects = [q["sql"] for q in many.captured_queries if q["sql"].startswith("SELECT")]
    assert "next_check_at" in selects[0]


def test_it_is_a_periodic_task_every_minute(ticket):
    (job,) = [job for job in registered_jobs() if job.name == "sla.sweep"]
    assert job.every == dt.timedelta(minutes=1)
    assert job.task is tasks.sweep
    with time_machine.travel(CURRENT_TIME + 61 * MINUTE, tick=False):
        assert tasks.sweep.call() == 1
    assert Clock.objects.get(ticket=ticket, name="first_response").breached_at is not None
