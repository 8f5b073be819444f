"""The desk ticket page (``/desk/tickets/<id>/``) and its actions.

Each POST view parses one form, calls one action and answers with POST-redirect-GET, or, for
an htmx request, with the ticket body (``desk/_ticket_body.html``) that replaces the one on
the page. A refused action (``ActionError``) shows its message next to the field it names
and wrote nothing. Every change form carries the ticket ``version``: a change made meanwhile
is refused (``Conflict``) and the page says what changed, the agent's input kept in the form
with the new version, so sending it again is a deliberate choice.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atiende.accounts.roles import Perm
from atiende.core import configcache
from atiende.core.access import require
from atiende.core.errors import ActionError, Conflict
from atiende.core.statements import Statement
from atiende.sla.queries import clocks_visible_to, explain_clock
from atiende.tickets import actions, canned, queries, work, workflow
from atiende.tickets.access import access_ticket_for, staff_reader, tickets_visible_to
from atiende.tickets.codes import Channel
from atiende.tickets.models import Ticket, TimeEntry
from atiende.tickets.priority import scheme_for
from atiende.web.decorators import staff_only
from atiende.web.forms import show_action_error, uploads
from atiende.web.forms_ticket import (
    AssignForm,
    CannedPickForm,
    ComposeForm,
    EscalateForm,
    NumberForm,
    PhoneCallForm,
    PriorityForm,
    ResolutionForm,
    TimeEntryForm,
    TransitionForm,
)
from atiende.web.labels import impact_name, priority_name
from atiende.web.sla import ticket_clocks_for
from atiende.web.timeline import changes_since, timeline_for

BODY = "desk/_ticket_body.html"
TIME_ROWS = 100  # the newest time entries listed; the totals count them all
# What the page shows of the ticket, joined in one query. The problem and the ticket it was
# merged into are read by their own query when there is one: two more joins of the ticket
# table cost every page about 3 ms of PostgreSQL planning at 1,000,000 tickets.
DETAIL_RELATED = (*queries.LIST_RELATED, "site", "sla_policy", "pack")


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _problem_label():
    return _("Problem's case number")


def _merge_label():
    return _("Merge into case number")


# --- the page ------------------------------------------------------------------------------


def _detail_for(user, ticket_id) -> Ticket:
    """The ticket as the page shows it, if ``user`` may work it: ``access_ticket_for``'s
    checks (visible to the user, else 404; the permission to work tickets, else 403) and
    the page's joins in one read."""
    try:
        pk = int(ticket_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if user.is_agent:
        found = _DETAIL.rows(pk)
    else:
        found = list(tickets_visible_to(user).select_related(*DETAIL_RELATED).filter(pk=pk))
    if not found:
        raise Http404
    require(user, Perm.WORK_TICKETS)
    return found[0]


def _detail_query(pk, reader):
    return tickets_visible_to(reader).select_related(*DETAIL_RELATED).filter(pk=pk)


# The page's reads compiled once (core.statements). Desk pages are for staff, who see every
# ticket (tickets.access): the stand-in reader says so.
_STAFF = staff_reader()
_DETAIL = Statement(lambda pk: _detail_query(pk, _STAFF))
# ``canned.responses_for`` reads the ticket's group only: a stand-in ticket with that group.
_CANNED = Statement(lambda language: canned.responses_for(Ticket(group_id=None), language))
_GROUP_CANNED = Statement(
    lambda group_id, language: canned.responses_for(Ticket(group_id=group_id), language)
)
_TIME_ENTRIES = Statement(
    lambda pk, rows: (
        TimeEntry.objects.filter(ticket_id=pk)
        .select_related("user")
        .order_by("-worked_at", "-id")[: rows + 1]
    )
)


def _responses(ticket, language: str) -> list:
    """``canned.responses_for(ticket, language)``, read by a compiled statement."""
    if ticket.group_id is None:
        return _CANNED.rows(shape=(language,))
    return _GROUP_CANNED.rows(ticket.group_id, shape=(language,))


@staff_only
@require_GET
def ticket_page(request, ticket_id):
    ticket = _detail_for(request.user, ticket_id)
    prefill = None
    if request.GET.get("canned"):
        # Without scripts the picker is a GET form: the composer comes back filled.
        prefill = _canned_text(request, ticket, request.GET.get("canned"), "")
    return _render(request, ticket, prefill=prefill, fresh=True)


def _pack_names(ticket, language: str) -> dict[str, dict[str, tuple[str, str]]]:
    """The pack's own words for its priority codes: ``{"priority" | "urgency" | "impact":
    {code: (label, description)}}`` in ``language`` (empty without a pack)."""
    if ticket.pack_id is None:
        return {"priority": {}, "urgency": {}, "impact": {}}
    pack = ticket.pack
    section = (pack.spec or {}).get("priorities") or {}

    def read(items) -> dict[str, tuple[str, str]]:
        names = {}
        for item in items or ():
            if isinstance(item, dict) and item.get("name"):
                label = pack.text(item["label"], language) if item.get("label") else ""
                text = pack.text(item["description"], language) if item.get("description") else ""
                names[item["name"]] = (label, text)
        return names

    return {
        "priority": {**read(section.get("levels")), **read(section.get("list"))},
        "urgency": read(section.get("urgencies")),
        "impact": read(section.get("impacts")),
    }


def _grid(scheme, names: dict) -> dict:
    """The priority picker (T3): the urgency × impact matrix as a grid of cells, or the list
    of priorities with the pack's descriptions, in the pack's words where it has them."""

    def name(kind: str, code: str, fallback) -> str:
        return names[kind].get(code, ("", ""))[0] or fallback(code)

    return {
        "impacts": [name("impact", impact, impact_name) for impact in scheme.impacts],
        "cells": [
            (
                name("urgency", urgency, priority_name),
                [
                    {
                        "urgency": urgency,
                        "impact": impact,
                        "urgency_label": name("urgency", urgency, priority_name),
                        "impact_label": name("impact", impact, impact_name),
                        "priority_label": name(
                            "priority", scheme.matrix[(urgency, impact)], priority_name
                        ),
                    }
                    for impact in scheme.impacts
                ],
            )
            for urgency in scheme.urgencies
        ],
        "levels": [
            (
                code,
                name("priority", code, priority_name),
                names["priority"].get(code, ("", ""))[1],
            )
            for code in scheme.priorities
        ],
    }


def _forms(ticket, scheme, version: dict) -> dict:
    return {
        "compose": ComposeForm(initial=version),
        "transition": TransitionForm(initial=version),
        "assign": AssignForm(
            initial={**version, "assignee": ticket.assignee_id, "group": ticket.group_id}
        ),
        "escalate": EscalateForm(initial=version),
        "priority": PriorityForm(
            initial={
                **version,
                "urgency": ticket.urgency,
                "impact": ticket.impact,
                "priority": ticket.priority,
            },
            scheme=scheme,
        ),
        "problem": NumberForm(prefix="problem", initial=version, label=_problem_label()),
        "merge": NumberForm(prefix="merge", initial=version, label=_merge_label()),
        "workaround": ResolutionForm(
            prefix="workaround", initial={**version, "text": ticket.workaround}
        ),
        "solution": ResolutionForm(prefix="solution", initial={**version, "text": ticket.solution}),
        "call": PhoneCallForm(initial={**version, "minutes": 0, "seconds": 0}),
        "time": TimeEntryForm(initial=version),
    }


@configcache.snapshot()  # one read of the configuration generation per page
def _render(
    request,
    ticket,
    bound: dict | None = None,
    *,
    changes=None,
    prefill=None,
    status=200,
    fresh=False,
):
    """The ticket page (or its body, for htmx); ``bound`` holds a submitted form to show again
    with its errors, ``changes`` what happened meanwhile. ``fresh``: ``ticket`` was just read
    by :func:`_detail_for` (else it is read again, as an action may have changed it)."""
    user = request.user
    language = _language()
    if not fresh:
        (ticket,) = _DETAIL.rows(ticket.pk)
    clocks = ticket_clocks_for(user, ticket)
    timeline = timeline_for(user, ticket, language=language, clock_names=[c.name for c in clocks])
    scheme = scheme_for(ticket)
    forms = _forms(ticket, scheme, {"version": ticket.version, "seen": timeline.last_event_id})
    if prefill is not None:
        forms["compose"].initial["text"] = prefill
    forms.update(bound or {})
    responses = _responses(ticket, language)
    order = work.escalation_order(ticket)
    entries = _TIME_ENTRIES.rows(ticket.pk, shape=(TIME_ROWS,))
    if len(entries) > TIME_ROWS:
        entries = entries[:TIME_ROWS]
        totals = ticket.time_entries.aggregate(
            total=Sum("minutes"), billable=Sum("minutes", filter=Q(billable=True))
        )
    else:  # every entry is listed: the totals are theirs (no second query)
        totals = {
            "total": sum(entry.minutes for entry in entries),
            "billable": sum(entry.minutes for entry in entries if entry.billable),
        }
    context = {
        "ticket": ticket,
        "timeline": timeline,
        "attachments": timeline.attachments,
        "forms": forms,
        "targets": [(state, state.label(language)) for state in workflow.allowed_targets(ticket)],
        "matrix": _grid(scheme, _pack_names(ticket, language)),
        "scheme": scheme,
        "clocks": clocks,
        "canned_pick": CannedPickForm(responses=responses),
        "escalation_order": order,
        "next_tier": work.next_tier(ticket, order),
        "time_entries": entries,
        "time_total": totals["total"] or 0,
        "time_billable": totals["billable"] or 0,
        "changes": changes or [],
        "can_merge": user.can(Perm.MERGE_TICKETS),
    }
    template = BODY if request.htmx else "desk/ticket_page.html"
    return render(request, template, context, status=status)


def _done(request, ticket, note: str, *, to=None):
    messages.success(request, note)
    if request.htmx and to is None:
        return _render(request, access_ticket_for(request.user, ticket.pk, work=True))
    response = redirect("desk:ticket", (to or ticket).pk)
    if request.htmx:
        # Another ticket's page (after a merge): the browser goes there.
        response["HX-Redirect"] = response["Location"]
    return response


def _submit(request, ticket, name: str, make_form, act):
    """Parse ``make_form(data)``; run ``act(form)`` (returns the success note, or a (note,
    ticket to show) pair); answer PRG / htmx body, or the page with the errors."""
    form = make_form(request.POST)
    if form.is_valid():
        try:
            outcome = act(form)
        except Conflict as error:
            return _conflict(request, ticket, name, make_form, form, error)
        except ActionError as error:
            show_action_error(form, error)
        else:
            note, to = outcome if isinstance(outcome, tuple) else (outcome, None)
            return _done(request, ticket, note, to=to)
    return _render(request, ticket, {name: form})


def _conflict(request, ticket, name, make_form, form, error):
    """The ticket changed since the agent read it: their input back, with the new version."""
    fresh = access_ticket_for(request.user, ticket.pk, work=True)
    changes = changes_since(fresh, form.cleaned_data.get("seen"), language=_language())
    data = request.POST.copy()
    data[form.add_prefix("version")] = str(fresh.version)
    data[form.add_prefix("seen")] = str(changes[-1][0].pk if changes else form["seen"].value())
    again = make_form(data)
    again.is_valid()
    message = error.message
    if request.FILES:
        message += " " + _("Choose the files again: a browser cannot keep them.")
    again.add_error(None, message)
    # htmx swaps only successful answers: the form with its message is one.
    return _render(
        request, fresh, {name: again}, changes=changes, status=200 if request.htmx else 409
    )


# --- conversation --------------------------------------------------------------------------


def _compose(request, ticket, public: bool):
    def act(form):
        data = form.cleaned_data
        action = actions.reply if public else actions.add_note
        action(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            text=data["text"],
            attachments=uploads(data["attachments"]),
            expected_version=data["version"],
        )
        return _("Reply sent to the customer.") if public else _("Internal note added.")

    return _submit(request, ticket, "compose", lambda data: ComposeForm(data, request.FILES), act)


@staff_only
@require_POST
def reply(request, ticket_id):
    """A public reply to the requester (the first one is the first response, S9)."""
    return _compose(request, access_ticket_for(request.user, ticket_id, work=True), True)


@staff_only
@require_POST
def note(request, ticket_id):
    """An internal note: never shown to customers."""
    return _compose(request, access_ticket_for(request.user, ticket_id, work=True), False)


def _canned_text(request, ticket, canned_id, current: str) -> str:
    try:
        pk = int(canned_id)
    except (TypeError, ValueError):
        raise Http404 from None
    response = canned.responses_for(ticket, _language()).filter(pk=pk).first()
    if response is None:
        raise Http404
    text = canned.render(response, ticket, request.user)
    return f"{current.rstrip()}\n\n{text}" if current.strip() else text


@staff_only
@require_GET
def canned_insert(request, ticket_id):
    """htmx: the composer's text field with the chosen canned response added to what was
    already written (placeholders filled with this ticket's values)."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)
    chosen = request.GET.get("canned", "")
    if not request.htmx:
        page = reverse("desk:ticket", args=[ticket.pk])
        return redirect(f"{page}?{urlencode({'canned': chosen})}")
    ticket = queries.ticket_detail(request.user, ticket)
    current = request.GET.get(ComposeForm().add_prefix("text"), "")
    text = _canned_text(request, ticket, chosen, current) if chosen else current
    form = ComposeForm(initial={"text": text})
    return render(request, "_partials/desk_composer_text.html", {"form": form})


# --- triage --------------------------------------------------------------------------------


@staff_only
@require_POST
def transition(request, ticket_id):
    """Move the ticket to another state of its workflow (T4): one button per manual move."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)
    language = _language()

    def act(form):
        data = form.cleaned_data
        changed = actions.transition(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            state=data["state"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _("The ticket is now “%(state)s”.") % {"state": changed.state.label(language)}

    return _submit(request, ticket, "transition", TransitionForm, act)


@staff_only
@require_POST
def assign(request, ticket_id):
    """Give the ticket to an agent and a support group (empty choices clear them)."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)

    def act(form):
        data = form.cleaned_data
        actions.assign(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            assignee=data["assignee"],
            group=data["group"],
            expected_version=data["version"],
        )
        return _("Assignment saved.")

    return _submit(request, ticket, "assign", AssignForm, act)


@staff_only
@require_POST
def escalate(request, ticket_id):
    """To the next support tier (E1); the SLA clocks keep running."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)

    def act(form):
        data = form.cleaned_data
        changed = work.escalate(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _("Escalated to %(group)s.") % {"group": changed.group.name}

    return _submit(request, ticket, "escalate", EscalateForm, act)


@staff_only
@require_POST
def change_priority(request, ticket_id):
    """Urgency × impact (the priority follows from the pack's matrix, T3), or a priority
    from the pack's list."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)
    scheme = scheme_for(ticket)

    def act(form):
        data = form.cleaned_data
        if scheme.urgencies or data["urgency"] or data["impact"]:
            values = {"urgency": data["urgency"], "impact": data["impact"]}
            if not (data["urgency"] and data["impact"]):
                raise ActionError(
                    _("Choose both urgency and impact: the priority follows from them."),
                    code="urgency_impact_pair",
                    field="urgency" if not data["urgency"] else "impact",
                )
        else:
            values = {"priority": data["priority"]}
        changed = actions.change_priority(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            expected_version=data["version"],
            **values,
        )
        return _("The priority is now %(priority)s.") % {
            "priority": priority_name(changed.priority)
        }

    return _submit(request, ticket, "priority", lambda data: PriorityForm(data, scheme=scheme), act)


def _by_number(request, number: str):
    number = " ".join(number.split())
    if not number:
        raise ActionError(_("Type a case number."), code="required", field="number")
    visible = tickets_visible_to(request.user)
    found = visible.filter(number=number).first() or visible.filter(number=number.upper()).first()
    if found is None:
        raise ActionError(
            _("No ticket has case number %(number)s: check the number.") % {"number": number},
            code="unknown_number",
            field="number",
        )
    return found


@staff_only
@require_POST
def link_problem(request, ticket_id):
    """Link the ticket to the problem behind it (T7)."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)

    def act(form):
        data = form.cleaned_data
        problem = _by_number(request, data["number"])
        try:
            actions.link_problem(
                ticket,
                actor=request.user,
                channel=Channel.WEB,
                problem=problem,
                expected_version=data["version"],
            )
        except ActionError as error:
            if error.field == "problem":
                error.field = "number"
            raise
        return _("Linked to problem %(number)s.") % {"number": problem.number}

    return _submit(
        request,
        ticket,
        "problem",
        lambda data: NumberForm(data, prefix="problem", label=_problem_label()),
        act,
    )


@staff_only
@require_POST
def merge(request, ticket_id):
    """Merge this ticket (a duplicate) into another one of the same organisation: level 2
    and up (``MERGE_TICKETS``), 403 for others."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)
    require(request.user, Perm.MERGE_TICKETS)

    def act(form):
        data = form.cleaned_data
        into = _by_number(request, data["number"])
        try:
            target = actions.merge(
                ticket,
                actor=request.user,
                channel=Channel.WEB,
                into=into,
                expected_version=data["version"],
            )
        except ActionError as error:
            if error.field == "into":
                error.field = "number"
            raise
        return (
            _("%(source)s was merged into this ticket.") % {"source": ticket.number},
            target,
        )

    return _submit(
        request,
        ticket,
        "merge",
        lambda data: NumberForm(data, prefix="merge", label=_merge_label()),
        act,
    )


@staff_only
@require_POST
def record_resolution(request, ticket_id, what: str):
    """Record the workaround (service restored) or the definitive solution (T5)."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)
    record = actions.record_workaround if what == "workaround" else actions.record_solution

    def act(form):
        data = form.cleaned_data
        record(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            text=data["text"],
            expected_version=data["version"],
        )
        if what == "workaround":
            return _("Workaround recorded: service restored.")
        return _("Definitive solution recorded.")

    return _submit(request, ticket, what, lambda data: ResolutionForm(data, prefix=what), act)


# --- phone calls and time ------------------------------------------------------------------


@staff_only
@require_POST
def phone_call(request, ticket_id):
    """Log a call with the customer (C2, C6): it becomes a message on the ticket."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)

    def act(form):
        data = form.cleaned_data
        work.log_phone_call(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            direction=data["direction"],
            outcome=data["outcome"],
            duration_seconds=form.duration(),
            notes=data["notes"],
            expected_version=data["version"],
        )
        return _("Phone call logged.")

    return _submit(request, ticket, "call", PhoneCallForm, act)


@staff_only
@require_POST
def time_entry(request, ticket_id):
    """Time worked on the ticket, billable or not (T12)."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)

    def act(form):
        data = form.cleaned_data
        entry = work.add_time_entry(
            ticket,
            actor=request.user,
            channel=Channel.WEB,
            minutes=data["minutes"],
            note=data["note"],
            billable=data["billable"],
            expected_version=data["version"],
        )
        return _("%(minutes)s min recorded.") % {"minutes": entry.minutes}

    return _submit(request, ticket, "time", TimeEntryForm, act)


# --- service levels ------------------------------------------------------------------------


@staff_only
@require_GET
def sla_explanation(request, ticket_id, name):
    """Why a clock's due time is what it is: the counted and skipped stretches from its start,
    business hours, closed days, holidays and pauses (S12), in the reader's language."""
    ticket = access_ticket_for(request.user, ticket_id, work=True)
    clock = next((c for c in clocks_visible_to(request.user, ticket) if c.name == name), None)
    if clock is None:
        raise Http404
    steps = explain_clock(ticket, name, language=_language())
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
