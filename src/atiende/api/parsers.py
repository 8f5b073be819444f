"""Request body parsers with clear messages for malformed input."""

import json

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def _refuse_constant(name: str):
    raise ValueError(name)


class JSONParser(parsers.JSONParser):
    """Strict JSON (no NaN or Infinity); a syntax error names its line and column.

    The size limit (DATA_UPLOAD_MAX_MEMORY_SIZE) is applied by Django when the body is read:
    the exception handler turns it into a 413.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError:
            raise ParseError(
                _("The body is not valid %(encoding)s text.") % {"encoding": encoding},
                code="malformed_json",
            ) from None
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except json.JSONDecodeError as exc:
            raise ParseError(
                _("The body is not valid JSON: %(reason)s (line %(line)s, column %(column)s).")
                % {"reason": exc.msg, "line": exc.lineno, "column": exc.colno},
                code="malformed_json",
            ) from None
        except ValueError as exc:
            raise ParseError(
                _("The body is not valid JSON: %(value)s is not a JSON number.")
                % {"value": exc.args[0]},
                code="malformed_json",
            ) from None
        except RecursionError:
            raise ParseError(_("The body is nested too deeply."), code="malformed_json") from None


class MultiPartParser(parsers.MultiPartParser):
    """multipart/form-data for uploads; a broken body is a 400 with a clear message."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(
                _("The multipart body cannot be read: %(reason)s") % {"reason": exc.detail},
                code="malformed_multipart",
            ) from None
