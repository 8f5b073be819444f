from django.contrib import admin

from atiende.catalog.models import MaintenanceWindow, Service, Subscription


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "availability_target", "is_active")
    search_fields = ("name", "code")
    inlines = [SubscriptionInline]


@admin.register(MaintenanceWindow)
class MaintenanceWindowAdmin(admin.ModelAdmin):
    list_display = ("title_en", "kind", "starts_at", "ends_at")
    list_filter = ("kind",)
    search_fields = ("title_es", "title_en")
    filter_horizontal = ("services",)
    date_hierarchy = "starts_at"
