"""Desk: downloading attachments, served as downloads unless a safe image."""

import pytest
from django.urls import reverse

from atiende.tickets import actions
from atiende.tickets.codes import Channel
from tests.web.helpers import PNG, customer_ticket, text_upload


@pytest.fixture
def ticket(personas):
    return customer_ticket(personas, attachments=[text_upload("trace.txt", b"<b>not html</b>\n")])


def url(attachment) -> str:
    return reverse("desk:attachment", args=[attachment.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_serves_a_file_as_a_download(client, personas, ticket):
    attachment = ticket.attachments.get()
    client.force_login(personas.agent)
    response = client.get(url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == 'attachment; filename="trace.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == b"<b>not html</b>\n"


def test_it_shows_an_image_inline(client, personas, ticket):
    actions.reply(
        ticket,
        actor=personas.agent,
        channel=Channel.WEB,
        text="Screenshot.",
        attachments=[text_upload("screen.png", PNG)],
    )
    attachment = ticket.attachments.get(filename="screen.png")
    client.force_login(personas.agent)
    response = client.get(url(attachment))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="screen.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == PNG


def test_it_serves_files_of_internal_notes_to_staff(client, personas, ticket):
    actions.add_note(
        ticket,
        actor=personas.agent,
        channel=Channel.WEB,
        text="Dump.",
        attachments=[text_upload("dump.txt")],
    )
    client.force_login(personas.agent_l2)
    assert client.get(url(ticket.attachments.get(filename="dump.txt"))).status_code == 200


def test_it_is_404_for_an_unknown_attachment(client, personas):
    client.force_login(personas.agent)
    assert client.get(reverse("desk:attachment", args=[424242])).status_code == 404


def test_it_is_404_when_the_stored_file_is_gone(client, personas, ticket):
    attachment = ticket.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(personas.agent)
    assert client.get(url(attachment)).status_code == 404


@pytest.mark.parametrize("role", ["customer", "other_customer"])
def test_it_sends_customers_to_the_portal(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    response = client.get(url(ticket.attachments.get()))
    assert response.status_code == 302
    assert response.url == reverse("portal:list")
