"""Explanations sent to the sender of a refused message, only when that cannot loop.

Never to: mail a machine wrote (auto-replies, bounces, lists: ``Auto-Submitted``,
``Precedence``, ``X-Autoreply``, ``X-Auto-Response-Suppress``, an empty Return-Path), our own
addresses, addresses that bounce, or an address that already got
``ATIENDE_MAIL_AUTO_REPLY_LIMIT`` automatic replies in the last hour (C3).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from atiende.channels.mail import lookups, outbound, queries
from atiende.channels.mail.context import Context
from atiende.channels.mail.models import InboundMessage
from atiende.channels.mail.parse import classify
from atiende.channels.mail.parse.message import ParsedMessage

RATE_WINDOW = timedelta(hours=1)


def automatic_reasons(parsed: ParsedMessage) -> list[str]:
    """Why ``parsed`` was written by a machine (empty: a person wrote it)."""
    headers: list[tuple[str, str]] = [(name, value) for name, value in parsed.x_headers.items()]
    if parsed.auto_submitted:
        headers.append(("auto-submitted", parsed.auto_submitted))
    if parsed.precedence:
        headers.append(("precedence", parsed.precedence))
    if parsed.return_path == "":
        headers.append(("return-path", "<>"))
    reasons = classify.auto_reply_reasons(headers, parsed.subject)
    if parsed.list_id:
        reasons.append("list-id")
    if parsed.classification != "normal":
        reasons.append(parsed.classification)
    return reasons


def own_addresses(ctx: Context) -> set[str]:
    return lookups.facts(ctx).own_addresses


def may_answer(ctx: Context, address: str | None = None) -> tuple[bool, str]:
    """Whether an automatic mail to ``address`` (default: the sender) in answer to this
    message is safe, and why not."""
    parsed = ctx.parsed
    address = (parsed.from_address if address is None else address or "").lower()
    if "@" not in address or not outbound.outbox.is_mailable(address):
        return False, "no_usable_sender"
    reasons = automatic_reasons(parsed)
    if reasons:
        return False, "automatic:" + ",".join(reasons)
    if outbound.is_own_address(address, own_addresses(ctx)):
        return False, "own_address"
    failing, replies = _answer_facts(ctx, address)
    if failing:
        return False, "address_failing"
    if replies >= settings.ATIENDE_MAIL_AUTO_REPLY_LIMIT:
        return False, "rate_limited"
    return True, ""


def automatic_replies_since(ctx: Context, address: str) -> int:
    """Automatic replies to ``address`` in the last hour: acknowledgements in the outbox
    (tickets of the contacts with that address) and refusal notices of the intake."""
    return _answer_facts(ctx, address)[1]


def _answer_facts(ctx: Context, address: str) -> tuple[bool, int]:
    """Whether ``address`` is failing, and the automatic replies it got in the last hour:
    one query (scalar subqueries) instead of one for each."""
    since = ctx.now - RATE_WINDOW
    contacts = {c.pk for c in ctx.contacts if c.email.lower() == address}
    if ctx.contact is not None and ctx.contact.email.lower() == address:
        contacts.add(ctx.contact.pk)
    subqueries = [
        queries.failing_address(address).values("pk")[:1],
        queries.counted(InboundMessage.objects.filter(notice_to=address, received_at__gte=since)),
    ]
    acknowledgements = outbound.acknowledgements(contacts, since)
    if acknowledgements is not None:
        subqueries.append(queries.counted(acknowledgements))
    failing, *counts = queries.scalars(*subqueries)
    return failing is not None, sum(count or 0 for count in counts)


def refusal(ctx: Context, *, reason: str, explanation: str) -> bool:
    """Tell the sender why their message was not accepted; True when a notice was written."""
    allowed, why_not = may_answer(ctx)
    if not allowed:
        ctx.note(f"no notice sent to the sender ({why_not})")
        return False
    parsed = ctx.parsed
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        subject = _("Your message to the service desk was not accepted")
        if parsed.subject:
            subject = _("Not accepted: %(subject)s") % {"subject": parsed.subject[:200]}
        text = "\n\n".join(
            [
                _("Hello,"),
                _("we received your message but could not register it as a case."),
                explanation,
                _("This is an automatic message. — Service desk"),
            ]
        )
    outbound.send_notice(
        to=parsed.from_address,
        subject=subject,
        text=text,
        language=language,
        in_reply_to=parsed.message_id,
        references=parsed.references,
        idempotency_key=f"mail.refused:{ctx.inbound.pk}:{reason}"[:200],
        now=ctx.now,
    )
    ctx.inbound.notice_to = parsed.from_address.lower()[:320]
    ctx.note(f"notice sent to the sender ({reason})")
    return True
