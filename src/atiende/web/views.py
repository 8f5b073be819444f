"""The agent desk: ticket list and ticket page with its actions (reply, note, transition,
assign, priority, workaround and solution).

Each POST view parses one form, calls one action and redirects back to the ticket page
(POST-redirect-GET). A refused action re-renders the page with the action's message next to
the field it names; the action wrote nothing.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atiende.core.errors import ActionError
from atiende.sla.queries import clocks_visible_to, explain_clock
from atiende.tickets import actions, history, queries, workflow
from atiende.tickets.access import access_ticket_for
from atiende.tickets.codes import Channel
from atiende.tickets.priority import desk_scheme, scheme_for
from atiende.web.conversation import conversation_for
from atiende.web.decorators import staff_only
from atiende.web.forms import (
    AssignForm,
    ComposeForm,
    PriorityForm,
    ResolutionForm,
    TicketFilterForm,
    TransitionForm,
    show_action_error,
    uploads,
)
from atiende.web.labels import matrix_table, priority_name
from atiende.web.paging import due_keyset_page, keyset_page
from atiende.web.sla import attach_running_clocks

PAGE_SIZE = 50


@staff_only
@require_GET
def ticket_list(request):
    form = TicketFilterForm(request.GET, scheme=desk_scheme())  # every pack's priorities
    page = None
    due_order = False
    if form.is_valid():
        due_order = form.cleaned_data["ordering"] == "next_due"
        try:
            tickets = queries.ticket_list(request.user, form.params())
            if due_order:
                page = due_keyset_page(tickets, request, form.cleaned_data["after"], PAGE_SIZE)
            else:
                page = keyset_page(tickets, request, form.cleaned_data["before"], PAGE_SIZE)
        except ActionError as error:
            show_action_error(form, error)
        else:
            attach_running_clocks(page.rows, request.user)
    return render(
        request, "desk/ticket_list.html", {"form": form, "page": page, "due_order": due_order}
    )


@staff_only
@require_GET
def ticket_page(request, ticket_id):
    ticket = access_ticket_for(request.user, ticket_id, work=True)
    return _render_ticket(request, ticket)


def _render_ticket(request, ticket, bound: dict | None = None):
    """The ticket page; ``bound`` holds the submitted form to show again with its errors."""
    user = request.user
    language = translation.get_language()
    ticket = queries.ticket_detail(user, ticket)
    conversation, files = conversation_for(user, ticket)
    events = [
        (event, history.render(event, language)) for event in ticket.history.select_related("actor")
    ]
    scheme = scheme_for(ticket)
    version = {"version": ticket.version}
    forms = {
        "compose": ComposeForm(),
        "transition": TransitionForm(
            initial=version, targets=workflow.allowed_targets(ticket), language=language
        ),
        "assign": AssignForm(
            initial={**version, "assignee": ticket.assignee_id, "group": ticket.group_id}
        ),
        "priority": PriorityForm(
            initial={**version, "urgency": ticket.urgency, "impact": ticket.impact},
            scheme=scheme,
        ),
        "workaround": ResolutionForm(prefix="workaround", initial={"text": ticket.workaround}),
        "solution": ResolutionForm(prefix="solution", initial={"text": ticket.solution}),
    }
    forms.update(bound or {})
    return render(
        request,
        "desk/ticket_page.html",
        {
            "ticket": ticket,
            "conversation": conversation,
            "attachments": files,
            "events": events,
            "forms": forms,
            "matrix": matrix_table(scheme),
            "clocks": clocks_visible_to(user, ticket),
        },
    )


@staff_only
@require_GET
def sla_explanation(request, ticket_id, name):
    """Why a clock's due time is what it is: the counted and skipped stretches from its start,
    business hours, closed days, holidays and pauses (S12), in the reader's language."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)
    clock = next((c for c in clocks_visible_to(request.user, ticket) if c.name == name), None)
    if clock is None:
        raise Http404
    language = (translation.get_language() or "en").split("-")[0]
    steps = explain_clock(ticket, name, language=language)
    return render(
        request,
        "desk/sla_explanation.html",
        {
            "ticket": ticket,
            "clock": clock,
            "steps": steps,
            "calendar_zone": str(steps[0].start.tzinfo) if steps else "",
        },
    )


def _submit(request, ticket, name: str, form, act):
    """Run ``act(cleaned_data)`` (returns the success note) if ``form`` is valid, then PRG."""
    if form.is_valid():
        try:
            note = act(form.cleaned_data)
        except ActionError as error:
            show_action_error(form, error)
        else:
            messages.success(request, note)
            return redirect("desk:ticket", ticket.pk)
    return _render_ticket(request, ticket, {name: form})


@staff_only
@require_POST
def reply(request, ticket_id):
    """A public reply to the requester (the first one is the first response, S9)."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)

    def act(data):
        actions.reply(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            text=data["text"],
            attachments=uploads(data["attachments"]),
        )
        return _("Reply sent to the customer.")

    return _submit(request, ticket, "compose", ComposeForm(request.POST, request.FILES), act)


@staff_only
@require_POST
def note(request, ticket_id):
    """An internal note: never shown to customers."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)

    def act(data):
        actions.add_note(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            text=data["text"],
            attachments=uploads(data["attachments"]),
        )
        return _("Internal note added.")

    return _submit(request, ticket, "compose", ComposeForm(request.POST, request.FILES), act)


@staff_only
@require_POST
def transition(request, ticket_id):
    """Move the ticket to another state of its workflow (T4)."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)
    language = translation.get_language()
    form = TransitionForm(request.POST, targets=workflow.allowed_targets(ticket), language=language)

    def act(data):
        changed = actions.transition(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            state=data["state"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _("The ticket is now “%(state)s”.") % {"state": changed.state.label(language)}

    return _submit(request, ticket, "transition", form, act)


@staff_only
@require_POST
def assign(request, ticket_id):
    """Give the ticket to an agent and a support group (empty choices clear them)."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)

    def act(data):
        actions.assign(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            assignee=data["assignee"],
            group=data["group"],
            expected_version=data["version"],
        )
        return _("Assignment saved.")

    return _submit(request, ticket, "assign", AssignForm(request.POST), act)


@staff_only
@require_POST
def change_priority(request, ticket_id):
    """Urgency × impact; the priority follows from the matrix (T3)."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)

    def act(data):
        changed = actions.change_priority(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            urgency=data["urgency"],
            impact=data["impact"],
            expected_version=data["version"],
        )
        return _("The priority is now %(priority)s.") % {
            "priority": priority_name(changed.priority)
        }

    return _submit(
        request, ticket, "priority", PriorityForm(request.POST, scheme=scheme_for(ticket)), act
    )


@staff_only
@require_POST
def record_resolution(request, ticket_id, what: str):
    """Record the workaround (service restored) or the definitive solution (T5)."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)
    record = actions.record_workaround if what == "workaround" else actions.record_solution

    def act(data):
        record(ticket, actor=request.user, channel=Channel.WEB, text=data["text"])
        if what == "workaround":
            return _("Workaround recorded: service restored.")
        return _("Definitive solution recorded.")

    return _submit(request, ticket, what, ResolutionForm(request.POST, prefix=what), act)
