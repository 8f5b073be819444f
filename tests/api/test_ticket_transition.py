"""POST /api/v1/tickets/{id}/transition/: move along the workflow (T4)."""

import pytest

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from tests import factories
from tests.api.conftest import counts, url


@pytest.fixture
def ticket(personas):
    return factories.ticket(personas.org, requester=personas.customer.contact)


def test_it_moves_the_ticket_and_records_why(personas, client_for, ticket):
    response = client_for(personas.agent).post(
        url("api-ticket-transition", ticket.pk),
        {"state": "pending", "reason": "Waiting for the customer's trace.", "version": 1},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["state"]["code"] == "pending"
    assert response.json()["version"] == 2
    ticket.refresh_from_db()
    assert ticket.state.code == "pending"
    event = ticket.history.get(code=EventCode.STATE_CHANGED)
    assert event.data == {
        "old": "new",
        "new": "pending",
        "old_labels": {"es": "Nuevo", "en": "New"},
        "new_labels": {"es": "En espera del cliente", "en": "Waiting on customer"},
        "category": "pending",
        "reason": "Waiting for the customer's trace.",
    }
    assert (event.actor, event.channel) == (personas.agent, Channel.API)


def test_it_sets_the_resolution_time(personas, client_for, ticket):
    response = client_for(personas.agent).post(
        url("api-ticket-transition", ticket.pk), {"state": "resolved"}, format="json"
    )

    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.resolved_at is not None
    assert response.json()["resolved_at"] is not None


def test_it_refuses_an_illegal_transition_naming_the_allowed_states(personas, client_for, ticket):
    actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="pending")
    before = counts()

    response = client_for(personas.agent).post(
        url("api-ticket-transition", ticket.pk), {"state": "closed"}, format="json"
    )

    assert response.status_code == 400
    message = (
        "A ticket in state “pending” cannot move to “closed”. Allowed next states: open, resolved."
    )
    assert response.json() == {
        "detail": message,
        "errors": {"state": [message]},
        "code": "illegal_transition",
    }
    assert counts() == before
    ticket.refresh_from_db()
    assert ticket.state.code == "pending"


def test_it_refuses_an_unknown_state(personas, client_for, ticket):
    response = client_for(personas.agent).post(
        url("api-ticket-transition", ticket.pk), {"state": "done"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"]["state"] == [
        "Unknown state “done”: use one of new, open, pending, resolved, closed."
    ]


def test_it_refuses_a_stale_version(personas, client_for, ticket):
    before = counts()

    response = client_for(personas.agent).post(
        url("api-ticket-transition", ticket.pk), {"state": "open", "version": 7}, format="json"
    )

    assert response.status_code == 409
    assert counts() == before
    ticket.refresh_from_db()
    assert (ticket.state.code, ticket.version) == ("new", 1)
