"""POST /api/v1/tickets/{id}/attachments/ and GET /api/v1/attachments/{id}/download/."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from atiende.tickets import actions
from atiende.tickets.attachments import Upload
from atiende.tickets.codes import Channel, EventCode
from tests import factories
from tests.api.conftest import counts, url

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
    b"\x8a\x81\x8d\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def ticket(personas):
    return factories.ticket(personas.org, requester=personas.customer.contact)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_attaches_files_to_the_ticket(personas, client_for, ticket):
    response = client_for(personas.customer).post(
        url("api-ticket-attachments", ticket.pk),
        {"attachments": [SimpleUploadedFile("a.txt", b"first"), SimpleUploadedFile("b.png", PNG)]},
        format="multipart",
    )

    assert response.status_code == 201
    body = response.json()
    assert [a["filename"] for a in body["attachments"]] == ["a.txt", "b.png"]
    assert body["ticket"]["version"] == 2
    stored = list(ticket.attachments.order_by("id"))
    assert [(a.filename, a.content_type, a.message, a.uploaded_by) for a in stored] == [
        ("a.txt", "text/plain", None, personas.customer),
        ("b.png", "image/png", None, personas.customer),
    ]
    assert ticket.history.filter(code=EventCode.ATTACHMENT_ADDED).count() == 2


def test_it_needs_a_file(personas, client_for, ticket):
    response = client_for(personas.customer).post(
        url("api-ticket-attachments", ticket.pk), {}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"attachments": ["This field is required."]}


@pytest.mark.parametrize(
    ("filename", "content", "code"),
    [
        ("logo.png", b"<!doctype html><script>alert(1)</script>", "attachment_disguised"),
        ("report.pdf", PNG, "attachment_disguised"),
        ("notes.txt", PNG, "attachment_disguised"),
        ("huge.log", b"x" * 101, "attachment_too_large"),
        ("empty.log", b"", "empty"),
    ],
)
def test_it_refuses_bad_files_and_stores_none(
    personas, client_for, ticket, settings, filename, content, code
):
    settings.ATIENDE_ATTACHMENT_MAX_BYTES = 100
    before = counts()

    response = client_for(personas.customer).post(
        url("api-ticket-attachments", ticket.pk),
        {"attachments": [SimpleUploadedFile("fine.txt", b"ok"),
                         SimpleUploadedFile(filename, content)]},
        format="multipart",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert list(response.json()["errors"]) == ["attachments"]
    assert counts() == before
    ticket.refresh_from_db()
    assert ticket.version == 1


def test_it_refuses_files_on_a_closed_ticket(personas, client_for, ticket):
    actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="closed")
    before = counts()

    response = client_for(personas.customer).post(
        url("api-ticket-attachments", ticket.pk),
        {"attachments": [SimpleUploadedFile("late.txt", b"late")]},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "ticket_closed"
    assert counts() == before


def test_it_refuses_json_uploads(personas, client_for, ticket):
    response = client_for(personas.customer).post(
        url("api-ticket-attachments", ticket.pk), {"attachments": ["aGVsbG8="]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"]["attachments"] == [
        "The submitted data was not a file. Check the encoding type on the form."
    ]


def test_it_serves_a_file_as_a_download(personas, client_for, ticket):
    [attachment] = actions.add_attachments(
        ticket, actor=personas.customer, channel=Channel.API,
        attachments=[Upload("page.html.txt", b"<html><script>alert(1)</script></html>")],
    )  # fmt: skip

    response = client_for(personas.customer).get(url("api-attachment-download", attachment.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="page.html.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert _body(response) == b"<html><script>alert(1)</script></html>"


def test_it_shows_a_safe_image_inline(personas, client_for, ticket):
    [attachment] = actions.add_attachments(
        ticket, actor=personas.customer, channel=Channel.API,
        attachments=[Upload("screen.png", PNG)],
    )  # fmt: skip

    response = client_for(personas.agent).get(
        url("api-attachment-download", attachment.pk), HTTP_ACCEPT="image/png"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="screen.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == PNG


def test_it_hides_files_of_internal_notes_and_other_organisations(personas, client_for, ticket):
    note = actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text="Internal",
                            attachments=[Upload("internal.txt", b"internal")])  # fmt: skip
    internal = note.attachments.get()
    foreign_ticket = factories.ticket(personas.other_org)
    [foreign] = actions.add_attachments(
        foreign_ticket, actor=None, channel=Channel.API, attachments=[Upload("f.txt", b"f")]
    )

    customer = client_for(personas.customer_admin)
    assert customer.get(url("api-attachment-download", internal.pk)).status_code == 404
    assert customer.get(url("api-attachment-download", foreign.pk)).status_code == 404
    assert (
        client_for(personas.agent).get(url("api-attachment-download", internal.pk)).status_code
        == 200
    )


def test_it_refuses_files_for_a_stale_version(personas, client_for, ticket):
    actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text="Meanwhile.")
    before = counts()

    response = client_for(personas.customer).post(
        url("api-ticket-attachments", ticket.pk),
        {"attachments": [SimpleUploadedFile("late.txt", b"late")], "version": 1},
        format="multipart",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "changed_meanwhile"
    assert counts() == before
