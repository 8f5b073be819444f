"""Every response carries the strict Content-Security-Policy, Referrer-Policy,
X-Content-Type-Options and Permissions-Policy: every URL of the URL conf (GET, anonymous and
signed in), error pages, the admin, the API and its docs, static files."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SAMPLE = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": "00000000-0000-0000-0000-0"}


def _directives(header: str) -> dict[str, str]:
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def _example(route: str) -> str:
    """A concrete path for a route: each converter filled with a sample value."""
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)


def _regex_example(regex: str) -> str:
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)
    text = text.replace(".*", "x").replace("\\", "")
    return re.sub(r"[()?+*\[\]]", "", text)


def every_url(patterns=None, prefix="/") -> list[str]:
    urls = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        part = _regex_example(route) if route.startswith("^") else _example(route)
        if isinstance(entry, URLResolver):
            urls.extend(every_url(entry.url_patterns, prefix + part))
        elif isinstance(entry, URLPattern):
            urls.append(prefix + part)
    return sorted(set(urls))


def assert_headers(response, url):
    assert _directives(response["Content-Security-Policy"]) == _directives(POLICY), url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions, url


def test_the_policy_is_the_strict_one():
    directives = _directives(POLICY)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe" not in POLICY


def test_the_url_conf_is_walked_whole():
    urls = every_url()
    for expected in ("/desk/", "/portal/", "/login/", "/admin/", "/api/docs/", "/api/schema/"):
        assert expected in urls
    assert len(urls) > 40


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "agent", "customer", "admin"])
def test_every_url_carries_the_headers(personas, role):
    client = Client(raise_request_exception=False)
    if role is not None:
        user = personas.by_role(role)
        if role == "admin":
            user.is_staff = user.is_superuser = True
            user.save()
        client.force_login(user)
    seen = set()
    for url in every_url():
        response = client.get(url)
        seen.add(response.status_code)
        assert_headers(response, url)
    assert 200 in seen and 404 in seen


@pytest.mark.django_db
def test_error_pages_and_static_files_carry_them(client, personas, settings):
    assert_headers(client.get("/no-such-page/"), "404")
    assert_headers(client.get("/static/atiende/atiende.css"), "static")
    assert_headers(client.get("/static/atiende/vendor/htmx.min.js"), "static")
    assert_headers(client.post("/language/", {"language": "es"}), "POST redirect")


def broken(request):
    raise RuntimeError("broken on purpose")


# A URL conf of this module alone, for a view that fails: the 500 page carries the headers too.
urlpatterns = [path("broken/", broken)]


@pytest.mark.django_db
@pytest.mark.urls("tests.web.test_security_headers")
def test_a_server_error_page_carries_them():
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert_headers(response, "500")
