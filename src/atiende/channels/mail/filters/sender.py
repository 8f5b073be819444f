"""Who wrote it: the From address (never Reply-To, which anyone may set) → contacts and
their organisations, and whether it is a staff user's address (which proves nothing by
itself: filters/guard.py)."""

from atiende.channels.mail import identity, lookups
from atiende.channels.mail.codes import Action
from atiende.channels.mail.context import Context, Outcome


def run(ctx: Context) -> Outcome | None:
    parsed = ctx.parsed
    address = (parsed.from_address or "").strip()
    if "@" not in address:
        return Outcome(Action.REJECTED, reason="no_sender", detail=address[:200])
    ctx.address = address.lower()
    ctx.name = parsed.from_name
    ctx.contacts = identity.contacts_for(address)
    agent_id = lookups.facts(ctx).agent_id
    ctx.agent = identity.agent_by_id(agent_id) if agent_id is not None else None
    ctx.subject = parsed.subject
    ctx.text = parsed.text
    return None
