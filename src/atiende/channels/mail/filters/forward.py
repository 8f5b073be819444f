"""An agent forwards a customer's mail to the desk: the ticket is for the original sender.

Only for mail from a staff user's address, with a forward prefix in the subject (Fwd:, FW:,
RV:, WG:, TR:, ENC:, …), not sent to a ticket's reply address, that carries a forwarded
header block
("From:/De:/Von: …" after a forward marker, see :mod:`atiende.channels.mail.forwarded`).
The forwarding agent is recorded in an internal note; nothing is done *as* the agent, so a
forged agent From gains nothing here that writing as the customer would not give.
"""

from atiende.channels.mail import forwarded, identity, notices, outbound, subjects
from atiende.channels.mail.context import Context


def run(ctx: Context) -> None:
    if ctx.agent is None or not subjects.is_forward(ctx.parsed.subject):
        return None
    recipients = [address for _name, address in [*ctx.parsed.to, *ctx.parsed.cc]]
    if any(outbound.ticket_id_from_reply_address(a) for a in recipients + ctx.envelope_to):
        return None  # an answer in a ticket's thread, not a customer's mail passed on
    found = forwarded.original(ctx.parsed.text)
    if found is None:
        return None
    address = found.address.lower()
    if address == ctx.address or outbound.is_own_address(address, notices.own_addresses(ctx)):
        return None
    if identity.agent_for(address) is not None:
        return None  # forwarded between colleagues: not a customer's mail
    ctx.forwarded_by = ctx.agent
    ctx.forward_preface = found.preface
    ctx.agent = None
    ctx.address = address
    ctx.name = found.name
    ctx.contacts = identity.contacts_for(address)
    ctx.subject = found.subject or ctx.parsed.subject
    ctx.text = found.text or ctx.parsed.text
    ctx.note(f"forwarded by {ctx.forwarded_by.email} for {address}")
    return None
