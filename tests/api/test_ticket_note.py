"""POST /api/v1/tickets/{id}/note/: internal notes, staff only, never shown to customers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from atiende.tickets.codes import EventCode, MessageKind
from tests import factories
from tests.api.conftest import counts, url


@pytest.fixture
def ticket(personas):
    return factories.ticket(personas.org, requester=personas.customer.contact)


def test_it_adds_an_internal_note_with_a_file(personas, client_for, ticket):
    response = client_for(personas.agent).post(
        url("api-ticket-note", ticket.pk),
        {"text": "Customer's SBC rejects our codec.", "version": 1,
         "attachments": [SimpleUploadedFile("sbc.log", b"488 Not Acceptable Here\n")]},
        format="multipart",
    )  # fmt: skip

    assert response.status_code == 201
    note = ticket.messages.get(kind=MessageKind.INTERNAL)
    assert (note.text, note.author) == ("Customer's SBC rejects our codec.", personas.agent)
    assert note.attachments.get().filename == "sbc.log"
    assert ticket.history.filter(code=EventCode.NOTE_ADDED, actor=personas.agent).exists()
    assert response.json()["ticket"]["version"] == 2


def test_it_keeps_notes_from_customers_who_see_the_ticket(personas, client_for, ticket):
    before = counts()

    response = client_for(personas.customer).post(
        url("api-ticket-note", ticket.pk), {"text": "I am not staff."}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert counts() == before


def test_it_never_shows_the_note_to_the_customer(personas, client_for, ticket):
    client_for(personas.agent).post(
        url("api-ticket-note", ticket.pk),
        {"text": "Internal only", "attachments": [SimpleUploadedFile("secret.txt", b"s")]},
        format="multipart",
    )

    detail = client_for(personas.customer).get(url("api-ticket-detail", ticket.pk))
    [attachment] = ticket.attachments.all()
    download = client_for(personas.customer).get(url("api-attachment-download", attachment.pk))

    assert b"Internal only" not in detail.content
    assert b"secret.txt" not in detail.content
    assert download.status_code == 404
