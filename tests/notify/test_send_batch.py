"""send_batch: each row sent once, retried with back-off, failed for good on 5xx (N5)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction

from atiende.notify import sender
from atiende.notify.models import OutboxMessage, OutboxStatus
from atiende.notify.outbox import enqueue_email
from atiende.notify.queries import failed_mail_of
from atiende.notify.sender import backoff, send_batch
from atiende.tickets import history
from atiende.tickets.codes import Channel, EventCode
from tests import factories

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def ticket(db, mail_settings):
    org = factories.organisation(language="en")
    requester = factories.contact(org, email="noc@example.com", language="en")
    return factories.ticket(org, requester=requester, channel=Channel.PORTAL, now=CURRENT_TIME)


def row_of(ticket) -> OutboxMessage:
    return OutboxMessage.objects.get(ticket=ticket)


def notice(to="noc@example.com", now=CURRENT_TIME, **fields) -> OutboxMessage:
    with transaction.atomic():
        return enqueue_email(
            to=[to], subject="Notice", text="Text", cause="test", now=now, **fields
        )


def test_the_back_off_doubles_from_one_minute_up_to_an_hour():
    assert [backoff(n) for n in range(1, 10)] == [
        MINUTE * m for m in (1, 2, 4, 8, 16, 32, 60, 60, 60)
    ]
    assert backoff(500) == 60 * MINUTE


def test_it_sends_nothing_that_is_not_due(smtp, ticket):
    assert send_batch(now=CURRENT_TIME - timedelta(seconds=1)) == 0
    assert smtp.messages == []
    assert row_of(ticket).status == OutboxStatus.PENDING


def test_it_sends_a_row_once(smtp, ticket):
    assert send_batch(now=CURRENT_TIME) == 1
    assert send_batch(now=CURRENT_TIME + timedelta(days=2)) == 0

    assert len(smtp.messages) == 1
    row = row_of(ticket)
    assert (row.status, row.attempts, row.claim_token, row.last_error) == ("sent", 1, "", "")


def test_it_sends_a_batch_of_at_most_limit_rows_oldest_first(smtp, db, mail_settings):
    rows = [notice(now=CURRENT_TIME + n * MINUTE) for n in range(5)]
    later = CURRENT_TIME + timedelta(hours=1)

    assert send_batch(now=later, limit=3) == 3
    assert [r.message_id for r in smtp.messages] == [f"<{r.message_id}>" for r in rows[:3]]
    assert send_batch(now=later, limit=3) == 2
    assert send_batch(now=later, limit=3) == 0


def test_it_retries_with_back_off_while_the_server_is_down(smtp, ticket):
    smtp.stop()  # connection refused
    moment = CURRENT_TIME
    for attempt, wait in enumerate((1, 2, 4, 8, 16, 32, 60, 60), start=1):
        assert send_batch(now=moment) == 1
        row = row_of(ticket)
        assert (row.status, row.attempts) == (OutboxStatus.PENDING, attempt)
        assert row.next_attempt_at == moment + wait * MINUTE
        assert row.last_attempt_at == moment
        assert "connection" in row.last_error and "Connection" in row.last_error
        assert send_batch(now=row.next_attempt_at - timedelta(seconds=1)) == 0  # not earlier
        moment = row.next_attempt_at

    smtp.start()
    assert send_batch(now=moment) == 1

    [received] = smtp.messages
    row = row_of(ticket)
    assert received.message_id == f"<{row.message_id}>"  # the id fixed before the first try
    assert (row.status, row.attempts, row.sent_at) == (OutboxStatus.SENT, 9, moment)
    assert not ticket.history.filter(code=EventCode.MAIL_FAILED).exists()


def test_it_retries_a_temporary_refusal(smtp, ticket):
    smtp.recorder.data_reply = "451 4.3.0 Try again later"

    send_batch(now=CURRENT_TIME)

    row = row_of(ticket)
    assert (row.status, row.attempts, row.next_attempt_at) == (
        OutboxStatus.PENDING,
        1,
        CURRENT_TIME + MINUTE,
    )
    assert row.last_error.startswith("451 4.3.0 Try again later")
    smtp.recorder.data_reply = None
    send_batch(now=CURRENT_TIME + MINUTE)
    assert smtp.by_message_id() == {f"<{row.message_id}>": 1}


def test_it_fails_at_once_when_the_recipient_is_refused_for_good(smtp, ticket):
    smtp.recorder.refuse_recipients["noc@example.com"] = "550 5.1.1 No such user here"

    assert send_batch(now=CURRENT_TIME) == 1

    row = row_of(ticket)
    assert (row.status, row.attempts, row.failed_at) == (OutboxStatus.FAILED, 1, CURRENT_TIME)
    assert "550" in row.last_error and "No such user" in row.last_error
    event = ticket.history.get(code=EventCode.MAIL_FAILED)
    assert (event.actor, event.channel, event.created_at) == (None, Channel.SYSTEM, CURRENT_TIME)
    assert event.data["to"] == "noc@example.com"
    assert event.data["message_id"] == row.message_id
    assert event.data["cause"] == "ticket.acknowledgement"
    assert "550" in event.data["error"]
    assert history.render(event, "en").startswith(
        "E-mail to noc@example.com could not be delivered"
    )
    assert list(failed_mail_of(ticket)) == [row]
    assert send_batch(now=CURRENT_TIME + timedelta(days=1)) == 0  # never tried again
    assert smtp.messages == []


def test_it_fails_at_once_when_the_message_is_refused_for_good(smtp, ticket):
    smtp.recorder.data_reply = "554 5.6.0 Message content rejected"

    send_batch(now=CURRENT_TIME)

    row = row_of(ticket)
    assert row.status == OutboxStatus.FAILED
    assert row.last_error.startswith("554 5.6.0")
    assert ticket.history.filter(code=EventCode.MAIL_FAILED).count() == 1


def test_it_gives_up_after_a_day_of_temporary_failures(smtp, ticket):
    smtp.stop()
    moment, attempts = CURRENT_TIME, 0
    while row_of(ticket).status == OutboxStatus.PENDING:
        assert send_batch(now=moment) == 1
        attempts += 1
        moment = row_of(ticket).next_attempt_at

    row = row_of(ticket)
    # Tries at 0, 1, 3, 7, 15, 31, 63 minutes, then hourly while the next try is within 24 h.
    assert attempts == row.attempts == 29
    assert row.status == OutboxStatus.FAILED
    assert row.failed_at == CURRENT_TIME + timedelta(minutes=63 + 22 * 60)
    assert row.failed_at < row.created_at + timedelta(hours=24)
    assert row.last_error.startswith("gave up after 29 attempts: connection:")
    event = ticket.history.get(code=EventCode.MAIL_FAILED)
    assert event.data["attempts"] == 29


def test_it_gives_up_after_the_maximum_number_of_attempts(smtp, ticket, monkeypatch):
    monkeypatch.setattr(sender, "MAX_ATTEMPTS", 3)
    smtp.stop()
    moment = CURRENT_TIME
    for _ in range(3):
        send_batch(now=moment)
        moment = row_of(ticket).next_attempt_at

    row = row_of(ticket)
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 3)


def test_a_row_claimed_by_a_sender_that_died_is_sent_when_its_lease_ends(smtp, ticket):
    lease = sender.lease()
    claimed = sender.claim(now=CURRENT_TIME, limit=10, token="dead", until=CURRENT_TIME + lease)
    assert [r.pk for r in claimed] == [row_of(ticket).pk]

    assert send_batch(now=CURRENT_TIME + lease - timedelta(seconds=1)) == 0  # still leased
    assert send_batch(now=CURRENT_TIME + lease) == 1

    row = row_of(ticket)
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)
    assert smtp.by_message_id() == {f"<{row.message_id}>": 1}


def test_a_crash_after_the_server_accepted_resends_with_the_same_message_id(
    smtp, ticket, monkeypatch
):
    """The documented at-least-once edge: the copy carries the same Message-ID."""
    monkeypatch.setattr(sender, "mark_sent", lambda row, token, now: None)  # died right here
    send_batch(now=CURRENT_TIME)
    assert row_of(ticket).status == OutboxStatus.SENDING
    monkeypatch.undo()

    send_batch(now=CURRENT_TIME + sender.lease())

    row = row_of(ticket)
    assert row.status == OutboxStatus.SENT
    assert smtp.by_message_id() == {f"<{row.message_id}>": 2}


def test_a_late_outcome_of_a_sender_that_lost_its_lease_changes_nothing(smtp, ticket):
    [stale] = sender.claim(now=CURRENT_TIME, limit=1, token="slow", until=CURRENT_TIME)
    send_batch(now=CURRENT_TIME)  # the lease has ended: another sender takes the row
    assert row_of(ticket).status == OutboxStatus.SENT

    sender.retry_later(stale, "slow", CURRENT_TIME, "timed out")
    sender.fail(stale, "slow", CURRENT_TIME, "refused")

    row = row_of(ticket)
    assert (row.status, row.last_error) == (OutboxStatus.SENT, "")
    assert not ticket.history.filter(code=EventCode.MAIL_FAILED).exists()


def test_it_gives_back_the_rest_of_a_batch_when_its_lease_runs_short(
    smtp, db, mail_settings, monkeypatch
):
    rows = [notice() for _ in range(3)]
    ticks = iter([0.0, 0.0, 10_000.0])
    monkeypatch.setattr(sender, "monotonic", lambda: next(ticks))

    assert send_batch(now=CURRENT_TIME) == 3

    statuses = [OutboxMessage.objects.get(pk=r.pk) for r in rows]
    assert [(r.status, r.attempts) for r in statuses] == [
        (OutboxStatus.SENT, 1),
        (OutboxStatus.PENDING, 0),
        (OutboxStatus.PENDING, 0),
    ]
    assert all(r.next_attempt_at == CURRENT_TIME and r.claim_token == "" for r in statuses[1:])


def test_one_refused_message_does_not_hold_up_the_others(smtp, db, mail_settings):
    smtp.recorder.refuse_recipients["gone@example.com"] = "550 5.1.1 No such user"
    first, refused, last = notice("a@example.com"), notice("gone@example.com"), notice()

    assert send_batch(now=CURRENT_TIME) == 3

    status = {r.pk: r.status for r in OutboxMessage.objects.all()}
    assert status == {first.pk: "sent", refused.pk: "failed", last.pk: "sent"}
    assert len(smtp.messages) == 2


def test_a_message_that_cannot_be_composed_fails_for_good(smtp, db, mail_settings):
    row = notice()
    OutboxMessage.objects.filter(pk=row.pk).update(headers={"X-Broken": "a\nb"})

    send_batch(now=CURRENT_TIME)

    row.refresh_from_db()
    assert row.status == OutboxStatus.FAILED
    assert row.last_error.startswith("cannot compose the message")
    assert smtp.messages == []
