"""Raw first: store a message exactly as it arrived, before anything reads it further.

``store_raw`` writes one :class:`InboundMessage` row in its own transaction and returns it
with ``created=False`` when the same message is already stored: same IMAP UID (mailbox +
UIDVALIDITY + UID) or same Message-ID and content hash. The content hash covers what the
sender wrote (originator headers and body), not the trace headers each delivery adds, so a
message that reaches us by two paths (redelivered by the MTA, fetched again after the
folder's UIDVALIDITY changed, imported from a backup) is still recognised.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy as email_policy
from email.parser import BytesHeaderParser

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from atiende import clock
from atiende.channels.mail.models import InboundMessage, Mailbox
from atiende.channels.mail.parse import headers as header_tools

# Headers written by the sender (or its mail client): the identity of the message.
_ORIGIN_HEADERS = (
    "message-id",
    "date",
    "from",
    "sender",
    "to",
    "cc",
    "subject",
    "in-reply-to",
    "references",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
)
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_MBOX_FROM = re.compile(rb"^From [^\r\n]*\r?\n")
HEADER_KEEP_BYTES = 256 * 1024  # kept of a message that is too large


@dataclass(frozen=True)
class Envelope:
    """What is known of a message before it is parsed."""

    message_id: str
    sha256: str
    size: int
    #: The raw header fields (:func:`header_list` of the header section), read once here and
    #: kept for the pipeline's parse filter (the envelope recipients).
    headers: tuple = field(default=(), compare=False, repr=False)


def split_head(raw: bytes) -> tuple[bytes, bytes]:
    """The header section and the body (the body is b"" when there is no blank line)."""
    raw = _MBOX_FROM.sub(b"", raw.lstrip(b"\r\n\t "), count=1)
    match = _HEADER_END.search(raw)
    if match is None:
        return raw, b""
    return raw[: match.start()], raw[match.end() :]


def header_list(head: bytes) -> list[tuple[str, str]]:
    try:
        msg = BytesHeaderParser(policy=email_policy.compat32).parsebytes(head + b"\r\n\r\n")
    except Exception:
        return []
    return header_tools.raw_headers(msg)


def content_hash(head: bytes, body: bytes, found: list[tuple[str, str]] | None = None) -> str:
    """SHA-256 of the originator headers and the body, line ends normalised (``found``: the
    :func:`header_list` of ``head``, when the caller has it)."""
    found = header_list(head) if found is None else found
    digest = hashlib.sha256()
    for name in _ORIGIN_HEADERS:
        for value in header_tools.raw_get_all(found, name):
            text = " ".join(header_tools.unfold(value).split())
            digest.update(f"{name}:{text}\n".encode("utf-8", "surrogateescape"))
    digest.update(b"\n")
    digest.update(body.replace(b"\r\n", b"\n").rstrip(b"\n"))
    return digest.hexdigest()


def envelope(raw: bytes) -> Envelope:
    head, body = split_head(raw)
    found = header_list(head)
    message_id = header_tools.parse_message_id(header_tools.raw_get(found, "message-id"))
    return Envelope(
        message_id=message_id[:998],
        sha256=content_hash(head, body, found),
        size=len(raw),
        headers=tuple(found),
    )


def store_raw(
    raw: bytes,
    *,
    source: str,
    mailbox: Mailbox | None = None,
    uidvalidity: int | None = None,
    uid: int | None = None,
    envelope_to: str = "",
    now: datetime | None = None,
) -> tuple[InboundMessage, bool]:
    """Store ``raw`` (or find it stored already); returns (row, created). Own transaction."""
    now = now or clock.now()
    facts = envelope(raw)
    limit = settings.ATIENDE_MAIL_MAX_BYTES
    truncated = facts.size > limit
    kept = split_head(raw)[0][:HEADER_KEEP_BYTES] + b"\r\n\r\n" if truncated else raw
    # Insert first: a delivery is new far more often than not, and the unique constraints
    # decide races between concurrent deliveries of the same message. Outside a transaction
    # the INSERT is committed by itself (one round trip, no BEGIN / COMMIT around it);
    # inside one, a savepoint keeps a refused INSERT from breaking the caller's transaction.
    row = InboundMessage(
        source=source[:300],
        mailbox=mailbox,
        uidvalidity=uidvalidity,
        uid=uid,
        raw=kept,
        truncated=truncated,
        size=facts.size,
        sha256=facts.sha256,
        message_id=facts.message_id,
        envelope_to=envelope_to[:320],
        received_at=now,
    )
    try:
        if connection.in_atomic_block:
            with transaction.atomic():
                _insert(row)
        else:
            _insert(row)
        # Not a column: the header fields just read, for the pipeline that processes the row.
        row.header_fields = list(facts.headers)
    except IntegrityError:
        # Stored meanwhile by another process (a concurrent poller or a redelivery).
        existing = _find_existing(facts, mailbox, uidvalidity, uid)
        if existing is None:
            raise
        return existing, False
    return row, True


def _insert(row: InboundMessage) -> None:
    """``row.save(force_insert=True)`` as one plain INSERT (on every message; the values
    prepared by the fields themselves, as the ORM does)."""
    qn = connection.ops.quote_name
    fields = [field for field in InboundMessage._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(qn(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    values = [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields]
    sql = f"INSERT INTO {qn(InboundMessage._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    returning = connection.features.can_return_columns_from_insert
    with connection.cursor() as cursor:
        cursor.execute(sql + (f" RETURNING {qn('id')}" if returning else ""), values)
        row.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    row._state.adding = False
    row._state.db = connection.alias


def _find_existing(
    facts: Envelope, mailbox: Mailbox | None, uidvalidity: int | None, uid: int | None
) -> InboundMessage | None:
    # With the ticket and message a duplicate delivery reports (joined, not read one by one).
    rows = InboundMessage.objects.defer("raw").select_related("ticket", "created_message")
    if mailbox is not None and uid is not None:
        found = rows.filter(mailbox=mailbox, uidvalidity=uidvalidity, uid=uid).first()
        if found is not None:
            return found
    return rows.filter(message_id=facts.message_id, sha256=facts.sha256).first()
