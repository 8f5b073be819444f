"""Password reset by mail through the outbox (Django's views and tokens; the mail is an
outbox row written by :func:`atiende.notify.accounts.mail_password_reset`).

No account enumeration: a known and an unknown address get the same page, and nothing else
tells them apart (an unknown address simply gets no mail).

Rate limit: in any hour, at most ``ATIENDE_PASSWORD_RESET_PER_ADDRESS`` requests for one
e-mail address and ``ATIENDE_PASSWORD_RESET_PER_IP`` requests from one client address send a
mail (:func:`take_reset_slots`, counted in the database: the limit holds across processes and
machines). A request over a limit sends nothing and is logged; its page is the same as any
other's, so it tells neither that the address exists nor that it was limited. Known and unknown
addresses count alike. The table keeps keyed hashes of addresses, never the addresses.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, connection, transaction
from django.urls import reverse, reverse_lazy
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from atiende import clock
from atiende.notify.accounts import mail_password_reset
from atiende.portal.models import PasswordResetSlot, ResetScope

log = logging.getLogger("atiende.portal")

WINDOW = timedelta(hours=1)


def client_ip(request) -> str:
    """The client's address: ``REMOTE_ADDR`` or, behind the reverse proxy a production desk
    trusts (``ATIENDE_HTTPS``: ``SECURE_PROXY_SSL_HEADER`` is set), the last entry of
    ``X-Forwarded-For``, the one that proxy wrote (earlier entries come from the client)."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(scope: str, value: str) -> str:
    return salted_hmac(
        f"atiende.portal.password_reset.{scope}", value, algorithm="sha256"
    ).hexdigest()


def _take(scope: str, key: str, limit: int, now: datetime) -> bool:
    """Take one of the key's ``limit`` slots: a free one, or one last taken a window ago."""
    cutoff = now - WINDOW
    taken = dict(
        PasswordResetSlot.objects.filter(scope=scope, key=key, slot__lt=limit).values_list(
            "slot", "taken_at"
        )
    )
    for slot in range(limit):
        at = taken.get(slot)
        if at is not None and at > cutoff:
            continue
        if at is not None and PasswordResetSlot.objects.filter(
            scope=scope, key=key, slot=slot, taken_at__lte=cutoff
        ).update(taken_at=now):
            return True
        try:  # free, or pruned meanwhile; a concurrent request may take it first
            with transaction.atomic():
                PasswordResetSlot.objects.create(scope=scope, key=key, slot=slot, taken_at=now)
            return True
        except IntegrityError:
            continue
    return False


class _Limited(Exception):
    def __init__(self, scope: str):
        super().__init__(scope)
        self.scope = scope


def take_reset_slots(email: str, ip: str, *, now: datetime | None = None) -> str | None:
    """Count one reset request for ``email`` from ``ip``: ``None`` when it may send mail, else
    the scope (``ip`` or ``address``) whose hourly limit is reached — and then nothing is
    counted. Slots last taken more than an hour ago are pruned."""
    now = now or clock.now()
    limits = (
        (ResetScope.IP, ip, settings.ATIENDE_PASSWORD_RESET_PER_IP),
        (ResetScope.ADDRESS, email.strip().lower(), settings.ATIENDE_PASSWORD_RESET_PER_ADDRESS),
    )
    try:
        with transaction.atomic():
            for scope, value, limit in limits:
                if not _take(scope, _key(scope, value), limit, now):
                    raise _Limited(scope)
    except _Limited as limited:
        return limited.scope
    finally:
        _prune(now)
    return None


def _prune(now: datetime, batch: int = 1000) -> None:
    """Delete slots last taken a window ago. Rows a request is taking right now are skipped
    (``SKIP LOCKED`` on PostgreSQL), so pruning never waits for, nor deadlocks with, one."""
    with transaction.atomic():
        old = PasswordResetSlot.objects.filter(taken_at__lte=now - WINDOW)
        if connection.features.has_select_for_update_skip_locked:
            old = old.select_for_update(skip_locked=True)
        ids = list(old.values_list("pk", flat=True)[:batch])
        if ids:
            PasswordResetSlot.objects.filter(pk__in=ids).delete()


def _masked(email: str) -> str:
    local, _at, domain = email.strip().lower().rpartition("@")
    return f"{local[:1]}…@{domain}" if local else "…"


class OutboxPasswordResetForm(PasswordResetForm):
    def save(self, domain_override=None, request=None, use_https=False, **kwargs):
        email = self.cleaned_data["email"]
        now = clock.now()
        ip = client_ip(request)
        limited = take_reset_slots(email, ip, now=now)
        if limited is not None:
            limit = (
                settings.ATIENDE_PASSWORD_RESET_PER_IP
                if limited == ResetScope.IP
                else settings.ATIENDE_PASSWORD_RESET_PER_ADDRESS
            )
            log.warning(
                "password reset for %s from %s not sent: more than %s requests an hour per %s",
                _masked(email),
                ip,
                limit,
                "client address" if limited == ResetScope.IP else "e-mail address",
            )
            return
        for user in self.get_users(email):
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            path = reverse("portal:password_reset_confirm", args=[uid, token])
            mail_password_reset(
                user, reset_url=request.build_absolute_uri(path), token=token, now=now
            )


password_reset = auth_views.PasswordResetView.as_view(
    form_class=OutboxPasswordResetForm,
    template_name="portal/password_reset.html",
    success_url=reverse_lazy("portal:password_reset_sent"),
)
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="portal/password_reset_sent.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="portal/password_reset_confirm.html",
    success_url=reverse_lazy("portal:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetCompleteView.as_view(
    template_name="portal/password_reset_done.html"
)
