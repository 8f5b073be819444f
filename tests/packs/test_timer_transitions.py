"""T4: timed transitions, e.g. resolved → closed 48 hours after resolution, applied by the
periodic job through the ticket actions, once, whoever runs it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from atiende.packs import timers
from atiende.tickets import actions
from atiende.tickets.codes import EventCode
from atiende.tickets.models import HistoryEvent, Transition
from tests import factories
from tests.packs.runtime_support import customer, load, open_ticket

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
CURRENT_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=BOGOTA)


def resolved_ticket():
    agent = factories.user("agent")
    ticket = open_ticket(customer(load().pack), kind="incident", priority="low")
    return actions.transition(ticket, actor=agent, channel="web", state="resolved"), agent


def test_it_closes_a_resolved_ticket_48_hours_later(time_machine):
    time_machine.move_to(CURRENT_TIME, tick=False)
    ticket, _agent = resolved_ticket()

    time_machine.shift(timedelta(hours=47, minutes=59))
    early = timers.apply_due(datetime.now(tz=BOGOTA))
    time_machine.shift(timedelta(minutes=1))
    moved = timers.apply_due(datetime.now(tz=BOGOTA))

    ticket.refresh_from_db()
    assert (early, moved) == (0, 1)
    assert ticket.state.code == "closed"
    assert ticket.closed_at == CURRENT_TIME + timedelta(hours=48)
    event = HistoryEvent.objects.filter(ticket=ticket, code=EventCode.STATE_CHANGED).last()
    assert event.data["new"] == "closed" and event.data["reason"] == "timer"
    assert event.channel == "system" and event.actor is None


def test_it_counts_from_the_last_entry_into_the_state(time_machine):
    time_machine.move_to(CURRENT_TIME, tick=False)
    ticket, agent = resolved_ticket()
    time_machine.shift(timedelta(hours=40))
    ticket = actions.reply(ticket, actor=None, channel="email", text="Still failing",
                           author_contact=ticket.requester).ticket  # fmt: skip
    ticket.refresh_from_db()
    assert ticket.state.code == "open"
    actions.transition(ticket, actor=agent, channel="web", state="resolved")

    time_machine.shift(timedelta(hours=40))
    assert timers.apply_due(datetime.now(tz=BOGOTA)) == 0
    time_machine.shift(timedelta(hours=8))
    assert timers.apply_due(datetime.now(tz=BOGOTA)) == 1


def test_it_moves_a_ticket_once_when_two_workers_run_the_same_transition(time_machine):
    time_machine.move_to(CURRENT_TIME, tick=False)
    ticket, _agent = resolved_ticket()
    transition = Transition.objects.get(workflow=ticket.workflow, trigger="timer")
    time_machine.shift(timedelta(hours=48))
    now = datetime.now(tz=BOGOTA)

    first = timers.apply_one(ticket.pk, transition, now)
    second = timers.apply_one(ticket.pk, transition, now)

    assert (first, second) == (True, False)
    assert HistoryEvent.objects.filter(ticket=ticket, data__new="closed").count() == 1


def test_it_is_a_periodic_job_of_the_scheduler():
    from atiende.core.scheduler import registered_jobs

    assert "packs.timers" in [job.name for job in registered_jobs()]
