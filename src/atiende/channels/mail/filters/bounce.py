"""Delivery-status notifications: recorded on the ticket whose mail bounced (found by the
original Message-ID in the outbox), the failed addresses marked; never a ticket, never a
reply (C3)."""

from django.conf import settings
from django.utils.translation import gettext as _

from atiende.channels.mail import actions, lookups, uploads
from atiende.channels.mail.codes import Action
from atiende.channels.mail.context import Context, Outcome
from atiende.tickets import actions as ticket_actions
from atiende.tickets.codes import Channel
from atiende.tickets.models import Ticket


def run(ctx: Context) -> Outcome | None:
    parsed = ctx.parsed
    if parsed.classification != "bounce":
        return None
    ctx.auto_reply = False
    info = parsed.bounce
    recipients = info.recipients if info is not None else []
    for recipient in recipients:
        if "@" in recipient.address:
            actions.record_bounce(
                recipient.address,
                hard=recipient.hard,
                reason=" ".join(filter(None, [recipient.reason, recipient.status]))[:200],
                now=ctx.now,
            )
    candidates = [info.original_message_id if info else "", parsed.in_reply_to]
    candidates += list(reversed(parsed.references))
    found = lookups.facts(ctx).sent
    ticket_id = next((found[mid] for mid in candidates if found.get(mid)), None)
    if ticket_id is None:
        return Outcome(Action.BOUNCE, reason="bounce_without_ticket")
    ticket = _surviving(Ticket.objects.get(pk=ticket_id))
    note = ticket_actions.add_note(
        ticket,
        actor=None,
        channel=Channel.EMAIL,
        text=_summary(recipients),
        attachments=_report_file(ctx),
        now=ctx.now,
    )
    return Outcome(Action.BOUNCE, reason="bounce", ticket=ticket, message=note)


def _surviving(ticket: Ticket) -> Ticket:
    seen = {ticket.pk}
    while ticket.merged_into_id is not None and ticket.merged_into_id not in seen:
        ticket = Ticket.objects.get(pk=ticket.merged_into_id)
        seen.add(ticket.pk)
    return ticket


def _summary(recipients) -> str:
    lines = [_("A mail about this ticket could not be delivered.")]
    for recipient in recipients[:20]:
        detail = " ".join(filter(None, [recipient.status, recipient.reason]))
        lines.append(
            _("%(address)s: %(detail)s%(diagnostic)s")
            % {
                "address": recipient.address,
                "detail": detail or _("reason unknown"),
                "diagnostic": f" — {recipient.diagnostic[:300]}" if recipient.diagnostic else "",
            }
        )
        if recipient.hard:
            lines.append(_("The address is marked as failing: no more automatic mail to it."))
    return "\n".join(lines)


def _report_file(ctx: Context) -> list:
    if ctx.inbound.truncated or len(ctx.raw) > settings.ATIENDE_ATTACHMENT_MAX_BYTES:
        return []
    accepted, _problems = uploads.prepare([("delivery-report.eml", ctx.raw)])
    return accepted
