"""Keyset pagination by id for ticket lists: ``?before=<id>``, constant cost at any depth."""

from dataclasses import dataclass

from django.db.models import QuerySet


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
