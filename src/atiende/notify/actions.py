"""Notifications caused by ticket changes: the acknowledgement (N2) and mailed replies (C3).

The ticket actions call these inside their transaction, one line each (an explicit call,
never a signal): each writes one outbox row (the record of what was mailed, read with
:mod:`atiende.notify.queries`), or nothing when the requester has no usable e-mail address.
They never raise for data: a notification that cannot be written must not undo the change
that caused it.

Texts come from the templates ``notify/<language>/<event>.subject.txt``, ``.txt`` and
``.html`` (Spanish and English), in the requester's language; user text (subjects, replies)
is passed to them as values and never rendered as a template.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from atiende.core.html import sanitise
from atiende.notify.models import OutboxMessage, OutboxStatus
from atiende.notify.outbox import (
    enqueue_email,
    is_mailable,
    normalise_message_id,
    subject_with_number,
    ticket_thread_headers,
)
from atiende.notify.replyaddress import reply_address_for

LANGUAGES = ("es", "en")
ACKNOWLEDGEMENT = "ticket.acknowledgement"
REPLY = "ticket.reply"


def language_for(contact) -> str:
    """The contact's language, else its organisation's, else the desk's default."""
    for candidate in (
        getattr(contact, "language", ""),
        getattr(getattr(contact, "organisation", None), "language", ""),
        settings.LANGUAGE_CODE,
    ):
        code = (candidate or "")[:2].lower()
        if code in LANGUAGES:
            return code
    return "es"


def render(event: str, language: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of ``event`` in ``language``."""
    context = {**context, "language_code": language}
    with translation.override(language):
        parts = [
            render_to_string(f"notify/{language}/{event}.{suffix}", context)
            for suffix in ("subject.txt", "txt", "html")
        ]
    subject, text, html = parts
    return " ".join(subject.split()), text.strip() + "\n", html


def _common_headers(ticket) -> dict[str, str]:
    return {"X-Auto-Response-Suppress": "All", "X-Atiende-Ticket": ticket.number}


def acknowledge(
    ticket, *, now: datetime, in_reply_to: str = "", references=(), new_ticket: bool = False
) -> OutboxMessage | None:
    """N2: tell the requester the case number of their new ticket, whatever the channel.

    An auto-reply in the sense of RFC 3834 (``Auto-Submitted: auto-replied``), so that the
    requester's own auto-responder stays quiet. ``in_reply_to`` (and ``references``): the
    Message-ID of the inbound mail the ticket was opened from, which the acknowledgement
    answers (see :func:`thread_acknowledgement`); a value that is no Message-ID is left out.
    ``new_ticket``: the ticket was created in the current transaction (no acknowledgement of
    it can exist yet).
    """
    in_reply_to, references = _thread_of(in_reply_to, references)
    requester = ticket.requester
    if requester is None or not is_mailable(requester.email):
        return None
    language = language_for(requester)
    context = {"ticket": ticket, "contact": requester, "number": ticket.number}
    # C4: why the ticket does not count (e.g. "call the 7x24 line"), from the pack's intake.
    texts = getattr(ticket, "intake_texts", None) or {}
    context["notice"] = texts.get(language) or next(iter(texts.values()), None)
    context["notice"] = context["notice"] or getattr(ticket, "intake_message", None)
    subject, text, html = render("acknowledgement", language, context)
    row = enqueue_email(
        to=[requester.email],
        subject=subject_with_number(ticket, subject),
        text=text,
        html=html,
        ticket=ticket,
        cause=ACKNOWLEDGEMENT,
        language=language,
        reply_to=reply_address_for(ticket),
        headers={"Auto-Submitted": "auto-replied", **_common_headers(ticket)},
        in_reply_to=in_reply_to,
        references=references,
        idempotency_key=f"ticket:{ticket.pk}:acknowledgement",
        key_is_new=new_ticket,
        for_contact=requester.pk,
        now=now,
    )
    return row


def mail_reply(ticket, message, *, by_agent: bool, now: datetime) -> OutboxMessage | None:
    """An agent's public reply, mailed to the requester in the ticket's thread (C3).

    Customers' own replies are not mailed back to them.
    """
    if not by_agent:
        return None
    requester = ticket.requester
    if requester is None or not is_mailable(requester.email):
        return None
    language = language_for(requester)
    in_reply_to, references = ticket_thread_headers(ticket)
    # The stored HTML was sanitised when written; sanitising again costs little and keeps
    # this mail safe even if a row was written some other way.
    reply_html = sanitise(message.html) if message.html else ""
    context = {
        "ticket": ticket,
        "contact": requester,
        "number": ticket.number,
        "text": message.text,
        "reply_html": reply_html,
    }
    subject, text, html = render("reply", language, context)
    row = enqueue_email(
        to=[requester.email],
        subject=subject_with_number(ticket, subject),
        text=text,
        html=html,
        ticket=ticket,
        cause=REPLY,
        language=language,
        in_reply_to=in_reply_to,
        references=references,
        reply_to=reply_address_for(ticket),
        headers=_common_headers(ticket),
        idempotency_key=f"message:{message.pk}:reply",
        attachment_ids=list(message.attachments.values_list("pk", flat=True)),
        now=now,
    )
    return row


def thread_acknowledgement(ticket, *, in_reply_to: str, references=()) -> int:
    """Make the ticket's acknowledgement answer the inbound mail that opened it.

    For the mail intake, which learns which ticket its message opened only after
    ``open_ticket`` returned: call it in the same transaction. Only a row never attempted is
    changed (its Message-ID stays); returns how many rows were changed (0 or 1).
    """
    assert transaction.get_connection().in_atomic_block, "call inside the intake's transaction"
    bare = normalise_message_id(in_reply_to)
    bare, chain = _thread_of(bare, references)
    return OutboxMessage.objects.filter(
        ticket=ticket, cause=ACKNOWLEDGEMENT, status=OutboxStatus.PENDING, attempts=0
    ).update(in_reply_to=bare, references=chain)


def _thread_of(in_reply_to: str, references) -> tuple[str, list[str]]:
    """``(in_reply_to, references)`` normalised: the chain ends with ``in_reply_to``; values
    that are no Message-ID are dropped (no thread at all when ``in_reply_to`` is none)."""
    try:
        bare = normalise_message_id(in_reply_to) if in_reply_to else ""
    except ValueError:
        bare = ""
    if not bare:
        return "", []
    chain: list[str] = []
    for value in [*references, bare]:
        try:
            normal = normalise_message_id(value)
        except ValueError:
            continue
        if normal not in chain:
            chain.append(normal)
    return bare, chain
