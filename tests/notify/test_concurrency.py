"""Two senders at once on PostgreSQL never send a row twice (SKIP LOCKED claims, N5)."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from atiende.notify.models import OutboxMessage, OutboxStatus
from atiende.notify.outbox import enqueue_email
from atiende.notify.sender import send_batch
from tests.concurrency import drain_in_threads

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
MESSAGES = 120

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks are exercised on PostgreSQL (run with DATABASE_URL)",
)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_senders_send_each_row_once(smtp):
    with transaction.atomic():
        for n in range(MESSAGES):
            enqueue_email(
                to=[f"contact{n}@example.com"],
                subject=f"Notice {n}",
                text="Maintenance tonight.",
                cause="test.notice",
                now=CURRENT_TIME,
            )
    handled = drain_in_threads(lambda: send_batch(now=CURRENT_TIME, limit=7))

    assert sum(handled) == MESSAGES
    delivered = smtp.by_message_id()
    assert len(delivered) == MESSAGES
    assert set(delivered.values()) == {1}
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT, attempts=1).count() == MESSAGES


@pytest.mark.django_db(transaction=True)
def test_a_sender_skips_rows_another_sender_is_claiming(smtp):
    with transaction.atomic():
        for n in range(3):
            enqueue_email(to=["noc@example.com"], subject=f"N{n}", text="t", cause="test",
                          now=CURRENT_TIME)  # fmt: skip
    first = OutboxMessage.objects.order_by("id").first()
    locked, release = threading.Event(), threading.Event()

    def hold_the_first_row():
        from django.db import connection as own_connection

        try:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update().get(pk=first.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            own_connection.close()

    holder = threading.Thread(target=hold_the_first_row)
    holder.start()
    try:
        assert locked.wait(timeout=30)
        assert send_batch(now=CURRENT_TIME) == 2  # no waiting on the locked row
    finally:
        release.set()
        holder.join()
    assert send_batch(now=CURRENT_TIME) == 1
    assert set(smtp.by_message_id().values()) == {1}
    assert len(smtp.messages) == 3
