"""Admin for the outbox: read-only. Rows change only through :mod:`atiende.notify.sender`,
so that what the admin shows is what was (or will be) sent."""

from django.contrib import admin

from atiende.notify.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "cause", "ticket", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "cause")
    list_select_related = ("ticket",)
    search_fields = ("message_id", "idempotency_key", "subject")
    raw_id_fields = ("ticket",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
