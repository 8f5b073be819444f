"""The desk list (``/desk/``): queues with live counts, saved views, filters, full-text
search, keyset pages in next-due order, bulk assign / transition / merge, htmx polling.

Thin adapters: the queues and counts are ``tickets.queues``, the search ``tickets.search``,
bulk changes ``tickets.bulk`` (each ticket through its real action), saved views
``accounts.saved_views``.
"""

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from atiende.accounts import saved_views
from atiende.core import configcache
from atiende.core.errors import ActionError
from atiende.tickets import bulk, queues
from atiende.tickets.access import tickets_visible_to
from atiende.tickets.codes import Channel
from atiende.tickets.priority import scheme_for
from atiende.web.decorators import staff_only
from atiende.web.forms import show_action_error
from atiende.web.forms_desk_list import (
    BulkForm,
    DeskFilterForm,
    ListChoices,
    RenameViewForm,
    SavedViewForm,
    subtype_choices,
)
from atiende.web.paging import due_keyset_page, keyset_page
from atiende.web.sla import attach_running_clocks

PAGE_SIZE = 50
POLL_SECONDS = 30
# What a row shows (web/desk_rows.py): the state, organisation, requester, assignee and group
# are joined; the service is not shown, and each joined table adds planning time to the page's
# query (about 3 ms of PostgreSQL planning for the service at 1,000,000 tickets).
ROW_RELATED = ("state", "organisation", "requester", "assignee", "group")
# ... and only the columns a row, its badges and the page markers read (a ticket has a dozen
# dates and long texts the list never shows).
ROW_FIELDS = (
    "number",
    "subject",
    "priority",
    "channel",
    "version",
    "next_due_at",
    "sla_policy",
    *ROW_RELATED,
    "state__code",
    "state__category",
    "state__labels",
    "organisation__name",
    "requester__name",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
    "group__name",
)


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _sidebar(request, current: dict[str, str], view_id: int | None) -> dict:
    user = request.user
    views = list(saved_views.views_visible_to(user))
    for view in views:
        view.query = QueryDict(mutable=True)
        view.query.update({**view.params, "view": str(view.pk)})
        view.editable = saved_views.can_edit(user, view)
    return {
        "queues": list(queues.QUEUES),
        "queue_counts": None,  # loaded by the sidebar's first poll (hx-trigger "load")
        "current_queue": current.get("queue", ""),
        "poll_seconds": POLL_SECONDS,
        "saved_views": views,
        "current_view": view_id,
    }


def _page(request, form):
    tickets = queues.desk_tickets(request.user, form.params())
    tickets = tickets.select_related(None).select_related(*ROW_RELATED).only(*ROW_FIELDS)
    if form.due_order:
        return due_keyset_page(tickets, request, form.cleaned_data["after"], PAGE_SIZE)
    return keyset_page(tickets, request, form.cleaned_data["before"], PAGE_SIZE)


def _by_number(user, text: str):
    """The ticket whose case number is ``text`` (any case), through the unique index."""
    if not text or " " in text or not any(c.isdigit() for c in text):
        return None
    return tickets_visible_to(user).filter(number__in={text, text.upper()}).first()


def _checked(request) -> set[int]:
    return {int(v) for v in request.GET.getlist("ticket") if v.isdigit()}


@staff_only
@require_GET
@configcache.snapshot()  # one read of the configuration generation per page
def desk_list(request):
    """The list; an htmx request (the 30 s poll) gets only the table partial."""
    query = request.GET.copy()
    query.pop("ticket", None)  # the poll sends the checked rows: not a filter
    if not query:
        query["queue"] = queues.DEFAULT_QUEUE  # /desk/: every open ticket, next due first
    choices = ListChoices()
    form = DeskFilterForm(
        query, scheme=scheme_for(), subtypes=subtype_choices(_language()), choices=choices
    )
    page = None
    if form.is_valid():
        text = (form.cleaned_data.get("text") or "").strip()
        if text and not request.htmx:
            # An exact case number goes straight to the ticket.
            match = _by_number(request.user, text)
            if match is not None:
                return redirect("desk:ticket", match.pk)
        try:
            page = _page(request, form)
        except ActionError as error:
            show_action_error(form, error)
        else:
            attach_running_clocks(page.rows, request.user)
    poll_query = query.copy()
    context = {
        "form": form,
        "page": page,
        "due_order": form.is_valid() and form.due_order,
        "checked": _checked(request),
        "poll_url": f"{reverse('desk:list')}?{poll_query.urlencode()}",
        "poll_seconds": POLL_SECONDS,
        "list_query": query.urlencode(),
    }
    if request.htmx:
        return render(request, "_partials/desk_ticket_table.html", context)
    view_id = form.cleaned_data.get("view") if form.is_valid() else None
    context.update(_sidebar(request, form.params() if form.is_valid() else {}, view_id))
    context["bulk_form"] = BulkForm(language=_language(), choices=choices)
    context["view_form"] = SavedViewForm(user=request.user)
    return render(request, "desk/desk_list.html", context)


@staff_only
@require_GET
def queue_counts(request):
    """The queue list with fresh counts (polled by the sidebar)."""
    context = {
        "queues": list(queues.QUEUES),
        "queue_counts": queues.queue_counts(request.user),
        "current_queue": request.GET.get("queue", ""),
        "poll_seconds": POLL_SECONDS,
    }
    return render(request, "_partials/desk_queues.html", context)


def _back(request):
    """Back to the list the person came from (``next``: a local URL only)."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("desk:list")


@staff_only
@require_POST
def bulk_action(request):
    """Apply one change to the checked tickets; a summary of what was done and refused."""
    form = BulkForm(request.POST, language=_language())
    ids = [int(v) for v in request.POST.getlist("ticket") if v.isdigit()]
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request)
    data = form.cleaned_data
    items = []
    for ticket_id in ids:
        version = request.POST.get(f"version_{ticket_id}", "")
        items.append((ticket_id, int(version) if version.isdigit() else None))
    options = {}
    if data["operation"] == "assign":
        if data["assignee"] is not None:
            options["assignee"] = data["assignee"]
        if data["group"] is not None:
            options["group"] = data["group"]
    elif data["operation"] == "transition":
        options = {"state": data["state"], "reason": data["reason"]}
    else:
        number = (data["into"] or "").strip()
        into = _by_number(request.user, number)
        if number and into is None:
            messages.error(
                request,
                _("There is no ticket %(number)s: check the case number.") % {"number": number},
            )
            return _back(request)
        options = {"into": into}
    try:
        result = bulk.apply(request.user, data["operation"], items, channel=Channel.WEB, **options)
    except ActionError as error:
        messages.error(request, error.message)
        return _back(request)
    if result.done:
        messages.success(
            request,
            _("Changed: %(numbers)s.") % {"numbers": ", ".join(result.done)},
        )
    for number, why in result.refused:
        messages.error(
            request, _("%(number)s was left as it was: %(why)s") % {"number": number, "why": why}
        )
    return _back(request)


def _view_params(request) -> dict[str, str]:
    query = QueryDict(request.POST.get("query", ""))
    form = DeskFilterForm(query, scheme=scheme_for(), subtypes=subtype_choices(_language()))
    return form.params() if form.is_valid() else {}


@staff_only
@require_POST
def view_create(request):
    """Save the list's current filters (``query``) as a view, personal or for a group."""
    form = SavedViewForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            view = saved_views.create_view(
                request.user,
                name=form.cleaned_data["name"],
                params=_view_params(request),
                group=form.cleaned_data["group"],
            )
        except ActionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
            query = QueryDict(mutable=True)
            query.update({**view.params, "view": str(view.pk)})
            return redirect(f"{reverse('desk:list')}?{query.urlencode()}")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return _back(request)


@staff_only
@require_POST
def view_rename(request, view_id):
    view = saved_views.access_view_for(request.user, view_id)
    form = RenameViewForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(_("Give the view a name."), code="required", field="name")
        saved_views.rename_view(request.user, view, name=form.cleaned_data["name"])
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("View renamed to “%(name)s”.") % {"name": view.name})
    return _back(request)


@staff_only
@require_POST
def view_delete(request, view_id):
    view = saved_views.access_view_for(request.user, view_id)
    name = view.name
    try:
        saved_views.delete_view(request.user, view)
    except ActionError as error:
        messages.error(request, error.message)
        return _back(request)
    messages.success(request, _("View “%(name)s” deleted.") % {"name": name})
    return redirect("desk:list")
