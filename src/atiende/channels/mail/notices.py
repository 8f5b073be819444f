"""Explanations sent to the sender of a refused message, only when that cannot loop.

Never to: mail a machine wrote (auto-replies, bounces, lists: ``Auto-Submitted``,
``Precedence``, ``X-Autoreply``, ``X-Auto-Response-Suppress``, an empty Return-Path), our own
addresses, addresses that bounce, or an address that already got
``ATIENDE_MAIL_AUTO_REPLY_LIMIT`` automatic replies in the last hour (C3).
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from atiende.channels.mail import lookups, outbound
from atiende.channels.mail.context import Context
from atiende.channels.mail.models import InboundMessage, MailAddress
from atiende.channels.mail.parse import classify
from atiende.channels.mail.parse.message import ParsedMessage
from atiende.notify.models import OutboxMessage

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
    one query of scalar subqueries instead of one for each — in plain SQL, the same reads as
    ``queries.failing_address``, the notices and ``outbound.acknowledgements``."""
    since = connection.ops.adapt_datetimefield_value(ctx.now - RATE_WINDOW)
    contacts = {c.pk for c in ctx.contacts if c.email.lower() == address}
    if ctx.contact is not None and ctx.contact.email.lower() == address:
        contacts.add(ctx.contact.pk)
    contacts = sorted(pk for pk in contacts if pk)
    qn = connection.ops.quote_name
    addresses = qn(MailAddress._meta.db_table)
    inbound = qn(InboundMessage._meta.db_table)
    parts = [
        f"(SELECT {qn('id')} FROM {addresses} WHERE {qn('address')} = %s "  # noqa: S608
        f"AND {qn('failing')} LIMIT 1)",
        f"(SELECT COUNT(*) FROM {inbound} WHERE {qn('notice_to')} = %s "  # noqa: S608
        f"AND {qn('received_at')} >= %s)",
    ]
    params = [address.lower(), address, since]
    if contacts:
        outbox = qn(OutboxMessage._meta.db_table)
        causes = outbound.ACKNOWLEDGEMENT_CAUSES
        parts.append(
            f"(SELECT COUNT(*) FROM {outbox} WHERE "  # noqa: S608
            f"{qn('for_contact')} IN ({', '.join(['%s'] * len(contacts))}) "
            f"AND {qn('cause')} IN ({', '.join(['%s'] * len(causes))}) "
            f"AND {qn('created_at')} >= %s)"
        )
        params += [*contacts, *causes, since]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        failing, *counts = cursor.fetchone()
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
