from django.contrib import admin

from atiende.surveys.models import SurveyAnswer


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(admin.ModelAdmin):
    list_display = ("ticket", "answered_at", "answered_by")
    readonly_fields = ("ticket", "pack", "questions", "answers", "answered_by", "answered_at")
    search_fields = ("ticket__number",)

    def has_add_permission(self, request):
        return False
