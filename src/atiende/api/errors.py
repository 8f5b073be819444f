"""Every API error is JSON with a stable ``code`` (the exception handler of REST_FRAMEWORK).

Bad input (400) and refused actions answer::

    {"detail": "<summary>", "errors": {"<field>": ["message", ...]}, "code": "<stable code>"}

401, 403, 404, 405, 409 and 415 answer ``{"detail": ..., "code": ...}`` (a 409 for a domain
conflict also names its field in ``errors`` when it has one). Domain errors
(``ActionError``, ``Conflict``) keep the action's translated message, code and field.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from atiende.core.errors import ActionError


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """``{"field": [...], "list_field": {0: [...]}}`` → ``{"field": [...], "list_field": [...]}``.

    Errors of list items are reported on the list field; nested objects as ``parent.child``.
    """
    errors: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = prefix if isinstance(key, int) and prefix else str(key)
            if prefix and not isinstance(key, int):
                name = f"{prefix}.{key}"
            for field, messages in _flatten(value, name).items():
                errors.setdefault(field, []).extend(messages)
    elif isinstance(detail, list | tuple):
        for item in detail:
            for field, messages in _flatten(item, prefix).items():
                errors.setdefault(field, []).extend(messages)
    else:
        errors.setdefault(prefix or api_settings.NON_FIELD_ERRORS_KEY, []).append(str(detail))
    return errors


def _codes(codes) -> set[str]:
    if isinstance(codes, Mapping):
        return set().union(*(_codes(value) for value in codes.values())) if codes else set()
    if isinstance(codes, list | tuple):
        return set().union(*(_codes(value) for value in codes)) if codes else set()
    return {str(codes)}


def _validation_body(exc: exceptions.ValidationError) -> dict:
    detail = exc.detail if isinstance(exc.detail, dict | list) else [exc.detail]
    errors = _flatten(detail)
    codes = _codes(exc.get_codes())
    fields = [name for name in errors if name != api_settings.NON_FIELD_ERRORS_KEY]
    if fields:
        summary = _("The request has errors in: %(fields)s.") % {"fields": ", ".join(fields)}
    else:
        summary = " ".join(errors.get(api_settings.NON_FIELD_ERRORS_KEY, [])) or _(
            "The request is not valid."
        )
    code = codes.pop() if len(codes) == 1 else "invalid"
    return {"detail": summary, "errors": errors, "code": code}


def exception_handler(exc, context):
    if isinstance(exc, ActionError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field or exc.status == 400:
            body["errors"] = {exc.field: [exc.message]} if exc.field else {}
        set_rollback()
        return Response(body, status=exc.status)
    if isinstance(exc, RequestDataTooBig):
        exc = BodyTooLarge(
            _("The body is larger than %(limit)s bytes.")
            % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError(
            _("The body has too many fields or files."), code="too_many_parts"
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django answers 500 and logs it
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = f"{exc.wait:.0f}"
    if isinstance(exc, exceptions.ValidationError):
        body = _validation_body(exc)
    else:
        detail = exc.detail
        if isinstance(detail, dict | list):  # never raised by this API, kept readable anyway
            body = _validation_body(exceptions.ValidationError(detail))
        else:
            body = {"detail": str(detail), "code": str(getattr(detail, "code", exc.default_code))}
        if exc.status_code == 400:
            body.setdefault("errors", {})
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)
