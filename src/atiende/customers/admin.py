from django.contrib import admin

from atiende.customers.models import Contact, Organisation, Site


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("name", "email", "phone", "language", "notification_lists", "is_active")


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "plan", "account_status", "language", "time_zone", "is_active")
    list_filter = ("account_status", "plan", "is_active")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ContactInline, SiteInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "phone", "organisation", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "email", "phone", "organisation__name")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
