"""Reporting a ticket from the portal: the form built from the pack, its live check (C4) and
the confirmation with the case number and the first-response target (T1, N2)."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from atiende.core.errors import ActionError
from atiende.customers.models import Contact
from atiende.packs import runtime
from atiende.portal import queries
from atiende.portal.actions import open_ticket_as_customer
from atiende.portal.forms import NewTicketForm
from atiende.sla.queries import clocks_visible_to
from atiende.tickets.access import access_ticket_for
from atiende.tickets.codes import EventCode
from atiende.web.decorators import customers_only
from atiende.web.forms import show_action_error, uploads


def _own_contact(user) -> Contact | None:
    # Read afresh: the form asks for whatever contact data is missing right now.
    return Contact.objects.filter(pk=user.contact_id).first() if user.contact_id else None


def _live_context(form, options, organisation) -> dict:
    """The parts of the form that follow the choices: lead time (K2) and the C4 notice."""
    kind = form.kind_option.name if form.kind_option else ""
    subtype = form.chosen("subtype") if "subtype" in form.fields else ""
    priority = options.priority_of(
        urgency=form.chosen("urgency"),
        impact=form.chosen("impact"),
        priority=form.chosen("priority"),
    )
    notice = queries.channel_notice(organisation, kind=kind, subtype=subtype, priority=priority)
    hint = queries.lead_time_hint(organisation, form.lead_time) if form.lead_time else ""
    return {"form": form, "notice": notice, "lead_time_hint": hint}


@customers_only
@require_http_methods(["GET", "POST"])
def new_ticket(request):
    user = request.user
    contact = _own_contact(user)
    options = queries.intake_options(user.organisation)
    live_url = reverse("portal:new_check")
    if request.method == "GET":
        form = NewTicketForm(options=options, contact=contact, live_url=live_url)
    else:
        form = NewTicketForm(
            request.POST, request.FILES, options=options, contact=contact, live_url=live_url
        )
        if form.is_valid():
            try:
                ticket = open_ticket_as_customer(
                    user,
                    **form.ticket_fields(),
                    attachments=uploads(form.cleaned_data["attachments"]),
                )
            except ActionError as error:
                show_action_error(form, error)
            else:
                return redirect("portal:created", ticket.pk)
    context = _live_context(form, options, user.organisation)
    context.update({"contact": contact, "options": options})
    return render(request, "portal/ticket_new.html", context)


@customers_only
@require_POST
def new_ticket_check(request):
    """htmx: the sub-types of the chosen kind, the lead time and the pack's notice (C4)."""
    user = request.user
    options = queries.intake_options(user.organisation)
    values = {
        name: request.POST.get(name, "")
        for name in ("kind", "subtype", "priority", "urgency", "impact")
    }
    form = NewTicketForm(
        initial=values,
        options=options,
        contact=_own_contact(user),
        live_url=reverse("portal:new_check"),
    )
    context = _live_context(form, options, user.organisation)
    context["oob"] = True
    return render(request, "portal/_new_ticket_live.html", context)


@customers_only
@require_GET
def ticket_created(request, ticket_id):
    """The confirmation: case number, first-response target in the customer's zone (N2)."""
    user = request.user
    ticket = access_ticket_for(user, ticket_id)
    first_response = next(
        (c for c in clocks_visible_to(user, ticket) if c.name == "first_response"), None
    )
    pack = ticket.pack if ticket.pack_id else None
    flagged = [
        runtime.text(pack, event.data.get("message_labels") or event.data.get("message"))
        for event in ticket.history.filter(code=EventCode.FLAGGED)
    ]
    advice = queries.channel_notice(
        ticket.organisation, kind=ticket.kind, subtype=ticket.subtype, priority=ticket.priority
    )
    notices = [m for m in [*advice.messages, *flagged] if m]
    return render(
        request,
        "portal/ticket_created.html",
        {
            "ticket": ticket,
            "first_response": first_response,
            "notices": list(dict.fromkeys(notices)),
            "time_zone": timezone.get_current_timezone_name(),
        },
    )
