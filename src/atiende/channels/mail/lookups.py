"""What several filters ask about a message before threading it, read in one query.

The loop filter needs to know whether the Message-ID is one we sent and which addresses are
ours; the bounce filter, which tickets the original Message-ID of a delivery report belongs
to; the sender filter, whether the From address is a staff user's; the thread filter, which
tickets the In-Reply-To / References name (mail we sent, mail we stored), and — for its last
rule — the ticket of the latest mail from the same sender with the same normalised subject.
Each was a query of its own; :func:`facts` reads them together (a ``UNION ALL`` of small
indexed lookups) the first time a filter asks, and keeps them on the context for the others.
Nothing is cached beyond the message: every message reads them again, in its own
transaction.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import getaddresses

from django.conf import settings
from django.db import connection

from atiende.accounts.models import User
from atiende.accounts.roles import STAFF_ROLES
from atiende.channels.mail.models import InboundMessage, Mailbox
from atiende.channels.mail.subjects import subject_key
from atiende.notify.models import OutboxMessage
from atiende.tickets.codes import StateCategory
from atiende.tickets.models import State, Ticket

_SENT, _STORED, _MAILBOX, _AGENT, _SUBJECT = "s", "i", "m", "a", "k"


@dataclass
class Facts:
    #: Message-ID → ticket id (None: mail about no ticket) of our outbox rows among the
    #: message's own Message-ID, its ancestors and a delivery report's original Message-ID.
    sent: dict[str, int | None] = field(default_factory=dict)
    #: Message-ID → ticket of stored inbound mail (the oldest first) among the ancestors and
    #: the message's own Message-ID, the message itself left out.
    stored: dict[str, int] = field(default_factory=dict)
    #: Addresses the desk writes from or reads (lower case): mail from one of them is a loop.
    own_addresses: set[str] = field(default_factory=set)
    #: The active staff user with the From address (the lowest id), if any.
    agent_id: int | None = None
    #: (From address in lower case, normalised subject) that ``subject_ticket`` was read for
    #: (None: not read, the message has no usable sender or subject).
    sender_subject: tuple[str, str] | None = None
    #: The ticket of the latest stored mail (not this one) with that sender and subject,
    #: within ``ATIENDE_MAIL_THREAD_WINDOW_DAYS``, on a ticket that is not closed.
    subject_ticket: int | None = None


def ancestors(parsed) -> list[str]:
    """In-Reply-To and References, the nearest ancestor first (never the message's own id)."""
    ids = list(dict.fromkeys([parsed.in_reply_to, *reversed(parsed.references)]))
    return [value for value in ids if value and value != parsed.message_id]


def facts(ctx) -> Facts:
    """The :class:`Facts` of ``ctx``'s message (read on first use, one query)."""
    if ctx.facts is None:
        ctx.facts = _read(ctx)
    return ctx.facts


def _read(ctx) -> Facts:
    parsed = ctx.parsed
    own_id = parsed.message_id
    up = ancestors(parsed)
    original = parsed.bounce.original_message_id if parsed.bounce is not None else ""
    sent_ids = [value for value in dict.fromkeys([own_id, original, *up]) if value]
    stored_ids = [value for value in dict.fromkeys([*up, own_id]) if value]
    address = (parsed.from_address or "").strip()
    address = address if "@" in address else ""
    key = subject_key(parsed.subject)
    sender_subject = (address.lower(), key) if address and key else None
    since = ctx.now - timedelta(days=settings.ATIENDE_MAIL_THREAD_WINDOW_DAYS)
    sql, params = _query(sent_ids, stored_ids, address, ctx.inbound.pk, sender_subject, since)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = Facts(own_addresses=config_addresses(), sender_subject=sender_subject)
    stored: list[tuple[int, str, int]] = []
    for kind, key, ticket_id, row_id in rows:
        if kind == _MAILBOX:
            if "@" in key:
                found.own_addresses.add(key.lower())
        elif kind == _SENT:
            found.sent[key] = ticket_id
        elif kind == _STORED:
            stored.append((row_id, key, ticket_id))
        elif kind == _AGENT and (found.agent_id is None or row_id < found.agent_id):
            found.agent_id = row_id
        elif kind == _SUBJECT:
            found.subject_ticket = ticket_id
    for _row_id, key, ticket_id in sorted(stored):
        found.stored.setdefault(key, ticket_id)
    return found


def _query(
    sent_ids: list[str],
    stored_ids: list[str],
    address: str,
    inbound_id: int,
    sender_subject: tuple[str, str] | None,
    since,
) -> tuple[str, list]:
    """The ``UNION ALL`` of the lookups that apply (plain SQL: the same on SQLite and
    PostgreSQL, and far cheaper to build than five ORM querysets for every message)."""
    qn = connection.ops.quote_name
    table = {
        model: qn(model._meta.db_table)
        for model in (Mailbox, OutboxMessage, InboundMessage, User, Ticket, State)
    }
    # The ticket column is typed where it holds no ticket: PostgreSQL resolves the types of a
    # UNION from left to right, and two untyped NULLs would make it text.
    # Mailboxes: username LIKE '%@%' (what the ORM's ``username__contains="@"`` reads).
    parts = [
        f"SELECT %s, {qn('username')}, CAST(NULL AS BIGINT), {qn('id')} FROM {table[Mailbox]} "  # noqa: S608
        f"WHERE {qn('username')} LIKE %s"
    ]
    params: list = [_MAILBOX, "%@%"]
    if sent_ids:
        marks = ", ".join(["%s"] * len(sent_ids))
        parts.append(
            f"SELECT %s, {qn('message_id')}, {qn('ticket_id')}, {qn('id')} "  # noqa: S608
            f"FROM {table[OutboxMessage]} WHERE {qn('message_id')} IN ({marks})"
        )
        params += [_SENT, *sent_ids]
    if stored_ids:
        marks = ", ".join(["%s"] * len(stored_ids))
        parts.append(
            f"SELECT %s, {qn('message_id')}, {qn('ticket_id')}, {qn('id')} "  # noqa: S608
            f"FROM {table[InboundMessage]} WHERE {qn('message_id')} IN ({marks}) "
            f"AND {qn('ticket_id')} IS NOT NULL AND {qn('id')} <> %s"
        )
        params += [_STORED, *stored_ids, inbound_id]
    if address:
        roles = sorted(STAFF_ROLES)
        marks = ", ".join(["%s"] * len(roles))
        # ``email__iexact``: UPPER() on both sides, as the ORM does on PostgreSQL (and
        # ASCII-only on SQLite, like its LIKE).
        parts.append(
            f"SELECT %s, '', CAST(NULL AS BIGINT), {qn('id')} FROM {table[User]} "  # noqa: S608
            f"WHERE UPPER({qn('email')}) = UPPER(%s) AND {qn('is_active')} "
            f"AND {qn('role')} IN ({marks})"
        )
        params += [_AGENT, address, *roles]
    if sender_subject is not None:
        # What the ORM query of thread.py's sender + subject rule read (the latest first).
        inbound, ticket, state = table[InboundMessage], table[Ticket], table[State]
        parts.append(
            f"SELECT * FROM (SELECT %s, '', {inbound}.{qn('ticket_id')}, "  # noqa: S608
            f"{inbound}.{qn('id')} FROM {inbound} "
            f"INNER JOIN {ticket} ON ({inbound}.{qn('ticket_id')} = {ticket}.{qn('id')}) "
            f"INNER JOIN {state} ON ({ticket}.{qn('state_id')} = {state}.{qn('id')}) "
            f"WHERE {inbound}.{qn('from_address')} = %s AND {inbound}.{qn('received_at')} >= %s "
            f"AND {inbound}.{qn('subject_key')} = %s AND {inbound}.{qn('ticket_id')} IS NOT NULL "
            f"AND {inbound}.{qn('id')} <> %s AND {state}.{qn('category')} <> %s "
            f"ORDER BY {inbound}.{qn('received_at')} DESC, {inbound}.{qn('id')} DESC "
            "LIMIT 1) AS latest_by_subject"
        )
        params += [
            _SUBJECT,
            sender_subject[0],
            connection.ops.adapt_datetimefield_value(since),
            sender_subject[1],
            inbound_id,
            StateCategory.CLOSED.value,
        ]
    return " UNION ALL ".join(parts), params


def config_addresses() -> set[str]:
    """The desk's sending addresses from the settings (``ATIENDE_MAIL_FROM``)."""
    found = (address.lower() for _name, address in getaddresses([settings.ATIENDE_MAIL_FROM]))
    return {address for address in found if "@" in address}
