"""Loops: our own mail coming back is ignored; mail a machine wrote never gets an
automatic reply (C3).

Machine-written mail (``Auto-Submitted``, ``Precedence: bulk/junk/list/auto_reply``,
``X-Autoreply``, ``X-Auto-Response-Suppress``, an empty Return-Path, ``List-Id``, read
receipts, bounces) is still processed — a monitoring system's alert is a ticket — but
``ctx.auto_reply`` is off. An out-of-office style answer (``Auto-Submitted: auto-replied``,
``X-Autoreply``, a vacation subject, a read receipt) is marked ``ctx.auto_response``: it may
join a ticket as a note, never open one (filters/auto_response.py).
"""

from atiende.channels.mail import lookups, notices, outbound
from atiende.channels.mail.codes import Action
from atiende.channels.mail.context import Context, Outcome

_ANSWER_MARKS = {
    "x-autoreply",
    "x-autorespond",
    "x-auto-reply",
    "x-apple-action",
    "subject",
}


def run(ctx: Context) -> Outcome | None:
    parsed = ctx.parsed
    if parsed.message_id and parsed.message_id in lookups.facts(ctx).sent:
        return Outcome(Action.IGNORED, reason="own_message", detail=parsed.message_id)
    if outbound.is_own_address(parsed.from_address, notices.own_addresses(ctx)):
        return Outcome(Action.IGNORED, reason="own_address", detail=parsed.from_address)
    if parsed.classification == "feedback_report":
        return Outcome(Action.IGNORED, reason="feedback_report")
    reasons = notices.automatic_reasons(parsed)
    if reasons:
        ctx.automatic = True
        ctx.auto_reply = False
        ctx.note("automatic mail: " + ", ".join(reasons))
    auto_submitted = parsed.auto_submitted.strip().lower()
    answer_marks = _ANSWER_MARKS & set(reasons) and not auto_submitted.startswith("auto-generated")
    # A read receipt or a "delivered" notice: automatic, with none of the header marks.
    receipt = parsed.classification == "auto_reply" and set(reasons) <= {"auto_reply"}
    ctx.auto_response = auto_submitted.startswith("auto-replied") or bool(answer_marks) or receipt
    return None
