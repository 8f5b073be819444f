"""Password reset by mail through the outbox (Django's views and tokens; the mail is an
outbox row written by :func:`atiende.notify.accounts.mail_password_reset`).

No account enumeration: a known and an unknown address get the same page, and nothing else
tells them apart (an unknown address simply gets no mail).
"""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from atiende.notify.accounts import mail_password_reset


class OutboxPasswordResetForm(PasswordResetForm):
    def save(self, domain_override=None, request=None, use_https=False, **kwargs):
        email = self.cleaned_data["email"]
        for user in self.get_users(email):
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            path = reverse("portal:password_reset_confirm", args=[uid, token])
            mail_password_reset(user, reset_url=request.build_absolute_uri(path), token=token)


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
