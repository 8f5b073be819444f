"""Keyset (cursor) pagination on the primary key, newest first.

A malformed ``cursor`` or ``page_size`` is a 400 naming the parameter, never a silent
default or a 500.
"""

from base64 import b64decode
from binascii import Error as Base64Error
from urllib import parse

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor, CursorPagination

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
