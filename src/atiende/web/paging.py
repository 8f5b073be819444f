"""Keyset pagination for ticket lists, constant cost at any depth: by id (``?before=<id>``,
newest first) or in next-due order (``?after=<position>``)."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import QuerySet

from atiende.sla.queries import tickets_after_in_due_order


@dataclass(frozen=True)
class Page:
    rows: list
    next_query: str | None  # query string of the next (older) page, if there is one
    first_query: str | None  # query string of the first page, when not on it


def keyset_page(queryset: QuerySet, request, before: int | None, size: int) -> Page:
    """One page of ``queryset`` (ordered newest first) below id ``before``."""
    if before:
        queryset = queryset.filter(pk__lt=before)
    rows = list(queryset[: size + 1])
    next_query = None
    if len(rows) > size:
        rows = rows[:size]
        query = request.GET.copy()
        query["before"] = str(rows[-1].pk)
        next_query = query.urlencode()
    first_query = None
    if before:
        query = request.GET.copy()
        query.pop("before", None)
        first_query = query.urlencode()
    return Page(rows=rows, next_query=next_query, first_query=first_query)


def due_position(ticket) -> str:
    """The page marker of a row in next-due order: ``<id>`` or ``<id>@<due time in UTC>``."""
    if ticket.next_due_at is None:
        return str(ticket.pk)
    return f"{ticket.pk}@{ticket.next_due_at.astimezone(UTC).isoformat()}"


def due_keyset_page(
    queryset: QuerySet, request, after: tuple[datetime | None, int] | None, size: int
) -> Page:
    """One page of ``queryset`` (in ``sla.queries.order_by_next_due`` order) after the
    position ``after`` = (due time or None, id) of the previous page's last row."""
    if after:
        queryset = tickets_after_in_due_order(queryset, *after)
    rows = list(queryset[: size + 1])
    next_query = None
    if len(rows) > size:
        rows = rows[:size]
        query = request.GET.copy()
        query["after"] = due_position(rows[-1])
        next_query = query.urlencode()
    first_query = None
    if after:
        query = request.GET.copy()
        query.pop("after", None)
        first_query = query.urlencode()
    return Page(rows=rows, next_query=next_query, first_query=first_query)
