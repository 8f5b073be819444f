"""The desk's SLA preview page: a form and the answer of ``packs.preview`` (S1-S7, C4)."""

import pytest
from django.test import Client
from django.urls import reverse

from atiende.packs import loader
from tests.packs.runtime_support import DESK
from tests.web.helpers import unlabelled_controls

URL = reverse("desk:sla_plan")
QUERY = {
    "pack": "desk",
    "kind": "incident",
    "priority": "high",
    "plan": "vip",
    "channel": "phone",
    "at": "2026-11-17T17:00-05:00",
}


@pytest.fixture
def desk(db):
    return loader.load_path(DESK).pack


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_shows_the_form_and_the_preview(personas, desk):
    response = signed_in(personas.admin).get(URL, QUERY)

    body = response.content.decode()
    assert response.status_code == 200
    assert "incident-high" in body
    assert "2026-11-17T17:10:00-05:00" in body
    assert "2026-11-17T21:00:00-05:00" in body
    assert unlabelled_controls(body) == []


def test_it_shows_why_a_channel_would_not_count(personas, desk):
    response = signed_in(personas.supervisor).get(URL, {**QUERY, "channel": "email"})

    assert "High-priority incidents are reported by phone." in response.content.decode()


def test_it_shows_a_bad_question_next_to_its_field(personas, desk):
    response = signed_in(personas.manager).get(URL, {**QUERY, "plan": "gold"})

    assert response.status_code == 200
    assert "Unknown plan" in response.content.decode()


def test_it_shows_an_empty_form_first(personas, desk):
    response = signed_in(personas.admin).get(URL)

    assert response.status_code == 200
    assert "sla-plan-result" not in response.content.decode()


def test_it_is_refused_to_agents_and_sends_customers_to_the_portal(personas, desk):
    assert signed_in(personas.agent).get(URL, QUERY).status_code == 403
    assert signed_in(personas.customer).get(URL, QUERY).status_code == 302
    assert Client().get(URL).status_code == 302


def test_it_previews_a_target_by_the_sites_city_class(personas):
    from tests.scenarios.conftest import load_shipped

    load_shipped("cirion")
    query = {"pack": "cirion", "kind": "incident", "priority": "high", "channel": "phone",
             "at": "2026-11-03T10:00-05:00"}  # fmt: skip
    client = signed_in(personas.supervisor)

    assert (
        "360 minutes for this city class"
        in client.get(URL, {**query, "city_class": "intermediate"}).content.decode()
    )
    assert (
        "no fixed target for this city class"
        in client.get(URL, {**query, "city_class": "remote"}).content.decode()
    )
    assert "180 minutes for this city class" in client.get(URL, query).content.decode()
