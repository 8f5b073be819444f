"""Refuse a message over ``ATIENDE_MAIL_MAX_BYTES`` (only its headers were kept)."""

from django.conf import settings
from django.utils.translation import gettext as _

from atiende.channels.mail import notices
from atiende.channels.mail.codes import Action
from atiende.channels.mail.context import Context, Outcome


def run(ctx: Context) -> Outcome | None:
    limit = settings.ATIENDE_MAIL_MAX_BYTES
    size = ctx.inbound.size
    if not ctx.inbound.truncated and size <= limit:
        return None
    explanation = _(
        "Your message is %(size)s MB; messages to the service desk may be at most "
        "%(limit)s MB. Send large files by another way (a download link) and write again."
    ) % {"size": _megabytes(size), "limit": _megabytes(limit)}
    notices.refusal(ctx, reason="too_large", explanation=explanation)
    return Outcome(Action.REJECTED, reason="too_large", detail=f"{size} bytes, limit {limit} bytes")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"
