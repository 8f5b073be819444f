from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from atiende.accounts.models import SupportGroup, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "role", "organisation", "is_active")
    list_filter = ("role", "is_active")
    list_select_related = ("organisation",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Atiende"), {"fields": ("role", "organisation", "contact", "language", "time_zone")}),
    )
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("contact",)


@admin.register(SupportGroup)
class SupportGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "tier", "is_active")
    list_filter = ("tier", "is_active")
    filter_horizontal = ("members",)
    prepopulated_fields = {"slug": ("name",)}
