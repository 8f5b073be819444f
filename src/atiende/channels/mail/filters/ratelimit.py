"""Automatic replies (the acknowledgement, N2) only where they cannot loop or flood: not to
machine-written mail, our own or failing addresses, and at most
``ATIENDE_MAIL_AUTO_REPLY_LIMIT`` per address per hour (counted in the outbox, C3)."""

from atiende.channels.mail import notices
from atiende.channels.mail.context import Context


def run(ctx: Context) -> None:
    if not ctx.auto_reply or ctx.ticket is not None:
        return None  # a message that joins a ticket gets no automatic reply: nothing to count
    address = ctx.contact.email if ctx.contact is not None and ctx.contact.email else ctx.address
    allowed, why_not = notices.may_answer(ctx, address=address)
    if not allowed:
        ctx.auto_reply = False
        ctx.note(f"no automatic reply ({why_not})")
    return None
