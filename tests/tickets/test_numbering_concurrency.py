"""T1 under concurrent creation: every number unique, none skipped, none reused."""

import pytest
from django.db import connection

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
