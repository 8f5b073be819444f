"""Keyset (cursor) pagination: on the primary key, newest first, and in next-due order.

A malformed ``cursor`` or ``page_size`` is a 400 naming the parameter, never a silent
default or a 500.
"""

from base64 import b64decode, b64encode
from binascii import Error as Base64Error
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib import parse

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

from atiende.sla.queries import (
    order_by_next_due,
    tickets_after_in_due_order,
    tickets_before_in_due_order,
)

QUERY_PARAMS = ("cursor", "page_size")
_MAX_ID = 2**63 - 1


class IdCursorPagination(CursorPagination):
    """Keyset pagination on the primary key: constant cost at any depth."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Give a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
                    ]
                },
                code="invalid_page_size",
            )
        return int(raw)

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            tokens = parse.parse_qs(
                b64decode(encoded.encode("ascii"), validate=True).decode("ascii"),
                keep_blank_values=True,
            )
            offset = int(tokens.get("o", ["0"])[0])
            reverse = tokens.get("r", ["0"])[0]
            position = tokens.get("p", [None])[0]
            if (
                not 0 <= offset <= self.offset_cutoff
                or reverse not in ("0", "1")
                or (position is not None and not (position.isdigit() and int(position) <= _MAX_ID))
            ):
                raise ValueError(encoded)
        except (UnicodeError, ValueError, Base64Error):
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        _("This cursor is not valid: use the next or previous link of a page.")
                    ]
                },
                code="invalid_cursor",
            ) from None
        return Cursor(offset=offset, reverse=reverse == "1", position=position)


class NextDueCursorPagination(IdCursorPagination):
    """Keyset pagination in next-due order (``ordering=next_due``): earliest running SLA due
    time first, tickets without one last, ties newest first (``sla.queries.order_by_next_due``).

    The cursor holds the position of the row a page continues from: its due time (none for
    a ticket without one) and its id, so the order stays exact whatever the number of tickets
    that share a due time or have none. Constant cost at any depth.
    """

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        position = self.decode_due_cursor(request)
        size = self.page_size
        if position is None:
            rows = list(order_by_next_due(queryset)[: size + 1])
        elif not position.reverse:
            after = tickets_after_in_due_order(queryset, position.due_at, position.id)
            rows = list(order_by_next_due(after)[: size + 1])
        else:
            rows = list(
                tickets_before_in_due_order(queryset, position.due_at, position.id)[: size + 1]
            )
        more = len(rows) > size
        page = rows[:size]
        # From a page that came out empty (its rows changed meanwhile), the way on is the
        # first page.
        first = remove_query_param(self.base_url, self.cursor_query_param)
        self.next_link = self.previous_link = None
        if position is not None and position.reverse:
            page.reverse()
            self.next_link = self._link(page[-1], reverse=False) if page else first
            if more:
                self.previous_link = self._link(page[0], reverse=True)
        else:
            if more:
                self.next_link = self._link(page[-1], reverse=False)
            if position is not None:
                self.previous_link = self._link(page[0], reverse=True) if page else first
        self.page = page
        return page

    def get_next_link(self):
        return self.next_link

    def get_previous_link(self):
        return self.previous_link

    def _link(self, ticket, *, reverse: bool) -> str:
        tokens = {"r": "1" if reverse else "0", "i": str(ticket.pk)}
        if ticket.next_due_at is not None:
            tokens["d"] = ticket.next_due_at.astimezone(UTC).isoformat()
        encoded = b64encode(parse.urlencode(tokens).encode("ascii")).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def decode_due_cursor(self, request) -> "_DuePosition | None":
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            tokens = parse.parse_qs(
                b64decode(encoded.encode("ascii"), validate=True).decode("ascii"),
                keep_blank_values=True,
                strict_parsing=True,
            )
            if set(tokens) - {"r", "i", "d"} or any(len(v) != 1 for v in tokens.values()):
                raise ValueError(encoded)
            reverse = tokens["r"][0]
            ticket_id = tokens["i"][0]
            due_at = datetime.fromisoformat(tokens["d"][0]) if "d" in tokens else None
            if (
                reverse not in ("0", "1")
                or not (ticket_id.isdigit() and 0 < int(ticket_id) <= _MAX_ID)
                or (due_at is not None and due_at.tzinfo is None)
            ):
                raise ValueError(encoded)
        except (UnicodeError, ValueError, KeyError, Base64Error):
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        _("This cursor is not valid: use the next or previous link of a page.")
                    ]
                },
                code="invalid_cursor",
            ) from None
        return _DuePosition(due_at=due_at, id=int(ticket_id), reverse=reverse == "1")


@dataclass(frozen=True)
class _DuePosition:
    due_at: datetime | None
    id: int
    reverse: bool
