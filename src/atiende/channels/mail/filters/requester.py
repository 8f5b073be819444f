"""Who the ticket or message is for: the sender's contact; for an unknown sender, per
``ATIENDE_MAIL_UNKNOWN_SENDER``: ``create`` a contact in the "unassigned" organisation
(``ATIENDE_MAIL_UNASSIGNED_ORGANISATION``), or ``reject`` with an explanation."""

from django.conf import settings
from django.utils.translation import gettext as _

from atiende.channels.mail import identity, notices
from atiende.channels.mail.codes import Action
from atiende.channels.mail.context import Context, Outcome


def run(ctx: Context) -> Outcome | None:
    if ctx.acting_agent is not None or ctx.contact is not None:
        return None
    if ctx.contacts:
        ctx.contact = ctx.contacts[0]
        return None
    if settings.ATIENDE_MAIL_UNKNOWN_SENDER == "reject":
        explanation = _(
            "The address %(address)s is not registered with the service desk. Ask your "
            "organisation's administrator to add you as a contact, or use the customer portal."
        ) % {"address": ctx.address}
        notices.refusal(ctx, reason="unknown_sender", explanation=explanation)
        return Outcome(Action.REJECTED, reason="unknown_sender", detail=ctx.address)
    ctx.contact = identity.create_unassigned_contact(ctx.address, ctx.name)
    ctx.note(f"new contact for {ctx.address} in the unassigned organisation")
    return None
