"""Never into another organisation's ticket; an agent's address acts as the agent only
with the ticket's signed reply address.

* A staff user's From address proves nothing (anyone can write it): the mail acts as that
  agent only when it carries the signed reply address of the very ticket it threads into;
  otherwise it is a customer message like any other (the FreeScout lesson: a forged agent
  From must not post as the agent). Logged.
* The sender must be a contact of the ticket's organisation. A sender known only as a
  contact of other organisations never joins the ticket: a new ticket is opened for the
  sender instead, or — when the mail carries that ticket's signed reply address, which only
  that organisation's people received — it is quarantined for a person to look at. Logged.
* An unknown sender (no contact outside the "unassigned" organisation) may join a ticket
  only on evidence nobody can guess: our Message-IDs in In-Reply-To/References or the
  ticket's signed reply address (a colleague copied on the thread). A case number in the
  subject, which anyone can type, is not enough.
"""

import logging

from atiende.channels.mail import identity
from atiende.channels.mail.codes import Action, ThreadRule
from atiende.channels.mail.context import Context, Outcome
from atiende.tickets.models import Message

log = logging.getLogger("atiende.mail")

STRONG_RULES = (ThreadRule.HEADERS, ThreadRule.MESSAGE_ID, ThreadRule.REPLY_ADDRESS)


def run(ctx: Context) -> Outcome | None:
    ticket = ctx.ticket
    if ctx.agent is not None:
        if ticket is not None and ctx.token_ticket_id == ticket.pk:
            ctx.acting_agent = ctx.agent
            return None
        log.warning(
            "mail: inbound %s from agent address %s without the ticket's reply address: "
            "treated as a customer message",
            ctx.inbound.pk,
            ctx.address,
        )
        ctx.note(f"agent address {ctx.address} without the ticket's reply address")
        ctx.agent = None
    if ticket is None:
        return None
    mine = [c for c in ctx.contacts if c.organisation_id == ticket.organisation_id]
    if mine and identity.is_unassigned(ticket.organisation):
        # Strangers share the unassigned organisation: only the ticket's own people count.
        authors = set(
            Message.objects.filter(ticket=ticket, author_contact__isnull=False).values_list(
                "author_contact_id", flat=True
            )
        )
        mine = [c for c in mine if c.pk == ticket.requester_id or c.pk in authors]
    if mine:
        ctx.contact = mine[0]
        return None
    known_elsewhere = [c for c in ctx.contacts if not identity.is_unassigned(c.organisation)]
    if not known_elsewhere and ctx.thread_rule in STRONG_RULES:
        return None  # an unknown sender answering in the thread
    ctx.refused_ticket = ticket
    ctx.ticket = None
    rule = ctx.thread_rule
    ctx.thread_rule = ""
    log.warning(
        "mail: inbound %s from %s would join %s of another organisation (%s); refused",
        ctx.inbound.pk,
        ctx.address,
        ticket.number,
        rule,
    )
    ctx.note(f"not added to {ticket.number}: the sender is not of its organisation ({rule})")
    if known_elsewhere and ctx.token_ticket_id == ticket.pk:
        return Outcome(
            Action.QUARANTINED,
            reason="other_organisation",
            detail=f"carries the reply address of {ticket.number}, sender of another organisation",
        )
    return None
