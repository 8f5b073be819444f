"""The header's language switch: saved on the user, or a cookie for anonymous visitors."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

URL = reverse("set_language")


def test_it_saves_the_users_language(client, personas):
    client.force_login(personas.agent)
    response = client.post(URL, {"language": "es", "next": "/desk/?kind=incident"})
    assert response.status_code == 302
    assert response.url == "/desk/?kind=incident"
    personas.agent.refresh_from_db()
    assert personas.agent.language == "es"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert '<html lang="es">' in client.get("/desk/").content.decode()


def test_it_refuses_an_unknown_language(client, personas):
    client.force_login(personas.customer)
    response = client.post(URL, {"language": "xx", "next": "/portal/"}, follow=True)
    personas.customer.refresh_from_db()
    assert personas.customer.language == "en"
    assert "Unknown language “xx”: use one of es, en." in response.content.decode()


def test_it_never_redirects_to_another_site(client, personas):
    client.force_login(personas.agent)
    response = client.post(URL, {"language": "en", "next": "https://evil.example.com/"})
    assert response.url == "/"


def test_it_sets_a_cookie_for_anonymous_visitors(client, db):
    response = client.post(URL, {"language": "es", "next": "/login/"})
    assert response.status_code == 302
    assert response.url == "/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert '<html lang="es">' in client.get("/login/").content.decode()


def test_it_only_takes_posts(client, personas):
    client.force_login(personas.agent)
    assert client.get(URL, {"language": "es"}).status_code == 405
    personas.agent.refresh_from_db()
    assert personas.agent.language == "en"


@pytest.mark.parametrize("signed_in", [True, False])
def test_it_needs_a_csrf_token(personas, signed_in):
    client = Client(enforce_csrf_checks=True)
    if signed_in:
        client.force_login(personas.agent)
    assert client.post(URL, {"language": "es"}).status_code == 403
    personas.agent.refresh_from_db()
    assert personas.agent.language == "en"
