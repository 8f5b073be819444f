"""Admin: mailboxes are configured here; inbound messages and address health are read-only
(reprocess with ``atiende mail failed retry``, so that every change goes through the intake)."""

from django.contrib import admin

from atiende.channels.mail.models import InboundMessage, MailAddress, Mailbox


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ("name", "host", "port", "security", "username", "folder", "is_active")
    list_filter = ("is_active", "security")
    readonly_fields = ("uidvalidity", "last_uid", "last_polled_at", "last_error")


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "received_at", "status", "reason", "from_address", "subject", "ticket")
    list_filter = ("status", "action")
    search_fields = ("message_id", "from_address", "subject")
    list_select_related = ("ticket",)
    exclude = ("raw",)
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("raw")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MailAddress)
class MailAddressAdmin(admin.ModelAdmin):
    list_display = ("address", "failing", "bounces", "last_bounce_at", "last_bounce_reason")
    list_filter = ("failing",)
    search_fields = ("address",)
