"""Answering a ticket's satisfaction survey (Q1): once per ticket, by its customer.

The survey mailing comes later; this records the answer given in the portal.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from atiende import clock
from atiende.core.errors import ActionError
from atiende.surveys.models import SurveyAnswer
from atiende.surveys.queries import survey_for

TEXT_MAX = 4000


def _value(question: dict, raw) -> object:
    """The answer to one question, checked against its type; None when left blank."""
    name = question["name"]
    kind = question.get("type", "scale")
    raw = "" if raw is None else str(raw).strip()
    if raw == "":
        return None
    if kind == "scale":
        scale = question.get("scale") or {}
        low, high = int(scale.get("min", 1)), int(scale.get("max", 5))
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise ActionError(
                _("Choose a number from %(min)s to %(max)s.") % {"min": low, "max": high},
                code="invalid_answer",
                field=name,
            )
        return value
    if kind == "yes_no":
        if raw not in ("yes", "no"):
            raise ActionError(_("Answer yes or no."), code="invalid_answer", field=name)
        return raw == "yes"
    if len(raw) > TEXT_MAX:
        raise ActionError(
            _("Keep the answer under %(max)s characters.") % {"max": TEXT_MAX},
            code="too_long",
            field=name,
        )
    return raw


def answer_survey(ticket, *, actor, answers: dict, now: datetime | None = None) -> SurveyAnswer:
    """Store the customer's answers to the pack's questions (scale and yes/no questions must
    be answered; text ones are optional). A second answer for the same ticket is refused."""
    now = now or clock.now()
    if actor is None or not actor.is_customer:
        raise ActionError(
            _("Only the customer who reported the ticket answers its survey."),
            code="customers_only",
        )
    spec = survey_for(ticket)
    if spec is None:
        raise ActionError(
            _("This ticket has no satisfaction survey to answer now."), code="no_survey"
        )
    values = {}
    for question in spec["questions"]:
        value = _value(question, answers.get(question["name"]))
        if value is None and question.get("type", "scale") != "text":
            raise ActionError(_("Answer this question."), code="required", field=question["name"])
        if value is not None:
            values[question["name"]] = value
    try:
        with transaction.atomic():
            if SurveyAnswer.objects.filter(ticket=ticket).exists():
                raise IntegrityError
            return SurveyAnswer.objects.create(
                ticket=ticket,
                pack_id=ticket.pack_id,
                questions=spec["questions"],
                answers=values,
                answered_by=actor,
                answered_at=now,
            )
    except IntegrityError:
        raise ActionError(
            _("This ticket's survey was already answered: thank you."), code="already_answered"
        ) from None
