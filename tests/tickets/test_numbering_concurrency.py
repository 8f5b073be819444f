"""T1 under concurrent creation: every number unique, none skipped, none reused."""

import threading

import pytest
from django.db import connection, transaction

from atiende.sla import hooks as sla_hooks
from atiende.tickets.models import Ticket
from tests import factories
from tests.concurrency import run_in_threads

THREADS = 8
PER_THREAD = 15


@pytest.mark.django_db(transaction=True)
def test_it_gives_unique_consecutive_numbers_to_concurrent_creators():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent creation is exercised on PostgreSQL (run with DATABASE_URL)")
    org = factories.organisation()
    requester = factories.contact(org)

    def create_many(_index, barrier):
        barrier.wait()
        for _ in range(PER_THREAD):
            factories.ticket(org, requester=requester)

    run_in_threads(create_many, THREADS)

    numbers = sorted(Ticket.objects.values_list("number", flat=True))
    assert len(numbers) == THREADS * PER_THREAD
    assert numbers == [f"INC-{n:06d}" for n in range(1, THREADS * PER_THREAD + 1)]


@pytest.mark.django_db(transaction=True)
def test_it_does_not_make_a_creator_wait_for_another_creation_in_progress(monkeypatch):
    """The sequence row is locked only by the last statement of a creation (T1): a creation
    stopped half-way (here in its SLA planning) does not hold up another one of the same kind."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are exercised on PostgreSQL")
    org = factories.organisation()
    requester = factories.contact(org)
    second_done = threading.Event()
    real_ticket_opened = sla_hooks.ticket_opened

    def slow_ticket_opened(ticket, **kwargs):
        if ticket.subject == "first":
            assert second_done.wait(timeout=20), "the second creation waited for the first"
        real_ticket_opened(ticket, **kwargs)

    monkeypatch.setattr(sla_hooks, "ticket_opened", slow_ticket_opened)

    def create(index, barrier):
        if index == 0:
            barrier.wait()
            factories.ticket(org, requester=requester, subject="first")
        else:
            barrier.wait()
            factories.ticket(org, requester=requester, subject="second")
            second_done.set()

    run_in_threads(create, 2)

    numbers = dict(Ticket.objects.values_list("subject", "number"))
    # Numbers follow the order of the commits: the second creation committed first.
    assert numbers == {"second": "INC-000001", "first": "INC-000002"}


@pytest.mark.django_db(transaction=True)
def test_it_gives_the_number_back_when_the_creation_rolls_back():
    org = factories.organisation()
    requester = factories.contact(org)
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.ticket(org, requester=requester)
        raise RuntimeError("the caller's transaction fails after the ticket was opened")
    ticket = factories.ticket(org, requester=requester)
    assert ticket.number == "INC-000001"
    assert list(Ticket.objects.values_list("number", flat=True)) == ["INC-000001"]
