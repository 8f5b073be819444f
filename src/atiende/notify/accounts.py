"""Mail about a user's own account: the password-reset link (written to the outbox like
every mail; the sender delivers it). Texts: ``notify/<language>/password_reset.*``."""

from datetime import datetime

from django.conf import settings
from django.db import transaction

from atiende.notify.actions import LANGUAGES, render
from atiende.notify.models import OutboxMessage
from atiende.notify.outbox import enqueue_email, is_mailable

RESET_CAUSE = "account.password_reset"


def language_of(user) -> str:
    """The user's language, else its organisation's, else the desk's default."""
    for candidate in (
        getattr(user, "language", ""),
        getattr(getattr(user, "organisation", None), "language", ""),
        settings.LANGUAGE_CODE,
    ):
        code = (candidate or "")[:2].lower()
        if code in LANGUAGES:
            return code
    return "es"


def mail_password_reset(
    user, *, reset_url: str, token: str, now: datetime | None = None
) -> OutboxMessage | None:
    """One outbox row with the reset link for ``user`` in its language; None when the user
    has no usable address. The same link asked twice is written once."""
    if not is_mailable(user.email):
        return None
    language = language_of(user)
    context = {
        "name": user.get_full_name() or user.username,
        "username": user.username,
        "reset_url": reset_url,
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject, text, html = render("password_reset", language, context)
    with transaction.atomic():
        return enqueue_email(
            to=[user.email],
            subject=subject,
            text=text,
            html=html,
            cause=RESET_CAUSE,
            language=language,
            headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
            idempotency_key=f"user:{user.pk}:password-reset:{token}",
            now=now,
        )
