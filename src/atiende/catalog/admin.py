from django.contrib import admin

from atiende.catalog.models import Service, Subscription


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "availability_target", "is_active")
    search_fields = ("name", "code")
    inlines = [SubscriptionInline]
