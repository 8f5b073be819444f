"""Writing outgoing mail: the outbox API for every other part of Atiende (N5, C3).

:func:`enqueue_email` writes one :class:`~atiende.notify.models.OutboxMessage`, completely
composed and with its Message-ID fixed, inside the caller's transaction: the mail exists if and
only if its cause was committed, and nothing leaves before the commit. When the transaction
commits, the ``notify.send`` task is queued so that the mail leaves within seconds; the
periodic run every 30 s catches up if that queueing failed.

Threading helpers shared with the inbound side: :data:`SUBJECT_TAG_RE`,
:func:`subject_with_number`, :func:`number_from_subject` and :func:`ticket_thread_headers`
(with :data:`thread_sources` for Message-IDs stored elsewhere). Message-IDs are handled
without angle brackets, as the mail parser returns them; the sender adds the brackets.
"""

import logging
import re
import threading
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from atiende import clock
from atiende.core.statements import insert_row
from atiende.notify.models import OutboxMessage, OutboxStatus

log = logging.getLogger("atiende.notify")

#: ``[INC-000123]`` anywhere in a subject: a case number of any sequence (prefixes are
#: configuration, up to 16 characters). Match case-insensitively; numbers are upper-case.
SUBJECT_TAG_RE = re.compile(r"\[(?P<number>[A-Za-z][A-Za-z0-9]{0,15}-[0-9]{1,18})\]")

#: Headers :func:`enqueue_email` sets itself; callers pass them as arguments instead.
RESERVED_HEADERS = frozenset(
    {"message-id", "in-reply-to", "references", "from", "to", "cc", "bcc", "reply-to",
     "subject", "date", "mime-version", "content-type", "content-transfer-encoding"}
)  # fmt: skip
_HEADER_NAME = re.compile(r"^[!-9;-~]+$")  # RFC 5322 field name: printable ASCII but ':'
_MESSAGE_ID = re.compile(r"^[^\s<>@]+@[^\s<>@]+$")
MAX_REFERENCES = 20

#: Callables ``fn(ticket) -> iterable of (datetime, message_id)`` contributing Message-IDs of
#: a ticket's thread that are stored outside the outbox (e.g. inbound mail). Register once,
#: in an ``AppConfig.ready``.
thread_sources: list[Callable[..., Iterable[tuple[datetime, str]]]] = []


# --- subjects ------------------------------------------------------------------------------


def subject_with_number(ticket, subject: str) -> str:
    """``[INC-000123] subject`` on one line; unchanged if it already carries that tag."""
    subject = " ".join(subject.split())
    for match in SUBJECT_TAG_RE.finditer(subject):
        if match["number"].upper() == ticket.number.upper():
            return subject
    return f"[{ticket.number}] {subject}".rstrip()


def number_from_subject(subject: str) -> str | None:
    """The first case number tagged in ``subject`` (upper-case), or ``None``."""
    match = SUBJECT_TAG_RE.search(subject or "")
    return match["number"].upper() if match else None


# --- Message-IDs and threads ---------------------------------------------------------------


def new_message_id() -> str:
    """A fresh Message-ID (without brackets): ``<uuid>@ATIENDE_MAIL_DOMAIN``."""
    return f"{uuid.uuid4().hex}@{settings.ATIENDE_MAIL_DOMAIN}"


def normalise_message_id(value: str) -> str:
    """``<id@host>`` or ``id@host`` → ``id@host``; ValueError for anything else."""
    bare = (value or "").strip().removeprefix("<").removesuffix(">").strip()
    if not _MESSAGE_ID.match(bare) or len(bare) > 250:
        raise ValueError(f"not a Message-ID: {value!r}")
    return bare


def ticket_thread_headers(ticket, extra_message_ids: Iterable[str] = ()) -> tuple[str, list[str]]:
    """``(in_reply_to, references)`` for a new mail in ``ticket``'s thread.

    The thread is the ticket's outbox messages (failed ones never reached anybody and are left
    out), what :data:`thread_sources` contribute, oldest first, then ``extra_message_ids`` (taken
    as the newest, e.g. the inbound message being answered). ``in_reply_to`` is the newest id;
    ``references`` keeps the first and the latest ones, at most :data:`MAX_REFERENCES`.
    """
    dated: list[tuple[datetime, str]] = list(
        OutboxMessage.objects.filter(ticket=ticket)
        .exclude(status=OutboxStatus.FAILED)
        .order_by("created_at", "id")
        .values_list("created_at", "message_id")
    )
    for source in thread_sources:
        dated.extend(source(ticket))
    dated.sort(key=lambda item: item[0])  # stable: equal times keep their order
    ids: list[str] = []
    for candidate in [message_id for _at, message_id in dated] + list(extra_message_ids):
        try:
            bare = normalise_message_id(candidate)
        except ValueError:
            continue
        if bare not in ids:
            ids.append(bare)
    if not ids:
        return "", []
    if len(ids) > MAX_REFERENCES:
        ids = [ids[0], *ids[-(MAX_REFERENCES - 1) :]]
    return ids[-1], ids


# --- addresses -----------------------------------------------------------------------------


def is_mailable(address: str) -> bool:
    """True when ``address`` is a single e-mail address we can send to."""
    try:
        validate_email(address or "")
    except ValidationError:
        return False
    return True


def _checked_addresses(addresses: Iterable[str], name: str) -> list[str]:
    checked: list[str] = []
    for value in addresses:
        _display, bare = parseaddr(value or "")
        if not is_mailable(bare) or any(ch in value for ch in "\r\n"):
            raise ValueError(f"{name}: not an e-mail address: {value!r}")
        if value not in checked:
            checked.append(value)
    return checked


def _checked_headers(headers: dict[str, str] | None) -> dict[str, str]:
    checked: dict[str, str] = {}
    for name, value in (headers or {}).items():
        if not _HEADER_NAME.match(name) or name.lower() in RESERVED_HEADERS:
            raise ValueError(f"header {name!r} cannot be set here")
        text = str(value)
        if "\r" in text or "\n" in text:
            raise ValueError(f"header {name!r} must be one line")
        checked[name] = text
    return checked


# --- writing -------------------------------------------------------------------------------


def enqueue_email(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str = "",
    ticket=None,
    cause: str,
    language: str = "es",
    in_reply_to: str = "",
    references: Iterable[str] = (),
    reply_to: str = "",
    headers: dict[str, str] | None = None,
    idempotency_key: str | None = None,
    key_is_new: bool = False,
    attachment_ids: Iterable[int] = (),
    for_contact: int | None = None,
    now: datetime | None = None,
) -> OutboxMessage:
    """Write one outgoing e-mail into the outbox; call inside the transaction of its cause.

    ``idempotency_key`` names the notification (default: a fresh one): a second call with a
    key already written writes nothing and returns the row that has it; ``key_is_new`` says
    the key names something created in the current transaction (a new ticket's
    acknowledgement), so no row can have it yet and no savepoint guards the insert (a
    duplicate would then fail the whole transaction, loudly). ``attachment_ids``
    are ids of ``tickets.Attachment`` rows, read from storage when the mail is sent.
    ``for_contact``: an acknowledgement's requester (a contact id), counted by the intake's
    hourly limit of automatic replies. Raises
    ValueError for an unusable address, header or Message-ID (check addresses that come
    from data with :func:`is_mailable` first).
    """
    assert transaction.get_connection().in_atomic_block, (
        "enqueue_email must run inside transaction.atomic(): the mail is written with its cause"
    )
    now = now or clock.now()
    recipients = _checked_addresses(to, "to")
    if not recipients:
        raise ValueError("to: give at least one recipient")
    if reply_to:
        _checked_addresses([reply_to], "reply_to")
    if not cause or len(cause) > 64:
        raise ValueError("cause: a short code such as 'ticket.acknowledgement'")
    message_id = new_message_id()
    row = OutboxMessage(
        idempotency_key=idempotency_key or f"{cause}:{message_id}",
        message_id=message_id,
        cause=cause,
        ticket=ticket,
        language=language,
        from_address=settings.ATIENDE_MAIL_FROM,
        to=recipients,
        reply_to=reply_to,
        subject=" ".join(subject.split()),
        text=text,
        html=html,
        in_reply_to=normalise_message_id(in_reply_to) if in_reply_to else "",
        references=[normalise_message_id(value) for value in references],
        headers=_checked_headers(headers),
        attachment_ids=[int(pk) for pk in attachment_ids],
        for_contact=for_contact,
        status=OutboxStatus.PENDING,
        next_attempt_at=now,
        created_at=now,
    )
    if key_is_new and idempotency_key:
        insert_row(row)  # row.save(force_insert=True) as one plain INSERT
        kick_sender_on_commit()
        return row
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        existing = OutboxMessage.objects.filter(idempotency_key=row.idempotency_key).first()
        if existing is None:
            raise
        return existing
    kick_sender_on_commit()
    return row


def kick_sender_on_commit() -> None:
    """Queue the send task once when the current transaction commits."""
    pending = getattr(transaction.get_connection(), "run_on_commit", [])
    if any(len(entry) > 1 and entry[1] is _kick for entry in pending):
        return
    transaction.on_commit(_kick, robust=True)


#: How long a queued send task waits before it may run: mail committed meanwhile (in this
#: process) is left to that task instead of queueing one task per transaction.
KICK_DELAY = timedelta(milliseconds=500)
_kick_lock = threading.Lock()
_queued_until: list[datetime | None] = [None]  # ``run_after`` of the last task queued here


def _kick() -> None:
    """Queue ``notify.send`` to run ``KICK_DELAY`` from now, unless a task this process queued
    has not reached its start time yet: that one starts after this commit and sends its mail.

    Times are the real time (``timezone.now``), as the workers compare them; a worker on
    another machine whose clock runs ahead may start a task early and miss the newest mail,
    which the periodic run then sends (within 30 s).
    """
    from atiende.notify.tasks import send_outbox

    now = timezone.now()
    with _kick_lock:
        queued = _queued_until[0]
        if queued is not None and queued > now:
            return
        run_after = now + KICK_DELAY
        _queued_until[0] = run_after
    try:
        send_outbox.using(run_after=run_after).enqueue()
    except Exception:
        _queued_until[0] = None
        # Nothing is lost: the periodic notify.send run picks the mail up within 30 s.
        log.exception("could not queue notify.send; the periodic run will send the mail")


def forget_queued_kick() -> None:
    """Forget the task queued last (tests, whose transactions roll that row back)."""
    _queued_until[0] = None
