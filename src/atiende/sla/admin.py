"""Admin for SLA configuration (calendars, policies with rules, targets and channel hours,
priority matrices). Clocks are read-only: they change only through the ticket actions and
the sweep, so that every change is in the ticket's history (T14)."""

from django.contrib import admin

from atiende.sla.models import (
    BusinessCalendar,
    ChannelHours,
    Clock,
    Policy,
    PolicyRule,
    PriorityMatrix,
    Target,
)


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "updated_at")
    search_fields = ("slug", "name")


class TargetInline(admin.StackedInline):
    model = Target
    extra = 0


class ChannelHoursInline(admin.TabularInline):
    model = ChannelHours
    extra = 0


class PolicyRuleInline(admin.TabularInline):
    model = PolicyRule
    extra = 0


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "is_active")
    list_filter = ("is_active",)
    inlines = [TargetInline, ChannelHoursInline, PolicyRuleInline]


@admin.register(PolicyRule)
class PolicyRuleAdmin(admin.ModelAdmin):
    list_display = ("position", "policy", "kinds", "priorities", "plans", "channels", "is_active")
    list_editable = ("is_active",)
    list_select_related = ("policy",)
    ordering = ("position", "id")


@admin.register(PriorityMatrix)
class PriorityMatrixAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "is_default")


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    list_display = ("ticket", "name", "cycle", "started_at", "due_at", "met_at", "breached_at")
    list_select_related = ("ticket",)
    raw_id_fields = ("ticket",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
