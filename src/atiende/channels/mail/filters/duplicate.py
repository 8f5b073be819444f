"""A re-sent copy of a message already on the ticket (same sender, same text, within a
day) is a duplicate: kept in the store, not added again (C3)."""

import hashlib
from datetime import timedelta

from django.db import connection

from atiende.channels.mail.codes import Action, Status
from atiende.channels.mail.context import Context, Outcome
from atiende.channels.mail.models import InboundMessage

WINDOW = timedelta(days=1)


def body_key(text: str) -> str:
    normalised = " ".join(text.casefold().split())
    return hashlib.sha256(normalised.encode("utf-8", "surrogateescape")).hexdigest()


def run(ctx: Context) -> Outcome | None:
    text = ctx.parsed.visible_text.strip() or ctx.text.strip()
    ctx.inbound.body_key = body_key(text) if text else ""
    if ctx.ticket is None or not ctx.inbound.body_key:
        return None
    # The earliest such message (plain SQL: read for every reply, cheaper than a queryset).
    qn = connection.ops.quote_name
    sql = (
        f"SELECT {qn('id')} FROM {qn(InboundMessage._meta.db_table)} "  # noqa: S608
        f"WHERE {qn('ticket_id')} = %s AND {qn('from_address')} = %s AND {qn('body_key')} = %s "
        f"AND {qn('status')} = %s AND {qn('received_at')} >= %s AND {qn('id')} <> %s "
        f"ORDER BY {qn('id')} LIMIT 1"
    )
    since = connection.ops.adapt_datetimefield_value(ctx.now - WINDOW)
    params = [
        ctx.ticket.pk,
        ctx.address,
        ctx.inbound.body_key,
        Status.PROCESSED.value,
        since,
        ctx.inbound.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    earlier = row[0] if row is not None else None
    if earlier is None:
        return None
    return Outcome(
        Action.DUPLICATE,
        reason="same_text",
        detail=f"same text as inbound message {earlier}",
        ticket=ctx.ticket,
    )
