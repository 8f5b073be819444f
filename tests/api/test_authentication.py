"""Token and session authentication; credentials are personal (R3)."""

from django.forms.models import model_to_dict
from django.test import Client
from rest_framework.authtoken.models import Token

from atiende.accounts.actions import create_token
from atiende.api.authentication import TokenAuthentication
from atiende.tickets.models import Ticket
from tests import factories
from tests.api.conftest import ApiClient, url
from tests.factories import PASSWORD

BODY = {"subject": "Voice trunk down", "description": "No calls since 09:00."}


def test_it_asks_anonymous_callers_to_authenticate(db):
    response = ApiClient().get(url("api-ticket-list"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }


def test_it_refuses_an_unknown_or_replaced_token(personas):
    old = create_token(personas.customer)
    create_token(personas.customer)  # a new token replaces the old one

    replaced = ApiClient(HTTP_AUTHORIZATION=f"Token {old}").get(url("api-ticket-list"))
    unknown = ApiClient(HTTP_AUTHORIZATION="Token nope").get(url("api-ticket-list"))

    assert replaced.status_code == unknown.status_code == 401
    assert replaced.json() == {"detail": "Invalid token.", "code": "authentication_failed"}


def test_it_refuses_the_token_of_a_deactivated_user(personas):
    token = create_token(personas.agent)
    personas.agent.is_active = False
    personas.agent.save()

    response = ApiClient(HTTP_AUTHORIZATION=f"Token {token}").get(url("api-ticket-list"))

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_it_accepts_a_session_with_its_csrf_token(personas):
    factories.ticket(personas.org, requester=personas.customer.contact)
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=personas.customer.username, password=PASSWORD)

    listed = client.get(url("api-ticket-list"))
    without_csrf = client.post(url("api-ticket-list"), BODY, content_type="application/json")
    csrf = client.get("/api/docs/").cookies["csrftoken"].value
    with_csrf = client.post(
        url("api-ticket-list"), BODY, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )

    assert listed.status_code == 200
    assert len(listed.json()["results"]) == 1
    assert without_csrf.status_code == 403
    assert without_csrf.json()["code"] == "permission_denied"
    assert with_csrf.status_code == 201
    assert Ticket.objects.count() == 2


def test_it_reads_the_token_and_its_user_as_the_orm_does(personas):
    """The statement compiled once per connection gives the same objects, every field
    converted (datetimes included, on SQLite too), and no further query for the user."""
    key = create_token(personas.customer_admin)
    expected = Token.objects.select_related("user").get(key=key)

    user, token = TokenAuthentication().authenticate_credentials(key)
    again, _ = TokenAuthentication().authenticate_credentials(key)

    assert model_to_dict(token) == model_to_dict(expected) and token.created == expected.created
    assert {f.attname: getattr(user, f.attname) for f in user._meta.concrete_fields} == {
        f.attname: getattr(expected.user, f.attname) for f in user._meta.concrete_fields
    }
    assert token.user is user and user.last_login == expected.user.last_login
    assert again == user and again is not user  # read again on every request, never kept


def test_a_role_change_applies_to_the_next_request(personas):
    token = create_token(personas.agent)
    client = ApiClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(url("api-user-list")).status_code == 403

    personas.agent.role = "admin"
    personas.agent.save()

    assert client.get(url("api-user-list")).status_code == 200


def test_the_token_statement_also_reads_the_configuration_generation(personas):
    """Read with the token, adopted for the request (no second read), released after it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from atiende.core import configcache

    token = create_token(personas.agent)
    client = ApiClient(HTTP_AUTHORIZATION=f"Token {token}")
    client.get(url("api-ticket-list"))  # configuration cached

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url("api-ticket-list")).status_code == 200

    assert not [q for q in captured.captured_queries[1:] if "core_configgeneration" in q["sql"]]
    assert "core_configgeneration" in captured.captured_queries[0]["sql"]
    assert configcache._active.get() is configcache._MISSING  # nothing left for the thread


def test_a_configuration_change_applies_to_the_next_api_request(personas):
    """The generation read with the token is the current one: a change (here a priority
    matrix edited by an administrator) shows on the very next request (T9)."""
    from atiende.sla.models import PriorityMatrix

    token = create_token(personas.agent)
    client = ApiClient(HTTP_AUTHORIZATION=f"Token {token}")
    body = BODY | {"organisation": "alpha", "requester": personas.customer.contact.pk}
    first = client.post(
        url("api-ticket-list"), body | {"urgency": "high", "impact": "organisation"}, format="json"
    )
    matrix = PriorityMatrix.objects.get(is_default=True)
    matrix.matrix = {**matrix.matrix, "high": {**matrix.matrix["high"], "organisation": "low"}}
    matrix.save()

    second = client.post(
        url("api-ticket-list"), body | {"urgency": "high", "impact": "organisation"}, format="json"
    )

    assert first.json()["priority"] != "low" and second.json()["priority"] == "low"


def test_a_failing_request_leaves_no_configuration_token_behind(personas, monkeypatch):
    from rest_framework.test import APIClient

    from atiende.api import views_tickets
    from atiende.core import configcache

    token = create_token(personas.agent)
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}", raise_request_exception=False)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views_tickets, "ticket_list", broken)

    assert client.get(url("api-ticket-list")).status_code == 500
    assert configcache._active.get() is configcache._MISSING
