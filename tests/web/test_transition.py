"""Desk: moving a ticket through its workflow (T4)."""

import pytest
from django.urls import reverse

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from tests.web.helpers import counts, customer_ticket


@pytest.fixture
def ticket(personas):
    return customer_ticket(personas)


def url(ticket) -> str:
    return reverse("desk:transition", args=[ticket.pk])


def test_it_moves_the_ticket_and_records_why(client, personas, ticket):
    client.force_login(personas.agent)
    response = client.post(
        url(ticket),
        {
            "transition-state": "resolved",
            "transition-reason": "Trunk replaced",
            "transition-version": ticket.version,
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state.code == "resolved"
    assert ticket.resolved_at is not None
    event = ticket.history.latest("id")
    assert (event.code, event.actor, event.channel) == (
        EventCode.STATE_CHANGED,
        personas.agent,
        Channel.WEB,
    )
    assert event.data == {
        "old": "new",
        "new": "resolved",
        "old_labels": {"es": "Nuevo", "en": "New"},
        "new_labels": {"es": "Resuelto", "en": "Resolved"},
        "category": "resolved",
        "reason": "Trunk replaced",
    }
    assert "The ticket is now “Resolved”." in client.get(response.url).content.decode()


def test_it_refuses_an_illegal_transition_and_writes_nothing(client, personas, ticket):
    actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="open")
    ticket.refresh_from_db()
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(
        url(ticket), {"transition-state": "closed", "transition-version": ticket.version}
    )
    assert response.status_code == 200
    errors = response.context["forms"]["transition"].errors["state"]
    assert errors == [
        "A ticket in state “open” cannot move to “closed”. Allowed next states: pending, resolved."
    ]
    assert errors[0] in response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    ticket.refresh_from_db()
    assert ticket.state.code == "open"
    assert counts(ticket) == before


def test_it_refuses_a_change_made_on_an_old_copy(client, personas, ticket):
    seen = ticket.version
    actions.assign(ticket, actor=personas.agent_l2, channel=Channel.WEB, assignee=personas.agent)
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(url(ticket), {"transition-state": "open", "transition-version": seen})
    message = response.context["forms"]["transition"].non_field_errors()[0]
    assert message.startswith(f"Ticket {ticket.number} was changed by someone else meanwhile")
    ticket.refresh_from_db()
    assert ticket.state.code == "new"
    assert counts(ticket) == before


def test_it_refuses_a_missing_state(client, personas, ticket):
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(url(ticket), {"transition-state": ""})
    assert "state" in response.context["forms"]["transition"].errors
    assert counts(ticket) == before


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_sends_customers_to_the_portal_and_writes_nothing(client, personas, ticket, role):
    before = counts(ticket)
    client.force_login(personas.by_role(role))
    response = client.post(url(ticket), {"transition-state": "closed"})
    assert response.url == reverse("portal:list")
    ticket.refresh_from_db()
    assert ticket.state.code == "new"
    assert counts(ticket) == before
