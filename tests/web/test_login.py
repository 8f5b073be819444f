"""Logging in and out; the front door sends each role to its side (R2)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD


def test_it_shows_the_login_form(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'for="id_username"' in body
    assert 'for="id_password"' in body


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("agent", "desk:list"),
        ("supervisor", "desk:list"),
        ("customer", "portal:list"),
        ("customer_admin", "portal:list"),
    ],
)
def test_it_logs_in_and_sends_each_role_home(client, personas, role, home):
    user = personas.by_role(role)
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(home)
    assert response.status_code == 200
    assert response.context["user"] == user


def test_it_refuses_a_wrong_password(client, personas):
    response = client.post(reverse("login"), {"username": "agent", "password": "wrong-one"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_it_logs_out(client, personas):
    client.force_login(personas.agent)
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/", "/desk/", "/portal/", "/portal/new/"])
def test_it_sends_anonymous_visitors_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
