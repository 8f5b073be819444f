"""/api/v1/users/: administrators list, create and read users (R2)."""

import pytest

from atiende.accounts.models import User
from tests.api.conftest import url


def test_it_creates_a_customer_user_with_a_contact(personas, client_for):
    response = client_for(personas.admin).post(
        url("api-user-list"),
        {"username": "carla", "email": "carla@example.com", "role": "customer",
         "organisation": "alpha", "password": "a-long-enough-passphrase", "name": "Carla"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201
    user = User.objects.get(username="carla")
    assert (user.role, user.organisation, user.first_name) == ("customer", personas.org, "Carla")
    assert user.check_password("a-long-enough-passphrase")
    assert user.contact.organisation == personas.org
    body = response.json()
    assert "password" not in body
    assert body["organisation"]["slug"] == "alpha"
    assert body["contact"]["id"] == user.contact.pk


def test_it_creates_staff_without_a_password(personas, client_for):
    response = client_for(personas.admin).post(
        url("api-user-list"), {"username": "night-agent", "role": "agent_l2"}, format="json"
    )

    assert response.status_code == 201
    user = User.objects.get(username="night-agent")
    assert (user.role, user.organisation, user.has_usable_password()) == ("agent_l2", None, False)


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"username": "x", "role": "customer"}, "organisation", "required"),
        (
            {"username": "x", "role": "agent", "organisation": "alpha"},
            "organisation",
            "staff_with_organisation",
        ),
        ({"username": "ADMIN", "role": "agent"}, "username", "duplicate"),
        ({"username": "x", "role": "agent", "password": "123"}, "password", "weak_password"),
        ({"username": "x", "role": "root"}, "role", "invalid_choice"),
    ],
)
def test_it_refuses_bad_users(personas, client_for, body, field, code):
    before = User.objects.count()

    response = client_for(personas.admin).post(url("api-user-list"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert response.json()["code"] == code
    assert User.objects.count() == before


def test_it_lists_and_reads_users(personas, client_for, django_assert_num_queries):
    client = client_for(personas.admin)

    with django_assert_num_queries(2):
        listed = client.get(url("api-user-list"))
    detail = client.get(url("api-user-detail", personas.customer.pk))

    assert {u["username"] for u in listed.json()["results"]} == set(
        User.objects.values_list("username", flat=True)
    )
    assert detail.json()["organisation"]["slug"] == "alpha"
    assert detail.json()["role"] == "customer"


def test_it_keeps_users_from_everyone_but_administrators(personas, client_for):
    for role in ("manager", "supervisor", "customer_admin"):
        client = client_for(personas.by_role(role))
        assert client.get(url("api-user-list")).status_code == 403
        assert client.post(url("api-user-list"), {"username": "sneaky", "role": "admin"},
                           format="json").status_code == 403  # fmt: skip
    assert not User.objects.filter(username="sneaky").exists()
