"""The customer portal: list and open the organisation's tickets (R3), open a ticket (T8),
reply. Customers never see internal notes nor files attached to them.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atiende.core.errors import ActionError
from atiende.portal import queries as portal_queries
from atiende.portal.forms import (
    CustomerReplyForm,
    EscalateForm,
    PortalFilterForm,
    StillFailingForm,
    SurveyForm,
)
from atiende.surveys.models import SurveyAnswer
from atiende.surveys.queries import survey_for
from atiende.tickets import actions, queries
from atiende.tickets.access import access_ticket_for
from atiende.tickets.codes import Channel, StateCategory
from atiende.web.conversation import conversation_for
from atiende.web.decorators import customers_only
from atiende.web.forms import show_action_error, uploads
from atiende.web.paging import keyset_page
from atiende.web.sla import portal_commitments

PAGE_SIZE = 25


@customers_only
@require_GET
def ticket_list(request):
    form = PortalFilterForm(request.GET)
    page = None
    if form.is_valid():
        try:
            tickets = queries.ticket_list(request.user, form.params())
            page = keyset_page(tickets, request, form.cleaned_data["before"], PAGE_SIZE)
        except ActionError as error:
            show_action_error(form, error)
    return render(request, "portal/ticket_list.html", {"form": form, "page": page})


@customers_only
@require_GET
def ticket_page(request, ticket_id):
    ticket = access_ticket_for(request.user, ticket_id)
    return render_ticket(request, ticket)


def render_ticket(
    request, ticket, *, form=None, escalate_form=None, failing_form=None, survey_form=None
):
    """The ticket page: public conversation and history, the customer's actions (reply,
    escalate E3, confirm solved / still failing T4, survey Q1) and the commitments."""
    user = request.user
    ticket = queries.ticket_detail(user, ticket)
    conversation, files = conversation_for(user, ticket)
    category = ticket.state.category
    is_open = ticket.merged_into_id is None and category not in (
        StateCategory.RESOLVED,
        StateCategory.CLOSED,
    )
    resolved = ticket.merged_into_id is None and category == StateCategory.RESOLVED
    clocks = portal_commitments(user, ticket)
    survey = survey_for(ticket)
    answered = survey is not None and SurveyAnswer.objects.filter(ticket=ticket).exists()
    if survey is not None and not answered and survey_form is None:
        survey_form = SurveyForm(spec=survey, pack=ticket.pack)
    return render(
        request,
        "portal/ticket_page.html",
        {
            "ticket": ticket,
            "conversation": conversation,
            "events": portal_queries.public_events(ticket),
            "attachments": files,
            "form": form or CustomerReplyForm(),
            "clocks": clocks,
            "can_reply": category != StateCategory.CLOSED and ticket.merged_into_id is None,
            "can_escalate": is_open,
            "out_of_target": is_open and portal_queries.out_of_target(clocks),
            "escalate_form": escalate_form or EscalateForm(),
            "resolved": resolved,
            "failing_form": failing_form or StillFailingForm(),
            "survey_form": None if answered else survey_form,
            "survey_answered": answered,
        },
    )


@customers_only
@require_POST
def reply(request, ticket_id):
    ticket = access_ticket_for(request.user, ticket_id)
    form = CustomerReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.reply(
                ticket,
                actor=request.user,
                channel=Channel.PORTAL,
                text=form.cleaned_data["text"],
                attachments=uploads(form.cleaned_data["attachments"]),
            )
        except ActionError as error:
            show_action_error(form, error)
        else:
            messages.success(request, _("Your reply was sent."))
            return redirect("portal:ticket", ticket.pk)
    return render_ticket(request, ticket, form=form)
