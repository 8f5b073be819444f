"""The customer portal: list and open the organisation's tickets (R3), open a ticket (T8),
reply. Customers never see internal notes nor files attached to them.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from atiende.core.errors import ActionError
from atiende.customers.models import Contact
from atiende.portal.actions import open_ticket_as_customer
from atiende.portal.forms import CustomerReplyForm, NewTicketForm, PortalFilterForm
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


def _own_contact(user) -> Contact | None:
    # Read afresh: the form asks for whatever contact data is missing right now.
    return Contact.objects.filter(pk=user.contact_id).first() if user.contact_id else None


@customers_only
@require_http_methods(["GET", "POST"])
def new_ticket(request):
    contact = _own_contact(request.user)
    if request.method == "GET":
        form = NewTicketForm(contact=contact)
    else:
        form = NewTicketForm(request.POST, request.FILES, contact=contact)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = open_ticket_as_customer(
                    request.user,
                    kind=data["kind"],
                    subject=data["subject"],
                    description=data["description"],
                    email=data.get("email", ""),
                    phone=data.get("phone", ""),
                    attachments=uploads(data["attachments"]),
                )
            except ActionError as error:
                show_action_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Ticket created. Your case number is %(number)s: quote it when you "
                        "contact us about this ticket."
                    )
                    % {"number": ticket.number},
                )
                return redirect("portal:ticket", ticket.pk)
    return render(request, "portal/ticket_new.html", {"form": form, "contact": contact})


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
