"""Portal: the customer answers on its ticket; an answer reopens a resolved ticket (T4)."""

import pytest
from django.urls import reverse

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode, MessageKind
from tests.web.helpers import codes, counts, customer_ticket


@pytest.fixture
def ticket(personas):
    return customer_ticket(personas)


def url(ticket) -> str:
    return reverse("portal:reply", args=[ticket.pk])


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_adds_the_customers_reply(client, personas, ticket, role):
    user = personas.by_role(role)
    client.force_login(user)
    response = client.post(url(ticket), {"reply-text": "It happens again since 9:00."})
    assert response.status_code == 302
    assert response.url == reverse("portal:ticket", args=[ticket.pk])
    message = ticket.messages.latest("id")
    assert (message.kind, message.text, message.channel) == (
        MessageKind.PUBLIC,
        "It happens again since 9:00.",
        Channel.PORTAL,
    )
    assert (message.author, message.author_contact) == (user, user.contact)
    ticket.refresh_from_db()
    assert ticket.first_response_at is None  # only staff answers count (S9)
    assert codes(ticket)[-1] == EventCode.REPLIED
    assert "Your reply was sent." in client.get(response.url).content.decode()


def test_it_reopens_a_resolved_ticket(client, personas, ticket):
    actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="resolved")
    client.force_login(personas.customer)
    client.post(url(ticket), {"reply-text": "Still failing."})
    ticket.refresh_from_db()
    assert ticket.state.code == "open"
    assert ticket.resolved_at is None
    event = ticket.history.latest("id")
    assert (event.code, event.data["new"], event.data["reason"]) == (
        EventCode.STATE_CHANGED,
        "open",
        "customer_reply",
    )


def test_it_refuses_an_empty_reply_and_writes_nothing(client, personas, ticket):
    before = counts(ticket)
    client.force_login(personas.customer)
    response = client.post(url(ticket), {"reply-text": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors == {"text": ["The message is empty: write some text."]}
    assert "The message is empty: write some text." in response.content.decode()
    assert counts(ticket) == before


def test_it_refuses_a_closed_ticket_and_writes_nothing(client, personas, ticket):
    actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="closed")
    before = counts(ticket)
    client.force_login(personas.customer)
    response = client.post(url(ticket), {"reply-text": "Hello?"})
    assert response.context["form"].non_field_errors() == [
        f"Ticket {ticket.number} is closed: open a new ticket instead."
    ]
    assert counts(ticket) == before


@pytest.mark.parametrize("role", ["teammate", "other_customer", "other_customer_admin"])
def test_it_is_404_for_tickets_the_user_may_not_see(client, personas, ticket, role):
    before = counts(ticket)
    client.force_login(personas.by_role(role))
    assert client.post(url(ticket), {"reply-text": "Me too"}).status_code == 404
    assert counts(ticket) == before


def test_it_sends_staff_to_the_desk_and_writes_nothing(client, personas, ticket):
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(url(ticket), {"reply-text": "From the wrong side"})
    assert response.url == reverse("desk:list")
    assert counts(ticket) == before
