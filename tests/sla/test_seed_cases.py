"""Seed cases with frozen time: WeKall's holiday weekend (S1, S5) and Aldeamo's plans and
e-mail hours (S1, S2, S3, C5)."""

import datetime as dt

import pytest
import time_machine

from atiende.sla import queries
from atiende.sla.models import Clock
from atiende.tickets.codes import Channel, EventCode, Kind
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.sla import configs
from tests.sla.configs import BOGOTA

# Friday before Monday 2026-11-16, a Colombian public holiday (Independence of Cartagena).
FRIDAY_1730 = dt.datetime(2026, 11, 13, 17, 30, tzinfo=BOGOTA)
# A Wednesday night.
WEDNESDAY_2300 = dt.datetime(2026, 3, 4, 23, 0, tzinfo=BOGOTA)


@pytest.fixture
def wekall(db):
    hours = configs.calendar(configs.WEKALL_HOURS, slug="wekall")
    return configs.policy(
        "wekall-incident-urgent",
        targets=[configs.target("first_response", 60, calendar=hours)],
        rules=[{"kinds": [Kind.INCIDENT], "priorities": ["urgent"]}],
    )


def test_it_plans_an_urgent_incident_over_a_holiday_weekend(wekall):
    org = factories.organisation()
    with time_machine.travel(FRIDAY_1730, tick=False):
        ticket = factories.ticket(org, urgency="high", impact="organisation")
    ticket.refresh_from_db()
    assert ticket.priority == "urgent"
    assert ticket.sla_policy == wekall
    clock = Clock.objects.get(ticket=ticket, name="first_response")
    # 30 min on Friday until 18:00, Monday is a holiday, 30 min more on Tuesday from 07:30.
    expected = dt.datetime(2026, 11, 17, 8, 0, tzinfo=BOGOTA)
    assert clock.due_at == expected
    assert clock.started_at == FRIDAY_1730
    assert ticket.next_due_at == expected
    planned = HistoryEvent.objects.get(ticket=ticket, code=EventCode.SLA_PLANNED)
    assert planned.data["policy"] == "wekall-incident-urgent"
    steps = queries.explain_clock(ticket, "first_response", language="en")
    assert steps[-1].end == expected
    assert any(step.holiday for step in steps)


@pytest.fixture
def aldeamo(db):
    configs.use_priorities("high", "medium", "low")
    conventional = configs.calendar(configs.ALDEAMO_CONVENTIONAL, slug="aldeamo-conventional")
    vip = configs.calendar(configs.ALDEAMO_VIP, slug="aldeamo-vip")
    email = configs.calendar(configs.ALDEAMO_EMAIL, slug="aldeamo-email")
    configs.policy(
        "aldeamo-vip-medium",
        targets=[configs.target("first_response", 120, calendar=vip)],
        rules=[{"kinds": [Kind.INCIDENT], "priorities": ["medium"], "plans": ["vip"]}],
    )
    configs.policy(
        "aldeamo-conventional-medium",
        targets=[configs.target("first_response", 120, calendar=conventional)],
        rules=[{"kinds": [Kind.INCIDENT], "priorities": ["medium"], "plans": ["conventional"]}],
        channel_hours={Channel.EMAIL: email},
    )


@pytest.mark.parametrize(
    ("plan", "due", "left_at_0800"),
    [
        # VIP: 7×24, the clock runs through the night.
        ("vip", dt.datetime(2026, 3, 5, 1, 0, tzinfo=BOGOTA), -7 * 3600.0),
        # Conventional: 07:00–21:00 ∩ e-mail 08:00–20:00 — the clock starts at 08:00.
        ("conventional", dt.datetime(2026, 3, 5, 10, 0, tzinfo=BOGOTA), 2 * 3600.0),
    ],
)
def test_it_runs_a_medium_email_incident_on_the_plan_and_channel_hours(
    aldeamo, plan, due, left_at_0800
):
    org = factories.organisation(plan=plan)
    agent = factories.user("agent")
    with time_machine.travel(WEDNESDAY_2300, tick=False):
        ticket = factories.ticket(org, priority="medium", channel=Channel.EMAIL)
    clock = Clock.objects.get(ticket=ticket, name="first_response")
    assert clock.due_at == due
    eight = dt.datetime(2026, 3, 5, 8, 0, tzinfo=BOGOTA)
    (view,) = queries.clocks_for(ticket, agent, now=eight)
    assert view.remaining_seconds == left_at_0800
    if plan == "conventional":
        (view,) = queries.clocks_for(ticket, agent, now=eight - dt.timedelta(minutes=1))
        assert view.remaining_seconds == 2 * 3600.0  # nothing counted before 08:00
