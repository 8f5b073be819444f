"""Sending the outbox over SMTP: claim a batch, send each row once, record the outcome (N5).

:func:`send_batch` is one unit of work (tests call it directly; the ``notify.send`` task loops
over it):

1. **Claim** up to ``limit`` due rows in one short transaction: pending rows whose next attempt
   has come, and rows left *sending* by a sender whose lease ran out (it died). PostgreSQL
   selects them with ``SELECT … FOR UPDATE SKIP LOCKED`` so concurrent senders take different
   rows; on SQLite writers are serialised (transactions begin IMMEDIATE). A conditional UPDATE
   then marks them *sending* with this batch's token and a lease, and counts the attempt.
2. **Send** each claimed row through Django's mail backend (``get_connection()``, configured
   from ``ATIENDE_SMTP_*``), one connection per batch, outside any transaction.
3. **Record** the outcome with an UPDATE conditional on the token: *sent*; or, for a temporary
   problem (connection refused, timeout, 4xx), *pending* again after an exponential back-off
   (1, 2, 4 … minutes, at most 1 h); or *failed* at once for a permanent refusal (5xx) and
   after ``GIVE_UP_AFTER`` (24 h) or ``MAX_ATTEMPTS``. A failure writes ``mail.failed`` on
   the ticket's history.

A row is sent twice only if the process dies after the server accepted the mail and before
step 3 (or stalls past its lease): the row is then claimed again when the lease ends and sent
with the **same Message-ID**, so the receiver can drop the copy. A sender stops taking new
rows of its batch once half the lease has passed and gives the rest back.
"""

import contextlib
import logging
import smtplib
import time
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F

from atiende import clock
from atiende.notify.models import WAITING, OutboxMessage, OutboxStatus
from atiende.tickets import history
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import Attachment

log = logging.getLogger("atiende.notify")

BATCH = 50
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(hours=24)
MAX_ATTEMPTS = 50
LEASE_MIN = timedelta(minutes=10)
ERROR_MAX = 1000
monotonic = time.monotonic  # the batch's own stopwatch (tests replace it)


class DeliveryError(Exception):
    """Why a mail was not delivered, and whether trying again can help."""

    def __init__(self, message: str, *, permanent: bool):
        super().__init__(message)
        self.permanent = permanent


def _decode(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def classify(exc: BaseException) -> DeliveryError:
    """A 5xx reply is permanent; connection problems, timeouts and 4xx are temporary."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = exc.recipients or {}
        codes = [code for code, _text in refused.values()]
        detail = "; ".join(
            f"{address}: {code} {_decode(text)}" for address, (code, text) in refused.items()
        )
        permanent = bool(codes) and all(500 <= code < 600 for code in codes)
        return DeliveryError(f"recipients refused: {detail}", permanent=permanent)
    if isinstance(exc, smtplib.SMTPResponseException):
        code = exc.smtp_code
        return DeliveryError(f"{code} {_decode(exc.smtp_error)}", permanent=500 <= code < 600)
    return DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False)


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4 … minutes, at most 1 h."""
    exponent = min(max(attempts - 1, 0), 20)
    return min(BACKOFF_FIRST * (2**exponent), BACKOFF_MAX)


def lease() -> timedelta:
    """How long a claimed batch is ours: long enough for a batch of slow SMTP exchanges."""
    return max(LEASE_MIN, timedelta(seconds=20 * float(settings.EMAIL_TIMEOUT or 60)))


# --- claiming ------------------------------------------------------------------------------


def claim(*, now: datetime, limit: int, token: str, until: datetime) -> list[OutboxMessage]:
    """Mark up to ``limit`` due rows as being sent by ``token`` until ``until``; return them."""
    with transaction.atomic():
        due = OutboxMessage.objects.filter(status__in=WAITING, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "id"
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        OutboxMessage.objects.filter(
            pk__in=ids, status__in=WAITING, next_attempt_at__lte=now
        ).update(
            status=OutboxStatus.SENDING,
            claim_token=token,
            next_attempt_at=until,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
        )
    return list(
        OutboxMessage.objects.filter(pk__in=ids, claim_token=token, status=OutboxStatus.SENDING)
        .select_related("ticket")
        .order_by("id")
    )


def _mine(row: OutboxMessage, token: str):
    return OutboxMessage.objects.filter(pk=row.pk, claim_token=token, status=OutboxStatus.SENDING)


# --- recording outcomes --------------------------------------------------------------------


def mark_sent(row: OutboxMessage, token: str, now: datetime) -> None:
    updated = _mine(row, token).update(
        status=OutboxStatus.SENT, sent_at=now, claim_token="", last_error=""
    )
    if not updated:
        log.warning("outbox %s was sent but its lease had ended meanwhile", row.message_id)


def retry_later(row: OutboxMessage, token: str, now: datetime, error: str) -> None:
    """A temporary failure: try again after the back-off, or give up after 24 h."""
    next_at = now + backoff(row.attempts)
    if row.attempts >= MAX_ATTEMPTS or next_at > row.created_at + GIVE_UP_AFTER:
        fail(row, token, now, f"gave up after {row.attempts} attempts: {error}")
        return
    _mine(row, token).update(
        status=OutboxStatus.PENDING,
        next_attempt_at=next_at,
        claim_token="",
        last_error=error[:ERROR_MAX],
    )


def fail(row: OutboxMessage, token: str, now: datetime, error: str) -> None:
    """A permanent failure: the row is *failed* and the ticket's history says so."""
    error = error[:ERROR_MAX]
    with transaction.atomic():
        updated = _mine(row, token).update(
            status=OutboxStatus.FAILED, failed_at=now, claim_token="", last_error=error
        )
        if updated and row.ticket is not None:
            history.record(
                row.ticket,
                EventCode.MAIL_FAILED,
                actor=None,
                channel=Channel.SYSTEM,
                at=now,
                to=", ".join(row.to),
                subject=row.subject,
                cause=row.cause,
                message_id=row.message_id,
                attempts=row.attempts,
                error=error,
            )
    log.warning("outbox %s failed for good: %s", row.message_id, error)


def release(rows: list[OutboxMessage], token: str, now: datetime) -> None:
    """Give claimed rows back untried (the batch ran out of lease)."""
    OutboxMessage.objects.filter(
        pk__in=[row.pk for row in rows], claim_token=token, status=OutboxStatus.SENDING
    ).update(
        status=OutboxStatus.PENDING,
        next_attempt_at=now,
        claim_token="",
        attempts=F("attempts") - 1,
    )


# --- composing -----------------------------------------------------------------------------


def _bracketed(message_id: str) -> str:
    return f"<{message_id}>"


def build(row: OutboxMessage, attachments: dict[int, Attachment]) -> EmailMultiAlternatives:
    """The e-mail exactly as the row describes it, Message-ID included."""
    headers = {"Message-ID": _bracketed(row.message_id), **row.headers}
    if row.in_reply_to:
        headers["In-Reply-To"] = _bracketed(row.in_reply_to)
    if row.references:
        headers["References"] = " ".join(_bracketed(value) for value in row.references)
    email = EmailMultiAlternatives(
        subject=row.subject,
        body=row.text,
        from_email=row.from_address,
        to=list(row.to),
        reply_to=[row.reply_to] if row.reply_to else None,
        headers=headers,
    )
    if row.html:
        email.attach_alternative(row.html, "text/html")
    for pk in row.attachment_ids:
        attachment = attachments.get(pk)
        if attachment is None:
            continue  # deleted together with its ticket meanwhile
        with attachment.file.open("rb") as handle:
            email.attach(attachment.filename, handle.read(), attachment.content_type)
    email.message()  # compose now: a header that cannot be written fails here, not mid-SMTP
    return email


def _attachments_of(rows: list[OutboxMessage]) -> dict[int, Attachment]:
    wanted = {pk for row in rows for pk in row.attachment_ids}
    if not wanted:
        return {}
    return Attachment.objects.in_bulk(wanted)


def _close(smtp) -> None:
    with contextlib.suppress(Exception):  # the connection is dropped either way
        smtp.close()


# --- one unit of work ----------------------------------------------------------------------


def send_batch(now: datetime | None = None, limit: int = BATCH) -> int:
    """Claim and send one batch of due mail; return how many rows were handled (0: none due)."""
    now = now or clock.now()
    duration = lease()
    token = uuid.uuid4().hex
    rows = claim(now=now, limit=limit, token=token, until=now + duration)
    if not rows:
        return 0
    attachments = _attachments_of(rows)
    started = monotonic()
    smtp = None
    try:
        for index, row in enumerate(rows):
            if monotonic() - started > duration.total_seconds() / 2:
                release(rows[index:], token, now)
                break
            try:
                email = build(row, attachments)
            except (ValueError, UnicodeError, OSError) as exc:
                fail(row, token, now, f"cannot compose the message: {exc}")
                continue
            if smtp is None:
                try:
                    smtp = get_connection(fail_silently=False)
                    smtp.open()
                except Exception as exc:
                    # The server cannot be reached or refuses us: not the fault of any one
                    # message, so every remaining row waits for its back-off.
                    error = classify(exc)
                    log.warning("cannot connect to the SMTP server: %s", error)
                    for waiting in rows[index:]:
                        retry_later(waiting, token, now, f"connection: {error}")
                    smtp = None
                    break
            try:
                smtp.send_messages([email])
            except Exception as exc:
                error = classify(exc)
                _close(smtp)
                smtp = None
                if error.permanent:
                    fail(row, token, now, str(error))
                else:
                    retry_later(row, token, now, str(error))
                continue
            mark_sent(row, token, now)
    finally:
        if smtp is not None:
            _close(smtp)
    return len(rows)


def send_until_done(now: datetime | None = None, *, max_batches: int = 20) -> int:
    """Send batch after batch until nothing is due (bounded); return the rows handled."""
    now = now or clock.now()
    total = 0
    for _ in range(max_batches):
        handled = send_batch(now=now)
        total += handled
        if handled == 0:
            break
    return total
