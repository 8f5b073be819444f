"""``GET /api/v1/sla/plan``: the SLA preview of a pack, for supervisors and up (S1-S7, C4)."""

import pytest
from django.urls import reverse

from atiende.packs import loader
from tests.api.conftest import ApiClient
from tests.packs.runtime_support import DESK
from tests.scenarios.conftest import load_shipped

URL = reverse("api-sla-plan")
AT = "2026-11-17T17:00:00-05:00"


@pytest.fixture
def desk(db):
    return loader.load_path(DESK).pack


def test_it_answers_the_preview(personas, desk, client_for):
    response = client_for(personas.supervisor).get(
        URL,
        {"pack": "desk", "kind": "incident", "priority": "high", "plan": "vip",
         "channel": "phone", "at": AT},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.json() == {
        "accepted": True,
        "message": None,
        "priority": "high",
        "policy": "incident-high",
        "targets": [
            {"name": "first_response", "due_at": "2026-11-17T17:10:00-05:00"},
            {"name": "resolution", "due_at": "2026-11-17T21:00:00-05:00"},
        ],
    }


def test_it_says_the_channel_would_flag_the_ticket_in_the_request_language(
    personas, desk, client_for
):
    response = client_for(personas.manager).get(
        URL,
        {"pack": "desk", "kind": "incident", "priority": "high", "channel": "email",
         "at": AT, "lang": "es"},
    )  # fmt: skip

    body = response.json()
    assert response.status_code == 200
    assert (body["accepted"], body["policy"], body["targets"]) == (False, None, [])
    assert body["message"] == "Los incidentes de prioridad alta se reportan por teléfono."


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"pack": "nothing", "kind": "incident", "at": AT}, "pack"),
        ({"pack": "desk", "kind": "incident"}, "at"),
        ({"pack": "desk", "kind": "incident", "at": AT, "plan": "gold"}, "plan"),
        ({"pack": "desk", "kind": "incident", "at": AT, "colour": "red"}, "colour"),
        ({"pack": "desk", "kind": "incident", "at": AT, "priority": "urgent"}, "priority"),
    ],
)
def test_it_refuses_bad_questions_naming_the_field(personas, desk, client_for, query, field):
    response = client_for(personas.admin).get(URL, query)

    assert response.status_code == 400
    body = response.json()
    assert field in body.get("errors", {}) or body.get("field") == field, body


def test_it_is_refused_to_agents_and_customers(personas, desk, client_for):
    query = {"pack": "desk", "kind": "incident", "at": AT}

    assert client_for(personas.agent_l2).get(URL, query).status_code == 403
    assert client_for(personas.customer).get(URL, query).status_code == 403
    assert ApiClient().get(URL, query).status_code == 401


@pytest.mark.parametrize(
    ("city_class", "expected"),
    [
        ("main", {"city_class": "main", "fixed": True, "minutes": 180}),
        ("remote", {"city_class": "remote", "fixed": False, "minutes": None}),
        ("", {"city_class": "default", "fixed": True, "minutes": 180}),
    ],
)
def test_it_previews_a_target_by_the_sites_city_class(personas, client_for, city_class, expected):
    load_shipped("cirion")
    query = {"pack": "cirion", "kind": "incident", "priority": "high", "channel": "phone",
             "at": "2026-11-03T10:00:00-05:00", "city_class": city_class}  # fmt: skip

    response = client_for(personas.supervisor).get(URL, query)

    assert response.status_code == 200, response.content
    travel = next(t for t in response.json()["targets"] if t["name"] == "travel")
    assert travel == {"name": "travel", "due_at": None, **expected}


def test_an_unknown_city_class_is_refused_naming_the_valid_ones(personas, client_for):
    load_shipped("cirion")
    query = {"pack": "cirion", "kind": "incident", "priority": "high",
             "at": "2026-11-03T10:00:00-05:00", "city_class": "capital"}  # fmt: skip

    response = client_for(personas.supervisor).get(URL, query)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["city_class"]
    assert "main, intermediate, remote" in errors["city_class"][0]
