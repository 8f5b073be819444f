"""Desk: an internal note, never shown to customers."""

import pytest
from django.urls import reverse

from atiende.tickets.codes import Channel, EventCode, MessageKind
from tests.web.helpers import codes, counts, customer_ticket


@pytest.fixture
def ticket(personas):
    return customer_ticket(personas)


def url(ticket) -> str:
    return reverse("desk:note", args=[ticket.pk])


def test_it_adds_an_internal_note(client, personas, ticket):
    client.force_login(personas.agent_l2)
    response = client.post(url(ticket), {"compose-text": "Looks like the SBC again."})
    assert response.status_code == 302
    assert response.url == reverse("desk:ticket", args=[ticket.pk])

    note = ticket.messages.latest("id")
    assert (note.kind, note.text, note.author, note.channel) == (
        MessageKind.INTERNAL,
        "Looks like the SBC again.",
        personas.agent_l2,
        Channel.WEB,
    )
    ticket.refresh_from_db()
    assert ticket.first_response_at is None  # a note is not a response to the customer (S9)
    assert ticket.state.code == "new"
    assert codes(ticket)[-1] == EventCode.NOTE_ADDED
    assert "Internal note added." in client.get(response.url).content.decode()


def test_it_refuses_an_empty_note_and_writes_nothing(client, personas, ticket):
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(url(ticket), {"compose-text": ""})
    assert response.status_code == 200
    assert response.context["forms"]["compose"].errors == {
        "text": ["The message is empty: write some text."]
    }
    assert counts(ticket) == before


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_sends_customers_to_the_portal_and_writes_nothing(client, personas, ticket, role):
    before = counts(ticket)
    client.force_login(personas.by_role(role))
    response = client.post(url(ticket), {"compose-text": "Sneaky note"})
    assert response.url == reverse("portal:list")
    assert counts(ticket) == before
