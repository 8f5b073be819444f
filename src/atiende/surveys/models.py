"""Satisfaction answers (Q1): one per ticket, with the questions as the pack asked them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atiende import clock


class SurveyAnswer(models.Model):
    ticket = models.OneToOneField(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        related_name="survey_answer",
        verbose_name=_("ticket"),
    )
    pack = models.ForeignKey(
        "packs.Pack",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process pack"),
    )
    # The pack's questions when they were answered ({name, text, type, scale}): a later
    # change of the pack does not change what this answer meant.
    questions = models.JSONField(_("questions"), default=list)
    # Question name → answer: an integer on the scale, true/false, or text.
    answers = models.JSONField(_("answers"), default=dict)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), default=clock.now)

    class Meta:
        ordering = ["-answered_at"]
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")

    def __str__(self) -> str:
        return f"survey of ticket {self.ticket_id}"
