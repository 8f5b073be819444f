"""What a customer does on its ticket page besides replying: escalate (E3), confirm the
solution or say it still fails (T4), answer the satisfaction survey (Q1); and the list of
maintenance windows and service status (N4). Thin adapters over the domain actions."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atiende.catalog.queries import maintenance_for
from atiende.core.errors import ActionError
from atiende.portal.forms import EscalateForm, StillFailingForm, SurveyForm
from atiende.portal.views import render_ticket
from atiende.surveys.actions import answer_survey
from atiende.surveys.queries import survey_for
from atiende.tickets import customer
from atiende.tickets.access import access_ticket_for
from atiende.web.decorators import customers_only
from atiende.web.forms import show_action_error, uploads


@customers_only
@require_POST
def escalate(request, ticket_id):
    ticket = access_ticket_for(request.user, ticket_id)
    form = EscalateForm(request.POST)
    if form.is_valid():
        try:
            customer.request_escalation(
                ticket, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ActionError as error:
            show_action_error(form, error)
        else:
            messages.success(
                request, _("Your escalation request was sent to the desk with your reason.")
            )
            return redirect("portal:ticket", ticket.pk)
    return render_ticket(request, ticket, escalate_form=form)


@customers_only
@require_POST
def confirm_solved(request, ticket_id):
    ticket = access_ticket_for(request.user, ticket_id)
    try:
        customer.confirm_solved(ticket, actor=request.user)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you for confirming that the problem is solved."))
    return redirect("portal:ticket", ticket.pk)


@customers_only
@require_POST
def still_failing(request, ticket_id):
    ticket = access_ticket_for(request.user, ticket_id)
    form = StillFailingForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            customer.still_failing(
                ticket,
                actor=request.user,
                text=form.cleaned_data["text"],
                attachments=uploads(form.cleaned_data["attachments"]),
            )
        except ActionError as error:
            show_action_error(form, error)
        else:
            messages.success(request, _("The ticket is open again: the desk will pick it up."))
            return redirect("portal:ticket", ticket.pk)
    return render_ticket(request, ticket, failing_form=form)


@customers_only
@require_POST
def survey(request, ticket_id):
    ticket = access_ticket_for(request.user, ticket_id)
    spec = survey_for(ticket)
    if spec is None:
        messages.error(request, _("This ticket has no satisfaction survey to answer now."))
        return redirect("portal:ticket", ticket.pk)
    form = SurveyForm(request.POST, spec=spec, pack=ticket.pack)
    if form.is_valid():
        try:
            answer_survey(ticket, actor=request.user, answers=form.cleaned_data)
        except ActionError as error:
            show_action_error(form, error)
        else:
            messages.success(request, _("Thank you for your answer: it helps us improve."))
            return redirect("portal:ticket", ticket.pk)
    return render_ticket(request, ticket, survey_form=form)


@customers_only
@require_GET
def maintenance(request):
    """N4: the maintenance windows and status of the organisation's services (read-only)."""
    statuses = maintenance_for(request.user.organisation)
    language = translation.get_language() or "en"
    for status in statuses:
        for window in (*status.current, *status.upcoming):
            window.shown_title = window.title(language)
            window.shown_description = window.description(language)
    return render(request, "portal/maintenance.html", {"statuses": statuses})
