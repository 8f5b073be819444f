"""/api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI served by the app, no CDN)."""

import re

import yaml
from django.core.management import call_command
from django.test import Client
from drf_spectacular.validation import validate_schema

from tests.api.conftest import api_v1_endpoints, openapi


def test_it_serves_a_valid_openapi_3_schema_with_every_endpoint(db):
    response = Client().get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    documented = {
        (path, method.upper()) for path, operations in schema["paths"].items()
        for method in operations
    }  # fmt: skip
    endpoints = api_v1_endpoints()
    assert len(endpoints) == 35
    for (name, method), path in endpoints.items():
        assert (path, method) in documented, (name, method, path)
    assert {path for path, _ in documented} == set(endpoints.values())


def test_it_generates_the_schema_without_warnings(db, tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))

    assert yaml.safe_load(target.read_text())["info"]["title"] == "Atiende API"


def test_it_documents_errors_and_both_authentications(db):
    schema = openapi()

    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {
        "detail",
        "code",
        "errors",
    }
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}
    create = schema["paths"]["/api/v1/tickets/"]["post"]
    assert set(create["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    upload = schema["paths"]["/api/v1/tickets/{id}/attachments/"]["post"]
    assert set(upload["requestBody"]["content"]) == {"application/json", "multipart/form-data"}


def test_it_serves_the_docs_from_its_own_static_files(db):
    response = Client().get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    # Swagger UI from drf-spectacular-sidecar, our stylesheet, the start-up script as a file
    # (the Content-Security-Policy allows no inline script or style).
    assert all(
        asset.startswith(("/static/drf_spectacular_sidecar/", "/static/atiende/"))
        or asset == "/api/docs/?script="
        for asset in assets
    ), assets
    assert "<script>" not in html and "<style" not in html
    assert not re.search(r"https?://(?!testserver)", html), re.findall(r"https?://[^\"' ]+", html)
    for asset in assets:
        served = Client().get(asset)
        assert served.status_code == 200, asset
