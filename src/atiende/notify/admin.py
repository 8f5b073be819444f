"""Admin for the outbox: read-only, but for the action "Send again" on failed rows (it calls
:func:`atiende.notify.resend.resend`, as ``atiende mail outbox retry`` does). Otherwise rows
change only through :mod:`atiende.notify.sender`, so that what the admin shows is what was (or
will be) sent."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from atiende import clock
from atiende.core.errors import ActionError
from atiende.notify.models import OutboxMessage
from atiende.notify.resend import resend
from atiende.tickets.codes import Channel


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "cause", "ticket", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "cause")
    list_select_related = ("ticket",)
    search_fields = ("message_id", "idempotency_key", "subject")
    raw_id_fields = ("ticket",)
    show_full_result_count = False
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    @admin.action(description=_("Send again"), permissions=["resend"])
    def send_again(self, request, queryset):
        try:
            rows = resend(
                queryset.order_by("id"), actor=request.user, channel=Channel.WEB, now=clock.now()
            )
        except ActionError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail queued to be sent again.",
                "%(count)d e-mails queued to be sent again.",
                len(rows),
            )
            % {"count": len(rows)},
            messages.SUCCESS,
        )
