"""The customer portal: list and open the organisation's tickets (R3), open a ticket (T8),
reply. Customers never see internal notes nor files attached to them.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atiende.core.errors import ActionError
from atiende.portal.forms import CustomerReplyForm, PortalFilterForm
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
    return _render_ticket(request, ticket, CustomerReplyForm())


def _render_ticket(request, ticket, form):
    user = request.user
    ticket = queries.ticket_detail(user, ticket)
    conversation, files = conversation_for(user, ticket)
    return render(
        request,
        "portal/ticket_page.html",
        {
            "ticket": ticket,
            "conversation": conversation,
            "attachments": files,
            "form": form,
            "clocks": portal_commitments(user, ticket),
            "can_reply": ticket.state.category != StateCategory.CLOSED
            and ticket.merged_into_id is None,
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
    return _render_ticket(request, ticket, form)
