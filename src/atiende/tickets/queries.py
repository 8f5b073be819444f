"""Reading tickets: filtered lists for the desk, the portal and the API."""

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from atiende.core.errors import ActionError
from atiende.sla import queries as sla_queries
from atiende.tickets import search
from atiende.tickets.access import tickets_visible_to
from atiende.tickets.codes import OPEN_CATEGORIES, EventCode, Kind, MessageKind, StateCategory
from atiende.tickets.models import Attachment, HistoryEvent, State, Ticket
from atiende.tickets.priority import desk_scheme

LIST_RELATED = ("state", "organisation", "requester", "assignee", "group", "service")
FILTERS = (
    "state",
    "kind",
    "priority",
    "organisation",
    "assignee",
    "group",
    "service",
    "text",
    "sla",
)
# Orders of a ticket list: newest first (the default), or by the next SLA due time (staff).
ORDERINGS = ("-id", "next_due")


def _ids_or_slugs(field: str, value: str, slug_field: str | None) -> Q:
    values = [v.strip() for v in value.split(",") if v.strip()]
    ids = [int(v) for v in values if v.isdigit()]
    names = [v for v in values if not v.isdigit()]
    if names and slug_field is None:
        raise ActionError(
            _("%(field)s takes numeric ids, comma-separated.") % {"field": field},
            code="invalid_filter",
            field=field,
        )
    query = Q(**{f"{field}_id__in": ids}) if ids else Q(pk__in=[])
    if names:
        query |= Q(**{f"{field}__{slug_field}__in": names})
    return query


def filter_tickets(queryset: QuerySet[Ticket], params: Mapping[str, str], user) -> QuerySet:
    """Apply the list filters in ``params``; an unknown value is a clear error."""
    for name in ("state", "kind", "priority", "organisation", "assignee", "group", "service"):
        value = (params.get(name) or "").strip()
        if not value:
            continue
        if name == "state":
            values = value.split(",")
            if values == ["open"] or value == "open":
                queryset = queryset.filter(state__category__in=OPEN_CATEGORIES)
            else:
                categories = [v for v in values if v in StateCategory.values]
                codes = [v for v in values if v not in StateCategory.values]
                queryset = queryset.filter(
                    Q(state__category__in=categories) | Q(state__code__in=codes)
                )
        elif name == "kind":
            kinds = value.split(",")
            unknown = [k for k in kinds if k not in Kind.values]
            if unknown:
                raise ActionError(
                    _("Unknown kind %(kind)s: use incident, request or problem.")
                    % {"kind": ", ".join(unknown)},
                    code="invalid_filter",
                    field="kind",
                )
            queryset = queryset.filter(kind__in=kinds)
        elif name == "priority":
            queryset = queryset.filter(priority__in=value.split(","))
        elif name == "assignee":
            if value == "me":
                queryset = queryset.filter(assignee=user)
            elif value == "none":
                queryset = queryset.filter(assignee__isnull=True)
            else:
                queryset = queryset.filter(_ids_or_slugs("assignee", value, "username"))
        elif name == "group":
            if value == "none":
                queryset = queryset.filter(group__isnull=True)
            else:
                queryset = queryset.filter(_ids_or_slugs("group", value, "slug"))
        elif name == "organisation":
            queryset = queryset.filter(_ids_or_slugs("organisation", value, "slug"))
        elif name == "service":
            queryset = queryset.filter(_ids_or_slugs("service", value, "code"))
    queryset = _filter_more(queryset, params)
    text = (params.get("text") or "").strip()
    if text:
        if len(text) > 200:
            raise ActionError(
                _("The search text is too long (200 characters at most)."),
                code="invalid_filter",
                field="text",
            )
        if user.is_agent:
            # Staff: full text over number, subject, description and every message, internal
            # notes included (tickets/search.py).
            queryset = search.matching(queryset, text)
        else:
            queryset = queryset.filter(
                Q(number__iexact=text) | Q(subject__icontains=text) | Q(description__icontains=text)
            )
    sla = (params.get("sla") or "").strip()
    if sla:
        if not user.is_agent:
            raise ActionError(
                _("Only support staff may filter by service level."),
                code="staff_only",
                field="sla",
            )
        queryset = sla_queries.filter_tickets_by_sla(queryset, sla)
    return queryset


def _day(params: Mapping[str, str], name: str):
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ActionError(
            _("%(value)s is not a date: write it as YYYY-MM-DD.") % {"value": value},
            code="invalid_filter",
            field=name,
        ) from None


def _filter_more(queryset: QuerySet, params: Mapping[str, str]) -> QuerySet:
    """Sub-type and channel (comma-separated codes), created from / up to a day (inclusive,
    in the current time zone)."""
    for name in ("subtype", "channel"):
        value = (params.get(name) or "").strip()
        if value:
            queryset = queryset.filter(**{f"{name}__in": [v.strip() for v in value.split(",")]})
    zone = timezone.get_current_timezone()
    after, before = _day(params, "created_after"), _day(params, "created_before")
    if after and before and after > before:
        raise ActionError(
            _("The created range ends before it starts: swap the two dates."),
            code="invalid_filter",
            field="created_before",
        )
    if after:
        queryset = queryset.filter(created_at__gte=datetime.combine(after, time(), zone))
    if before:
        next_day = datetime.combine(before, time(), zone) + timedelta(days=1)
        queryset = queryset.filter(created_at__lt=next_day)
    return queryset


def ticket_list(user, params: Mapping[str, str] | None = None) -> QuerySet[Ticket]:
    """Tickets ``user`` may see, filtered, with what a list row shows; newest first unless
    ``params["ordering"]`` says ``next_due`` (see :func:`order_tickets`)."""
    params = params or {}
    queryset = tickets_visible_to(user).select_related(*LIST_RELATED)
    return order_tickets(filter_tickets(queryset, params, user), params.get("ordering"), user)


def ticket_detail(user, ticket: Ticket) -> Ticket:
    return (
        Ticket.objects.select_related(
            *LIST_RELATED, "site", "problem", "merged_into", "sla_policy", "pack"
        )
        .filter(pk=ticket.pk)
        .get()
    )


# --- appended for the REST API -------------------------------------------------------------

# History a customer may read: its ticket's conversation and lifecycle. Everything else
# (internal notes, problem links, service-level bookkeeping, codes added later) is staff-only
# until it is listed here.
CUSTOMER_EVENTS = (
    EventCode.CREATED,
    EventCode.REPLIED,
    EventCode.ASSIGNED,
    EventCode.STATE_CHANGED,
    EventCode.PRIORITY_CHANGED,
    EventCode.MERGED_INTO,
    EventCode.MERGED_FROM,
    EventCode.WORKAROUND_RECORDED,
    EventCode.SOLUTION_RECORDED,
    EventCode.ATTACHMENT_ADDED,
    EventCode.FIRST_RESPONSE,
    EventCode.FLAGGED,  # C4: why the ticket does not count for the SLA, told to the customer
)


def history_visible_to(user, ticket: Ticket) -> QuerySet[HistoryEvent]:
    """The ticket's history as ``user`` may read it (T14).

    Staff read all of it. Customers read the events in ``CUSTOMER_EVENTS``, without the files
    attached to internal notes.
    """
    events = ticket.history.all()
    if user.is_agent:
        return events
    events = events.filter(code__in=CUSTOMER_EVENTS)
    internal_files = list(
        Attachment.objects.filter(ticket=ticket, message__kind=MessageKind.INTERNAL).values_list(
            "pk", flat=True
        )
    )
    if internal_files:
        events = events.exclude(
            code=EventCode.ATTACHMENT_ADDED, data__attachment__in=internal_files
        )
    return events


def opened_ticket_detail(user, ticket: Ticket) -> Ticket:
    """A ticket ``actions.open_ticket`` just returned, with ``visible_messages``,
    ``visible_attachments`` and ``visible_history`` set as :func:`history_visible_to` and
    ``tickets.access`` would give them, from the rows the creation wrote (no reading back).

    A new ticket has one public message and no internal notes: customers see its files and,
    of its history, the events in ``CUSTOMER_EVENTS``.
    """
    ticket.visible_messages = [ticket.first_message]
    ticket.visible_attachments = list(ticket.written_attachments)
    events = ticket.written_history
    if not user.is_agent:
        events = [event for event in events if event.code in CUSTOMER_EVENTS]
    ticket.visible_history = list(events)
    return ticket


def check_list_filters(params: Mapping[str, str]) -> None:
    """Refuse filter values that cannot match anything by mistake (a typo, a NUL byte).

    ``ticket_list`` ignores unknown state codes and priorities (they match nothing); an API
    caller is better served by an error that names the values it may use.
    """
    for name in FILTERS:
        if "\x00" in (params.get(name) or ""):
            raise ActionError(
                _("The filter contains a NUL character."), code="invalid_filter", field=name
            )
    states = [v.strip() for v in (params.get("state") or "").split(",") if v.strip()]
    if states and states != ["open"]:
        known = set(StateCategory.values) | set(State.objects.values_list("code", flat=True))
        unknown = [v for v in states if v not in known]
        if unknown:
            raise ActionError(
                _(
                    "Unknown state %(values)s: use open, a category (%(categories)s) "
                    "or a state code."
                )
                % {"values": ", ".join(unknown), "categories": ", ".join(StateCategory.values)},
                code="invalid_filter",
                field="state",
            )
    priorities = [v.strip() for v in (params.get("priority") or "").split(",") if v.strip()]
    allowed = desk_scheme().priorities if priorities else ()  # every pack's priorities
    unknown = [v for v in priorities if v not in allowed]
    if unknown:
        raise ActionError(
            _("Unknown priority %(values)s: use %(allowed)s.")
            % {"values": ", ".join(unknown), "allowed": ", ".join(allowed)},
            code="invalid_filter",
            field="priority",
        )


def order_tickets(queryset: QuerySet[Ticket], ordering: str | None, user) -> QuerySet[Ticket]:
    """Newest first (``-id``, the default), or ``next_due``: the earliest running SLA due time
    first, tickets without one last (staff only: customers do not see warnings and breaches)."""
    ordering = (ordering or "-id").strip() or "-id"
    if ordering not in ORDERINGS:
        raise ActionError(
            _("Unknown ordering %(value)s: use %(allowed)s.")
            % {"value": ordering, "allowed": ", ".join(ORDERINGS)},
            code="invalid_ordering",
            field="ordering",
        )
    if ordering == "next_due":
        if not user.is_agent:
            raise ActionError(
                _("Only support staff may sort by service level."),
                code="staff_only",
                field="ordering",
            )
        return sla_queries.order_by_next_due(queryset)
    return queryset.order_by("-id")
