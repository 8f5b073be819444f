"""Apply the message through the ticket actions: open a ticket (T1, T8) or add the message
to the ticket it threads into; the acknowledgement (N2) is the ticket actions' business,
switched off here when it could loop (``auto_reply``).

* New ticket: subject from the mail (reply prefixes and case tags removed; the first line
  of the text when there is none), description = the whole text, the sender's contact as
  requester, the attachments. Notes for agents say what the intake decided (forwarded by an
  agent, follow-up of a closed ticket, a refused match, attachments not stored).
* Reply: the visible text (quotes and signature trimmed) as a public message of the
  contact, or of the agent proven by the reply address; an automatic answer (out of office,
  read receipt) becomes an internal note, so that it neither reopens nor counts as the
  customer's reply.
"""

from django.utils.translation import gettext as _

from atiende.channels.mail import subjects, uploads
from atiende.channels.mail.codes import Action
from atiende.channels.mail.context import Context, Outcome
from atiende.tickets import actions
from atiende.tickets.actions import SUBJECT_MAX
from atiende.tickets.codes import Channel
from atiende.tickets.models import Ticket


def run(ctx: Context) -> Outcome:
    files, problems = uploads.prepare(
        (item.filename, item.content) for item in ctx.parsed.attachments
    )
    if ctx.ticket is None:
        return _open(ctx, files, problems)
    return _append(ctx, ctx.ticket, files, problems)


def _subject(ctx: Context) -> str:
    subject = subjects.clean_subject(ctx.subject)
    if not subject:
        first = next((line.strip() for line in ctx.text.splitlines() if line.strip()), "")
        subject = first[:80] or _("(no subject)")
    if len(subject) > SUBJECT_MAX:
        subject = subject[: SUBJECT_MAX - 1].rsplit(" ", 1)[0].rstrip() + "…"
    return subject


def _open(ctx: Context, files, problems: list[str]) -> Outcome:
    contact = ctx.contact
    text = ctx.text.strip() or _("(The message has no text.)")
    html = ctx.parsed.html if ctx.forwarded_by is None else ""
    ticket = actions.open_ticket(
        actor=None,
        channel=Channel.EMAIL,
        organisation=contact.organisation,
        subject=_subject(ctx),
        description=text,
        description_html=html,
        requester=contact,
        attachments=files,
        auto_reply=ctx.auto_reply,
        # The acknowledgement answers this mail (same thread in the customer's mail client).
        in_reply_to=ctx.parsed.message_id,
        references=ctx.parsed.references,
        now=ctx.now,
    )
    notes = []
    if ctx.forwarded_by is not None:
        notes.append(
            _("Forwarded by e-mail by %(agent)s on behalf of %(address)s.")
            % {"agent": ctx.forwarded_by.email, "address": ctx.address}
        )
        if ctx.forward_preface:
            notes.append(ctx.forward_preface)
    if ctx.follow_up_of is not None:
        notes.append(
            _("Follow-up of the closed ticket %(number)s.") % {"number": ctx.follow_up_of.number}
        )
        _note(
            ctx,
            ctx.follow_up_of,
            _("The customer wrote again after closing: new ticket %(number)s.")
            % {"number": ticket.number},
        )
    if ctx.refused_ticket is not None:
        notes.append(
            _(
                "This mail referred to ticket %(number)s, which belongs to another "
                "organisation: it was not added there."
            )
            % {"number": ctx.refused_ticket.number}
        )
    notes += problems
    if notes:
        _note(ctx, ticket, "\n\n".join(notes))
    message = ticket.first_message
    return Outcome(Action.CREATED, ticket=ticket, message=message)


def _append(ctx: Context, ticket: Ticket, files, problems: list[str]) -> Outcome:
    text = ctx.parsed.visible_text.strip() or ctx.text.strip()
    if ctx.forwarded_by is not None:
        text = ctx.text.strip()
    text = text or _("(The message has no text.)")
    if ctx.auto_response and ctx.acting_agent is None:
        note = _note(
            ctx,
            ticket,
            _("Automatic reply from %(address)s:") % {"address": ctx.address} + "\n\n" + text,
            files,
        )
        return Outcome(Action.APPENDED, reason="auto_response", ticket=ticket, message=note)
    if ctx.reopen_state:
        ticket = actions.transition(
            ticket,
            actor=None,
            channel=Channel.EMAIL,
            state=ctx.reopen_state,
            reason="customer_mail",
            now=ctx.now,
        )
    if ctx.acting_agent is not None:
        message = actions.reply(
            ticket,
            actor=ctx.acting_agent,
            channel=Channel.EMAIL,
            text=text,
            attachments=files,
            now=ctx.now,
        )
    else:
        message = actions.reply(
            ticket,
            actor=None,
            author_contact=ctx.contact,
            channel=Channel.EMAIL,
            text=text,
            attachments=files,
            now=ctx.now,
        )
    if problems:
        _note(ctx, ticket, "\n\n".join(problems))
    return Outcome(Action.APPENDED, ticket=ticket, message=message)


def _note(ctx: Context, ticket: Ticket, text: str, files=()):
    return actions.add_note(
        ticket, actor=None, channel=Channel.EMAIL, text=text, attachments=files, now=ctx.now
    )
