"""Base of every API view, shared helpers, and the JSON 404 for unknown API paths."""

import zoneinfo

from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from atiende.api.pagination import IdCursorPagination
from atiende.api.parsers import JSONParser, MultiPartParser
from atiende.api.schema import ApiAutoSchema
from atiende.api.serializers import ErrorSerializer
from atiende.core import configcache

# Query parameters every endpoint tolerates: ``lang`` (the answer's language).
GLOBAL_QUERY_PARAMS = ("lang",)


def error_responses(*statuses: int) -> dict:
    return dict.fromkeys(statuses, ErrorSerializer)


class ApiView(GenericAPIView):
    """JSON in and out, authenticated (token or session), answers in the request's language.

    OPTIONS is not served: the OpenAPI schema at /api/schema/ describes every endpoint.
    """

    http_method_names = ["get", "post", "patch", "head"]
    schema = ApiAutoSchema()
    parser_classes = [JSONParser]
    pagination_class = IdCursorPagination
    lookup_url_kwarg = "id"

    def dispatch(self, request, *args, **kwargs):
        self._adopted_config = None
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            configcache.release(self._adopted_config)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if hasattr(request.auth, "config_token"):  # read with the API token: not read again
            self._adopted_config = configcache.adopt(request.auth.config_token)
        _activate_language(request)

    def parse(self, serializer_class, *, partial: bool = False) -> dict:
        """Validate the body with ``serializer_class`` (a 400 names every bad field)."""
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def out(self, serializer_class, instance, **kwargs):
        return serializer_class(instance, context=self.get_serializer_context(), **kwargs).data

    def paginated(self, serializer_class, queryset):
        """One page of ``queryset``, rendered with ``serializer_class``."""
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.out(serializer_class, page, many=True))


class MultiPartApiView(ApiView):
    """Accepts multipart/form-data (files) besides JSON."""

    parser_classes = [JSONParser, MultiPartParser]


def _activate_language(request) -> None:
    """The request's language and the user's time zone, as the middleware does for sessions.

    Language: ``?lang=``, else Accept-Language (or the language cookie) when the client sends
    one, else the user's own language. Only the desk's languages (settings.LANGUAGES).
    """
    user = request.user
    if request.GET.get("lang"):
        wanted = request.GET["lang"]
    elif request.META.get("HTTP_ACCEPT_LANGUAGE"):
        wanted = translation.get_language_from_request(request)
    else:
        wanted = getattr(user, "language", "") or translation.get_language()
    try:
        language = translation.get_supported_language_variant(wanted)
    except LookupError:
        language = None
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    if getattr(user, "time_zone", ""):
        try:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()


def request_language() -> str:
    """The answer's language as a bare code (``es``, ``en``), for texts built outside Django's
    translation machinery (business-time explanations)."""
    return (translation.get_language() or "en").split("-")[0]


def check_query_params(request, allowed: tuple[str, ...]) -> None:
    accepted = (*allowed, *GLOBAL_QUERY_PARAMS)
    errors = {}
    for name in request.query_params:
        if name not in accepted:
            errors[name] = [
                _("Unknown query parameter: this endpoint accepts %(names)s.")
                % {"names": ", ".join(accepted)}
            ]
        elif len(request.query_params.getlist(name)) > 1:
            errors[name] = [_("Give this parameter once (several values: comma-separated).")]
    if errors:
        raise ValidationError(errors, code="invalid_query")


class FirstRendererNegotiation(DefaultContentNegotiation):
    """For file downloads: the answer's type is the file's, whatever the client accepts."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other path under /api/: a JSON 404 (with a hint when only the slash is missing)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]

    def not_found(self, request, *args, **kwargs):
        raise NotFound(self._message(request.path), code="no_such_endpoint")

    get = post = put = patch = delete = head = options = trace = not_found

    @staticmethod
    def _message(path: str) -> str:
        if not path.endswith("/"):
            try:
                match = resolve(path + "/")
            except Resolver404:
                match = None
            if match is not None and match.url_name != "api-not-found":
                return _("No such endpoint: did you mean %(path)s/ (with a final slash)?") % {
                    "path": path
                }
        return _("No such endpoint. The endpoints are listed at /api/docs/.")
