"""A re-sent copy of a message already on the ticket (same sender, same text, within a
day) is a duplicate: kept in the store, not added again (C3)."""

import hashlib
from datetime import timedelta

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
    earlier = (
        InboundMessage.objects.filter(
            ticket=ctx.ticket,
            from_address=ctx.address,
            body_key=ctx.inbound.body_key,
            status=Status.PROCESSED,
            received_at__gte=ctx.now - WINDOW,
        )
        .exclude(pk=ctx.inbound.pk)
        .order_by("id")
        .values_list("pk", flat=True)  # not the whole row (its raw message)
        .first()
    )
    if earlier is None:
        return None
    return Outcome(
        Action.DUPLICATE,
        reason="same_text",
        detail=f"same text as inbound message {earlier}",
        ticket=ctx.ticket,
    )
