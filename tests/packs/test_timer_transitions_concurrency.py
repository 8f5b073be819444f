"""T4: two workers applying the timed transitions at once on PostgreSQL move each ticket once
(SKIP LOCKED, and the condition read again under the lock)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from atiende.packs import timers
from atiende.tickets import actions
from atiende.tickets.models import HistoryEvent, Ticket
from tests import factories
from tests.concurrency import run_in_threads
from tests.packs.runtime_support import customer, load, open_ticket

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks are exercised on PostgreSQL (run with DATABASE_URL)",
)

BOGOTA = ZoneInfo("America/Bogota")
CURRENT_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=BOGOTA)
TICKETS = 30


@pytest.mark.django_db(transaction=True)
def test_it_closes_each_ticket_once_with_two_workers():
    with time_machine.travel(CURRENT_TIME, tick=False):
        org = customer(load().pack)
        agent = factories.user("agent")
        for _ in range(TICKETS):
            ticket = open_ticket(org, kind="incident", priority="low")
            actions.transition(ticket, actor=agent, channel="web", state="resolved")
    later = CURRENT_TIME + timedelta(hours=49)
    moved: list[int] = []

    def work(_index, barrier):
        barrier.wait()
        moved.append(timers.apply_due(later))

    run_in_threads(work, 2)

    assert sum(moved) == TICKETS
    assert Ticket.objects.filter(state__code="closed").count() == TICKETS
    closing = HistoryEvent.objects.filter(data__new="closed", data__reason="timer")
    assert closing.count() == TICKETS
