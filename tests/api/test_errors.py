"""Bad input gets a clear JSON 4xx and changes nothing (DESIGN principle 5)."""

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from atiende.tickets.models import Ticket
from tests import factories
from tests.api.conftest import ApiClient, counts, url


@pytest.fixture
def ticket(personas):
    return factories.ticket(personas.org, requester=personas.customer.contact)


def test_it_refuses_malformed_json_with_its_position(personas, client_for):
    before = counts()

    response = client_for(personas.customer).post(
        url("api-ticket-list"), b'{"subject": "Trunk down",', content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The body is not valid JSON: Expecting property name enclosed in double "
        "quotes (line 1, column 26).",
        "errors": {},
        "code": "malformed_json",
    }
    assert counts() == before


def test_it_refuses_nan_and_non_utf8_bodies(personas, client_for):
    client = client_for(personas.customer)

    nan = client.post(url("api-ticket-list"), b'{"subject": NaN}', content_type="application/json")
    latin1 = client.post(
        url("api-ticket-list"), '{"subject": "Conexión"}'.encode("latin-1"),
        content_type="application/json",
    )  # fmt: skip

    assert nan.status_code == 400
    assert nan.json()["detail"] == "The body is not valid JSON: NaN is not a JSON number."
    assert latin1.status_code == 400
    assert latin1.json()["detail"] == "The body is not valid utf-8 text."


def test_it_refuses_a_body_that_is_not_an_object(personas, client_for):
    response = client_for(personas.customer).post(url("api-ticket-list"), [1, 2], format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }


def test_it_names_every_unknown_field(personas, client_for, ticket):
    before = counts()

    response = client_for(personas.agent).post(
        url("api-ticket-transition", ticket.pk),
        {"state": "open", "status": "open", "id": 4},
        format="json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unknown_field"
    assert body["detail"] == "The request has errors in: status, id."
    assert set(body["errors"]) == {"status", "id"}
    assert body["errors"]["status"] == [
        "Unknown field: this endpoint accepts reason, state, version."
    ]
    assert counts() == before
    ticket.refresh_from_db()
    assert ticket.state.code == "new"


def test_it_reports_unknown_and_invalid_fields_together(personas, client_for):
    response = client_for(personas.agent).post(
        url("api-ticket-list"),
        {"subject": 42, "organisation": True, "requester": "x", "colour": "red", "kind": "bug"},
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["colour"][0].startswith("Unknown field")
    assert errors["subject"] == ["Not a valid string."]
    assert errors["organisation"] == ["Give the id (a number) or the slug of the organisation."]
    assert errors["requester"] == ["Give the id (a number) of the contact."]
    assert errors["kind"] == ['"bug" is not a valid choice.']
    assert response.json()["code"] == "invalid"
    assert Ticket.objects.count() == 0


@pytest.mark.parametrize("version", ["2", 2.5, True, 0, -1, 2**70])
def test_it_refuses_a_version_of_the_wrong_type(personas, client_for, ticket, version):
    response = client_for(personas.agent).post(
        url("api-ticket-note", ticket.pk), {"text": "Checked.", "version": version}, format="json"
    )

    if version == "2":  # a numeric string is an integer in JSON and multipart alike
        assert response.status_code == 409
    else:
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["version"]
    assert ticket.messages.count() == 1


def test_it_refuses_nul_characters(personas, client_for, ticket):
    before = counts()
    client = client_for(personas.supervisor)

    body = client.post(url("api-ticket-note", ticket.pk), {"text": "a\x00b"}, format="json")
    lookup = client.post(url("api-ticket-merge", ticket.pk), {"into": "INC-\x00"}, format="json")
    query = client.get(url("api-ticket-list"), {"text": "trunk\x00"})

    assert body.status_code == 400
    assert body.json()["errors"] == {"text": ["Null characters are not allowed."]}
    assert lookup.status_code == 400
    assert list(lookup.json()["errors"]) == ["into"]
    assert query.status_code == 400
    assert query.json()["errors"] == {"text": ["The filter contains a NUL character."]}
    assert counts() == before


def test_it_refuses_other_media_types(personas, client_for, ticket):
    response = client_for(personas.agent).post(
        url("api-ticket-transition", ticket.pk), "state=open",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip

    assert response.status_code == 415
    assert response.json() == {
        "detail": 'Unsupported media type "application/x-www-form-urlencoded" in request.',
        "code": "unsupported_media_type",
    }


def test_it_refuses_a_body_over_the_size_limit(personas, client_for, ticket, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = client_for(personas.agent).post(
        url("api-ticket-note", ticket.pk), {"text": "x" * 2000}, format="json"
    )

    assert response.status_code == 413
    assert response.json() == {
        "detail": "The body is larger than 1000 bytes.",
        "code": "body_too_large",
    }
    assert ticket.messages.count() == 1


def test_it_answers_unknown_paths_with_json(personas, client_for):
    client = client_for(personas.agent)

    unknown = client.get("/api/v1/nothing-here/")
    no_slash = client.post("/api/v1/tickets", {}, format="json")
    bad_id = client.get("/api/v1/tickets/abc/")
    anonymous = ApiClient().delete("/api/v2/tickets/")

    assert unknown.status_code == 404
    assert unknown.json() == {
        "detail": "No such endpoint. The endpoints are listed at /api/docs/.",
        "code": "no_such_endpoint",
    }
    assert no_slash.status_code == 404
    assert no_slash.json()["detail"] == (
        "No such endpoint: did you mean /api/v1/tickets/ (with a final slash)?"
    )
    assert bad_id.status_code == 404
    assert anonymous.status_code == 404


def test_it_answers_a_missing_method_with_405(personas, client_for, ticket):
    response = client_for(personas.agent).delete(url("api-ticket-detail", ticket.pk))

    assert response.status_code == 405
    assert response.json() == {
        "detail": 'Method "DELETE" not allowed.',
        "code": "method_not_allowed",
    }
    assert Ticket.objects.filter(pk=ticket.pk).exists()


def test_it_answers_404_for_ids_beyond_any_column(personas, client_for):
    response = client_for(personas.agent).get(url("api-ticket-detail", 2**70))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_it_answers_in_the_language_asked_for(personas, client_for, ticket):
    client = client_for(personas.agent)

    spanish = client.post(
        url("api-ticket-transition", ticket.pk), {"stat": "open"}, format="json",
        HTTP_ACCEPT_LANGUAGE="es",
    )  # fmt: skip

    assert spanish.status_code == 400
    assert spanish.json()["errors"]["state"] == ["Este campo es requerido."]


@override_settings(LANGUAGE_CODE="en")
def test_it_answers_in_the_users_language_without_a_header(personas, client_for, ticket):
    personas.agent.language = "es"
    personas.agent.save()

    response = client_for(personas.agent).post(
        url("api-ticket-transition", ticket.pk), {}, format="json"
    )

    assert response.json()["errors"]["state"] == ["Este campo es requerido."]


def test_it_keeps_to_the_desks_languages(personas, client_for, ticket):
    response = client_for(personas.agent).post(
        url("api-ticket-transition", ticket.pk) + "?lang=fr", {}, format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )  # fmt: skip

    assert response.json()["errors"]["state"] == ["This field is required."]
    assert response["Content-Language"] == "en"


def test_it_shows_times_in_the_users_time_zone(personas, client_for, ticket):
    personas.agent.time_zone = "America/Caracas"
    personas.agent.save()

    response = client_for(personas.agent).get(url("api-ticket-detail", ticket.pk))

    assert response.json()["created_at"].endswith("-04:00")


JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6,
)  # fmt: skip
CREATE_FIELDS = ["subject", "description", "kind", "urgency", "impact", "priority",
                 "organisation", "requester", "service", "site", "group", "assignee", "channel",
                 "attachments", "subtype", "extra"]  # fmt: skip


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.dictionaries(st.sampled_from(CREATE_FIELDS), JSON_VALUES, max_size=6))
def test_it_never_fails_on_arbitrary_json(personas, client_for, body):
    """Whatever the JSON, the answer is a ticket or a documented 4xx, never a 500."""
    for user in (personas.customer, personas.agent):
        response = client_for(user).post(url("api-ticket-list"), body, format="json")
        assert response.status_code in (201, 400), response.content
