"""POST /api/v1/tickets/{id}/priority/: urgency × impact or the priority alone (T3)."""

import pytest

from atiende.tickets.codes import EventCode
from tests import factories
from tests.api.conftest import counts, url


@pytest.fixture
def ticket(personas):
    return factories.ticket(
        personas.org, requester=personas.customer.contact, urgency="low", impact="individual"
    )


def test_it_computes_the_priority_from_urgency_and_impact(personas, client_for, ticket):
    response = client_for(personas.agent).post(
        url("api-ticket-priority", ticket.pk),
        {"urgency": "high", "impact": "organisation", "version": 1},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["priority"] == "urgent"
    ticket.refresh_from_db()
    assert (ticket.urgency, ticket.impact, ticket.priority) == ("high", "organisation", "urgent")
    event = ticket.history.get(code=EventCode.PRIORITY_CHANGED)
    assert event.data == {
        "old_priority": "low",
        "new_priority": "urgent",
        "urgency": "high",
        "impact": "organisation",
    }


def test_it_changes_one_axis_and_keeps_the_other(personas, client_for, ticket):
    response = client_for(personas.agent).post(
        url("api-ticket-priority", ticket.pk), {"urgency": "high"}, format="json"
    )

    assert response.status_code == 200
    ticket.refresh_from_db()
    assert (ticket.urgency, ticket.impact, ticket.priority) == ("high", "individual", "normal")


def test_it_sets_the_priority_alone(personas, client_for):
    ticket = factories.ticket(personas.org)

    response = client_for(personas.agent).post(
        url("api-ticket-priority", ticket.pk), {"priority": "high"}, format="json"
    )

    assert response.status_code == 200
    ticket.refresh_from_db()
    assert (ticket.urgency, ticket.impact, ticket.priority) == ("", "", "high")


def test_it_refuses_an_unknown_urgency(personas, client_for, ticket):
    before = counts()

    response = client_for(personas.agent).post(
        url("api-ticket-priority", ticket.pk), {"urgency": "critical"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "urgency": ["“critical” is not a valid urgency: use one of high, medium, low."]
    }
    assert counts() == before
    ticket.refresh_from_db()
    assert ticket.priority == "low"
