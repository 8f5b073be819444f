"""An out-of-office answer, read receipt or similar that belongs to no ticket is ignored:
it never opens a ticket (and so never gets an acknowledgement to answer, C3)."""

from atiende.channels.mail.codes import Action
from atiende.channels.mail.context import Context, Outcome


def run(ctx: Context) -> Outcome | None:
    if ctx.auto_response and ctx.ticket is None and ctx.acting_agent is None:
        return Outcome(Action.IGNORED, reason="auto_reply_without_ticket")
    return None
