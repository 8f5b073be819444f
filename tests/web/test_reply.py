"""Desk: a public reply to the requester (first response, S9; history, T14)."""

import pytest
from django.test import Client
from django.urls import reverse

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode, MessageKind
from tests.web.helpers import codes, counts, customer_ticket


@pytest.fixture
def ticket(personas):
    return customer_ticket(personas)


def url(ticket) -> str:
    return reverse("desk:reply", args=[ticket.pk])


def test_it_sends_a_public_reply(client, personas, ticket):
    client.force_login(personas.agent)
    response = client.post(url(ticket), {"compose-text": "  We restarted the trunk.  "})
    assert response.status_code == 302
    assert response.url == reverse("desk:ticket", args=[ticket.pk])

    message = ticket.messages.latest("id")
    assert (message.kind, message.text, message.author, message.channel) == (
        MessageKind.PUBLIC,
        "We restarted the trunk.",
        personas.agent,
        Channel.WEB,
    )
    ticket.refresh_from_db()
    assert ticket.first_response_at == message.created_at
    assert ticket.state.code == "open"  # the workflow's agent-reply trigger
    assert codes(ticket)[-3:] == [
        EventCode.REPLIED,
        EventCode.FIRST_RESPONSE,
        EventCode.STATE_CHANGED,
    ]
    page = client.get(response.url)
    assert "Reply sent to the customer." in page.content.decode()


def test_it_attaches_files(client, personas, ticket, tmp_path):
    upload = tmp_path / "capture.txt"
    upload.write_bytes(b"INVITE sip:100@example.com\n")
    client.force_login(personas.agent)
    with upload.open("rb") as handle:
        client.post(url(ticket), {"compose-text": "Trace attached.", "compose-attachments": handle})
    attachment = ticket.attachments.get()
    assert (attachment.filename, attachment.content_type) == ("capture.txt", "text/plain")
    assert attachment.message == ticket.messages.latest("id")
    assert EventCode.ATTACHMENT_ADDED in codes(ticket)


def test_it_refuses_an_empty_reply_and_writes_nothing(client, personas, ticket):
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(url(ticket), {"compose-text": "   "})
    assert response.status_code == 200
    form = response.context["forms"]["compose"]
    assert form.errors == {"text": ["The message is empty: write some text."]}
    assert "The message is empty: write some text." in response.content.decode()
    assert counts(ticket) == before
    ticket.refresh_from_db()
    assert ticket.first_response_at is None


def test_it_refuses_a_disguised_file_and_writes_nothing(client, personas, ticket, tmp_path):
    upload = tmp_path / "photo.png"
    upload.write_bytes(b"not really a picture")
    before = counts(ticket)
    client.force_login(personas.agent)
    with upload.open("rb") as handle:
        response = client.post(
            url(ticket), {"compose-text": "See the photo.", "compose-attachments": handle}
        )
    assert "attachments" in response.context["forms"]["compose"].errors
    assert counts(ticket) == before
    assert not ticket.attachments.exists()


def test_it_refuses_a_reply_on_a_closed_ticket(client, personas, ticket):
    actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="closed")
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(url(ticket), {"compose-text": "Anything else?"})
    errors = response.context["forms"]["compose"].non_field_errors()
    assert errors == [f"Ticket {ticket.number} is closed: open a new ticket instead."]
    assert counts(ticket) == before


@pytest.mark.parametrize("role", ["customer", "customer_admin", "other_customer"])
def test_it_sends_customers_to_the_portal_and_writes_nothing(client, personas, ticket, role):
    before = counts(ticket)
    client.force_login(personas.by_role(role))
    response = client.post(url(ticket), {"compose-text": "Let me in"})
    assert response.status_code == 302
    assert response.url == reverse("portal:list")
    assert counts(ticket) == before


def test_it_needs_a_csrf_token(personas, ticket):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.agent)
    before = counts(ticket)
    assert client.post(url(ticket), {"compose-text": "Hello"}).status_code == 403
    assert counts(ticket) == before


def test_it_only_takes_posts(client, personas, ticket):
    client.force_login(personas.agent)
    assert client.get(url(ticket)).status_code == 405
