"""Admin for process packs: read-only. A pack changes only by loading its file
(``atiende pack load``), so every change is a version with its source and changes."""

from django.contrib import admin

from atiende.packs.models import AccountCheck, Pack, PackVersion, Plan


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PackVersionInline(admin.TabularInline):
    model = PackVersion
    fields = ("version", "digest", "loaded_at", "loaded_by", "changes")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Pack)
class PackAdmin(ReadOnly):
    list_display = ("name", "display_name", "version", "is_default", "loaded_at")
    search_fields = ("name", "display_name")
    inlines = [PackVersionInline]


@admin.register(Plan)
class PlanAdmin(ReadOnly):
    list_display = ("pack", "name", "calendar", "is_default", "billing_min", "billing_max")
    list_filter = ("pack",)


@admin.register(AccountCheck)
class AccountCheckAdmin(ReadOnly):
    list_display = ("checked_at", "pack", "organisation", "kind", "channel", "status", "outcome")
    list_filter = ("pack", "outcome", "source")
