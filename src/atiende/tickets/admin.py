"""Read-mostly admin for tickets: changes go through the desk, the portal or the API so that
every change is recorded in the history (T14). Workflows are edited here."""

from django.contrib import admin

from atiende.tickets.models import (
    CannedResponse,
    CaseSequence,
    State,
    Ticket,
    Transition,
    Workflow,
)


class StateInline(admin.TabularInline):
    model = State
    extra = 0


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    list_display = ("slug", "name")
    inlines = [StateInline, TransitionInline]


@admin.register(CaseSequence)
class CaseSequenceAdmin(admin.ModelAdmin):
    list_display = ("key", "prefix", "padding", "last_value")
    readonly_fields = ("last_value",)


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ("number", "subject", "organisation", "kind", "priority", "state", "created_at")
    list_filter = ("kind", "priority", "channel")
    search_fields = ("number", "subject")
    list_select_related = ("organisation", "state")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin):
    """Canned responses per support group; placeholders are checked on save
    (``tickets.canned.PLACEHOLDERS``)."""

    list_display = ("name", "group", "language", "is_active")
    list_filter = ("group", "language", "is_active")
    search_fields = ("name", "text")
    list_select_related = ("group",)
