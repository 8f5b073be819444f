"""Two sweeps at once on PostgreSQL raise every breach exactly once (SKIP LOCKED)."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection

from atiende.sla import hooks
from atiende.sla.models import Clock
from atiende.sla.sweep import sweep
from atiende.tickets.codes import EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.concurrency import drain_in_threads
from tests.sla import configs

CURRENT_TIME = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
TICKETS = 60

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks are exercised on PostgreSQL (run with DATABASE_URL)",
)


@pytest.mark.django_db(transaction=True)
def test_it_raises_each_breach_once_with_two_concurrent_sweeps(monkeypatch):
    configs.policy("fr", targets=[configs.target("first_response", 10, warning_percent=0)])
    with time_machine.travel(CURRENT_TIME, tick=False):
        org = factories.organisation()
        requester = factories.contact(org)
        for _ in range(TICKETS):
            factories.ticket(org, requester=requester)
    announced: list[int] = []
    lock = threading.Lock()

    def record(clock, *, now):
        with lock:
            announced.append(clock.pk)

    monkeypatch.setattr(hooks, "on_breach", [record])
    later = CURRENT_TIME + dt.timedelta(hours=1)
    handled = drain_in_threads(lambda: sweep(now=later, limit=7))

    assert sum(handled) == TICKETS
    assert sorted(announced) == sorted(Clock.objects.values_list("pk", flat=True))
    assert HistoryEvent.objects.filter(code=EventCode.SLA_BREACHED).count() == TICKETS
    assert Clock.objects.filter(breached_at=later, next_check_at=None).count() == TICKETS


@pytest.mark.django_db(transaction=True)
def test_it_skips_a_ticket_locked_by_an_action_and_takes_it_next_time():
    from django.db import transaction

    from atiende.tickets.models import Ticket

    configs.policy("fr", targets=[configs.target("first_response", 10, warning_percent=0)])
    with time_machine.travel(CURRENT_TIME, tick=False):
        busy, free = factories.ticket(), factories.ticket()
    later = CURRENT_TIME + dt.timedelta(hours=1)
    locked, release = threading.Event(), threading.Event()

    def hold_the_ticket():
        from django.db import connection as own_connection

        try:
            with transaction.atomic():
                Ticket.objects.select_for_update().get(pk=busy.pk)  # as the actions do
                locked.set()
                release.wait(timeout=30)
        finally:
            own_connection.close()

    holder = threading.Thread(target=hold_the_ticket)
    holder.start()
    try:
        assert locked.wait(timeout=30)
        assert sweep(now=later) == 1  # only the free ticket; no waiting on the busy one
        assert Clock.objects.get(ticket=free).breached_at == later
        assert Clock.objects.get(ticket=busy).breached_at is None
    finally:
        release.set()
        holder.join()
    assert sweep(now=later) == 1
    assert Clock.objects.get(ticket=busy).breached_at == later
