"""API test helpers: a client that signs in with a real token and checks every JSON answer
against the generated OpenAPI schema (STYLE rule 13)."""

import json
import re
from functools import cache

import jsonschema
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from atiende.accounts.actions import create_token
from atiende.tickets.models import Attachment, HistoryEvent, Message, Ticket

API = "/api/v1/"


@cache
def openapi() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _to_jsonschema(node):
    """OpenAPI 3.0 schema → JSON Schema; objects refuse properties the schema does not list."""
    if isinstance(node, list):
        return [_to_jsonschema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {
        key: (value if key == "enum" else _to_jsonschema(value))
        for key, value in node.items()
        if key not in ("nullable", "readOnly", "writeOnly", "example", "discriminator")
    }
    if "properties" in converted and "additionalProperties" not in converted:
        converted["additionalProperties"] = False
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@cache
def _components() -> dict:
    return _to_jsonschema(openapi()["components"])


@cache
def _path_patterns() -> list[tuple[re.Pattern, str]]:
    return [
        (re.compile("^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$"), template)
        for template in openapi()["paths"]
    ]


def response_schema(path: str, method: str, status: int) -> dict | None:
    """The documented JSON schema of an answer; a missing operation or status fails."""
    if status == 405:  # a method the endpoint does not have: the JSON error
        return openapi()["components"]["schemas"]["Error"]
    for pattern, template in _path_patterns():
        if pattern.match(path):
            operation = openapi()["paths"][template].get(method.lower())
            break
    else:
        # Paths outside the schema answer the catch-all JSON 404.
        return openapi()["components"]["schemas"]["Error"] if status == 404 else None
    assert operation is not None, f"{method} {path} is not in the OpenAPI schema"
    responses = operation["responses"]
    assert str(status) in responses, f"{method} {path} answered {status}, not documented"
    content = responses[str(status)].get("content", {})
    return content.get("application/json", {}).get("schema")


def assert_matches_schema(response) -> None:
    path, method = response.request["PATH_INFO"], response.request["REQUEST_METHOD"]
    if not path.startswith(API) or method == "HEAD":
        return
    schema = response_schema(path, method, response.status_code)
    if response.get("Content-Type", "").startswith("application/json"):
        assert schema is not None, f"{method} {path} {response.status_code}: no JSON documented"
        document = {"components": _components(), "allOf": [_to_jsonschema(schema)]}
        jsonschema.validate(json.loads(response.content), document)


class ApiClient(APIClient):
    """An API client whose answers are validated against the OpenAPI schema."""

    def as_user(self, user) -> "ApiClient":
        self.credentials(HTTP_AUTHORIZATION=f"Token {create_token(user)}")
        return self

    def request(self, **kwargs):
        response = super().request(**kwargs)
        assert_matches_schema(response)
        return response


@pytest.fixture
def client_for(db):
    """``client_for(user)``: an API client signed in as ``user`` with a token."""

    def make(user=None) -> ApiClient:
        client = ApiClient()
        return client.as_user(user) if user is not None else client

    return make


def counts() -> dict[str, int]:
    """Rows that a refused request must leave untouched."""
    return {
        "tickets": Ticket.objects.count(),
        "messages": Message.objects.count(),
        "history": HistoryEvent.objects.count(),
        "attachments": Attachment.objects.count(),
    }


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def api_v1_endpoints() -> dict[tuple[str, str], str]:
    """{(URL name, method): OpenAPI path} for every pattern under /api/v1/ and every method
    its view has (HEAD and OPTIONS aside)."""
    found = {}

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
                continue
            route = prefix + str(pattern.pattern)
            if not (isinstance(pattern, URLPattern) and route.startswith("api/v1/")):
                continue
            assert pattern.name, f"{route} has no name"
            view = pattern.callback.view_class
            template = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
            for method in view.http_method_names:
                if method not in ("head", "options") and hasattr(view, method):
                    found[(pattern.name, method.upper())] = template

    walk(get_resolver().url_patterns, "")
    return found
