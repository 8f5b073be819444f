"""What several filters ask about a message before threading it, read in one query.

The loop filter needs to know whether the Message-ID is one we sent and which addresses are
ours; the bounce filter, which tickets the original Message-ID of a delivery report belongs
to; the sender filter, whether the From address is a staff user's; the thread filter, which
tickets the In-Reply-To / References name (mail we sent, mail we stored). Each was a query of
its own; :func:`facts` reads them together (a ``UNION ALL`` of small indexed lookups) the
first time a filter asks, and keeps them on the context for the others. Nothing is cached
beyond the message: every message reads them again, in its own transaction.
"""

from dataclasses import dataclass, field
from email.utils import getaddresses

from django.conf import settings
from django.db import connection

from atiende.accounts.models import User
from atiende.accounts.roles import STAFF_ROLES
from atiende.channels.mail.models import InboundMessage, Mailbox
from atiende.notify.models import OutboxMessage

_SENT, _STORED, _MAILBOX, _AGENT = "s", "i", "m", "a"


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
    sql, params = _query(sent_ids, stored_ids, address if "@" in address else "", ctx.inbound.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = Facts(own_addresses=config_addresses())
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
    for _row_id, key, ticket_id in sorted(stored):
        found.stored.setdefault(key, ticket_id)
    return found


def _query(
    sent_ids: list[str], stored_ids: list[str], address: str, inbound_id: int
) -> tuple[str, list]:
    """The ``UNION ALL`` of the lookups that apply (plain SQL: the same on SQLite and
    PostgreSQL, and far cheaper to build than four ORM querysets for every message)."""
    qn = connection.ops.quote_name
    table = {
        model: qn(model._meta.db_table) for model in (Mailbox, OutboxMessage, InboundMessage, User)
    }
    # Mailboxes: username LIKE '%@%' (what the ORM's ``username__contains="@"`` reads).
    parts = [
        f"SELECT %s, {qn('username')}, NULL, {qn('id')} FROM {table[Mailbox]} "  # noqa: S608
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
            f"SELECT %s, '', NULL, {qn('id')} FROM {table[User]} "  # noqa: S608
            f"WHERE UPPER({qn('email')}) = UPPER(%s) AND {qn('is_active')} "
            f"AND {qn('role')} IN ({marks})"
        )
        params += [_AGENT, address, *roles]
    return " UNION ALL ".join(parts), params


def config_addresses() -> set[str]:
    """The desk's sending addresses from the settings (``ATIENDE_MAIL_FROM``)."""
    found = (address.lower() for _name, address in getaddresses([settings.ATIENDE_MAIL_FROM]))
    return {address for address in found if "@" in address}
