"""POST /api/v1/tickets/{id}/reply/: a public reply from a customer or an agent (S9)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from tests import factories
from tests.api.conftest import counts, url


@pytest.fixture
def ticket(personas):
    return factories.ticket(personas.org, requester=personas.customer.contact)


def test_it_adds_the_customers_reply(personas, client_for, ticket):
    response = client_for(personas.customer).post(
        url("api-ticket-reply", ticket.pk), {"text": "Still failing at 10:15."}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    message = ticket.messages.get(pk=body["message"]["id"])
    assert (message.kind, message.text, message.author) == (
        "public", "Still failing at 10:15.", personas.customer,
    )  # fmt: skip
    assert message.author_contact == personas.customer.contact
    assert body["ticket"]["version"] == 2
    event = ticket.history.get(code=EventCode.REPLIED)
    assert (event.actor, event.channel, event.data) == (
        personas.customer, Channel.API, {"message": message.pk},
    )  # fmt: skip
    ticket.refresh_from_db()
    assert ticket.first_response_at is None


def test_it_records_the_agents_first_response_and_opens_the_ticket(personas, client_for, ticket):
    response = client_for(personas.agent).post(
        url("api-ticket-reply", ticket.pk), {"text": "We are checking the trunk."}, format="json"
    )

    assert response.status_code == 201
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None
    assert ticket.state.code == "open"
    assert response.json()["ticket"]["state"]["code"] == "open"
    codes = ticket.history.filter(code__startswith="ticket.").order_by("id")
    assert list(codes.values_list("code", flat=True)) == [
        EventCode.CREATED, EventCode.REPLIED, EventCode.FIRST_RESPONSE, EventCode.STATE_CHANGED,
    ]  # fmt: skip


def test_it_stores_files_sent_with_the_reply(personas, client_for, ticket):
    response = client_for(personas.customer).post(
        url("api-ticket-reply", ticket.pk),
        {"text": "Trace attached.", "attachments": [SimpleUploadedFile("trace.txt", b"503\n")]},
        format="multipart",
    )

    assert response.status_code == 201
    [attachment] = ticket.attachments.all()
    assert attachment.message_id == response.json()["message"]["id"]
    assert ticket.history.filter(code=EventCode.ATTACHMENT_ADDED).count() == 1


def test_it_refuses_an_empty_reply(personas, client_for, ticket):
    before = counts()

    response = client_for(personas.customer).post(
        url("api-ticket-reply", ticket.pk), {"text": "   "}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The message is empty: write some text.",
        "errors": {"text": ["The message is empty: write some text."]},
        "code": "message_empty",
    }
    assert counts() == before


def test_it_refuses_a_reply_to_a_stale_version(personas, client_for, ticket):
    actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text="Checked.")
    before = counts()

    response = client_for(personas.agent).post(
        url("api-ticket-reply", ticket.pk), {"text": "Fixed.", "version": 1}, format="json"
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": f"Ticket {ticket.number} was changed by someone else meanwhile: reload it, "
        "check the changes and try again.",
        "code": "changed_meanwhile",
    }
    assert counts() == before


def test_it_refuses_a_reply_to_a_closed_ticket(personas, client_for, ticket):
    actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="closed")
    before = counts()

    response = client_for(personas.customer).post(
        url("api-ticket-reply", ticket.pk), {"text": "Again?"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "ticket_closed"
    assert counts() == before


def test_it_hides_another_customers_ticket(personas, client_for, ticket):
    before = counts()

    response = client_for(personas.other_customer).post(
        url("api-ticket-reply", ticket.pk), {"text": "Hello?"}, format="json"
    )

    assert response.status_code == 404
    assert counts() == before
