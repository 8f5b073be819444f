"""enqueue_email: one composed outbox row, written with its cause, Message-ID fixed (N5)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from atiende.notify import outbox
from atiende.notify.models import OutboxMessage, OutboxStatus
from atiende.notify.outbox import enqueue_email

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
SEND_TASK = "atiende.notify.tasks.send_outbox"


def write(**fields) -> OutboxMessage:
    fields.setdefault("to", ["noc@example.com"])
    fields.setdefault("subject", "Maintenance tonight")
    fields.setdefault("text", "The platform restarts at 22:00.")
    fields.setdefault("cause", "test.notice")
    fields.setdefault("now", CURRENT_TIME)
    with transaction.atomic():
        return enqueue_email(**fields)


def test_it_writes_a_pending_row_with_its_message_id_fixed(db, mail_settings):
    row = write(
        html="<p>The platform restarts at 22:00.</p>",
        language="en",
        reply_to="support@example.com",
        in_reply_to="<first@example.com>",
        references=["<first@example.com>"],
        headers={"X-Atiende-Ticket": "INC-000001"},
        idempotency_key="notice:1",
    )

    row.refresh_from_db()
    assert re.fullmatch(r"[0-9a-f]{32}@desk\.example\.com", row.message_id)
    assert (row.status, row.attempts, row.next_attempt_at) == (
        OutboxStatus.PENDING,
        0,
        CURRENT_TIME,
    )
    assert row.created_at == CURRENT_TIME
    assert row.from_address == "Soporte <support@example.com>"
    assert row.to == ["noc@example.com"]
    assert row.in_reply_to == "first@example.com"  # stored without brackets
    assert row.references == ["first@example.com"]
    assert row.headers == {"X-Atiende-Ticket": "INC-000001"}
    assert (row.idempotency_key, row.cause, row.language) == ("notice:1", "test.notice", "en")


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_write_outside_a_transaction(mail_settings):
    with pytest.raises(AssertionError, match=r"inside transaction\.atomic"):
        enqueue_email(to=["noc@example.com"], subject="s", text="t", cause="test.notice")
    assert not OutboxMessage.objects.exists()


def test_it_is_rolled_back_with_its_cause(db, mail_settings):
    class CauseFailed(Exception):
        pass

    with pytest.raises(CauseFailed), transaction.atomic():
        enqueue_email(to=["noc@example.com"], subject="s", text="t", cause="test.notice")
        raise CauseFailed

    assert not OutboxMessage.objects.exists()


def test_it_writes_a_notification_once_per_idempotency_key(db, mail_settings):
    first = write(idempotency_key="ticket:1:stage:diagnosis")
    again = write(idempotency_key="ticket:1:stage:diagnosis", subject="Another subject")

    assert again.pk == first.pk
    assert again.message_id == first.message_id
    assert OutboxMessage.objects.get().subject == "Maintenance tonight"


def test_a_repeated_key_does_not_spoil_the_callers_transaction(db, mail_settings):
    with transaction.atomic():
        enqueue_email(to=["a@example.com"], subject="s", text="t", cause="c", idempotency_key="k")
        enqueue_email(to=["b@example.com"], subject="s", text="t", cause="c", idempotency_key="k")
        later = enqueue_email(to=["c@example.com"], subject="s", text="t", cause="c")

    assert OutboxMessage.objects.count() == 2
    assert OutboxMessage.objects.filter(pk=later.pk).exists()


def test_it_gives_each_message_its_own_message_id(db, mail_settings):
    ids = {write().message_id for _ in range(5)}

    assert len(ids) == 5


def test_it_keeps_the_subject_on_one_line(db, mail_settings):
    assert write(subject="Line one\r\nBcc: victim@example.com").subject == (
        "Line one Bcc: victim@example.com"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"to": []},
        {"to": ["not-an-address"]},
        {"to": ["noc@example.com\r\nBcc: victim@example.com"]},
        {"reply_to": "nobody"},
        {"headers": {"Bcc": "victim@example.com"}},
        {"headers": {"Message-ID": "<mine@example.com>"}},
        {"headers": {"X-Bad Name": "v"}},
        {"headers": {"X-Two-Lines": "a\r\nBcc: victim@example.com"}},
        {"in_reply_to": "no brackets no at"},
        {"references": ["<a@example.com>", "bad id"]},
        {"cause": ""},
    ],
)
def test_it_refuses_what_cannot_be_sent_and_writes_nothing(db, mail_settings, fields):
    with pytest.raises(ValueError):
        write(**fields)

    assert not OutboxMessage.objects.exists()


def test_it_queues_the_send_task_once_when_the_transaction_commits(
    db, mail_settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        write()
        with transaction.atomic():
            for n in range(3):
                enqueue_email(to=[f"n{n}@example.com"], subject="s", text="t", cause="c")
    assert not DBTaskResult.objects.filter(task_path=SEND_TASK).exists()  # not before commit
    assert len(callbacks) == 1  # one for the (test's) transaction, not one per mail


def test_the_commit_queues_the_send_task(db, mail_settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(3):
            enqueue_email(to=[f"m{n}@example.com"], subject="s", text="t", cause="c")

    assert DBTaskResult.objects.filter(task_path=SEND_TASK).count() == 1


def test_a_failing_task_queue_loses_no_mail(db, mail_settings, monkeypatch):
    from atiende.notify import tasks

    class BrokenTask:
        def using(self, **options):
            return self

        def enqueue(self):
            raise RuntimeError("the task queue is down")

    monkeypatch.setattr(tasks, "send_outbox", BrokenTask())

    outbox._kick()  # logged; the periodic run sends the mail

    assert write().status == OutboxStatus.PENDING


def test_it_can_be_due_later(db, mail_settings):
    later = CURRENT_TIME + timedelta(hours=1)

    assert write(now=later).next_attempt_at == later


def test_it_queues_one_send_task_for_many_commits_in_a_short_while(db):
    """Debounce: the task waits KICK_DELAY before it may run, and the commits meanwhile
    (each calls _kick) leave their mail to it, since it starts after them; once its start
    time has passed, the next commit queues a new task."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _commit in range(5):
            outbox._kick()
        [task] = DBTaskResult.objects.filter(task_path=SEND_TASK)
        assert task.run_after == start + outbox.KICK_DELAY
        assert not DBTaskResult.objects.ready().filter(task_path=SEND_TASK).exists()
    with time_machine.travel(start + outbox.KICK_DELAY + timedelta(milliseconds=1), tick=False):
        assert DBTaskResult.objects.ready().filter(task_path=SEND_TASK).count() == 1
        outbox._kick()
    assert DBTaskResult.objects.filter(task_path=SEND_TASK).count() == 2
