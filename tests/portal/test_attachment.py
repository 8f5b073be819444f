"""Portal: downloading attachments the customer may see (R3), never internal ones."""

import pytest
from django.urls import reverse

from atiende.tickets import actions
from atiende.tickets.codes import Channel
from tests.web.helpers import customer_ticket, text_upload


@pytest.fixture
def ticket(personas):
    ticket = customer_ticket(personas, attachments=[text_upload("public.txt", b"hello\n")])
    actions.add_note(
        ticket,
        actor=personas.agent,
        channel=Channel.WEB,
        text="Internal.",
        attachments=[text_upload("internal.txt")],
    )
    return ticket


def url(ticket, filename) -> str:
    return reverse("portal:attachment", args=[ticket.attachments.get(filename=filename).pk])


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_serves_the_tickets_files_as_downloads(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    response = client.get(url(ticket, "public.txt"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="public.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"hello\n"


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_is_404_for_files_of_internal_notes(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    assert client.get(url(ticket, "internal.txt")).status_code == 404


@pytest.mark.parametrize("role", ["teammate", "other_customer", "other_customer_admin"])
def test_it_is_404_for_other_peoples_tickets(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    assert client.get(url(ticket, "public.txt")).status_code == 404


def test_it_sends_staff_to_the_desk(client, personas, ticket):
    client.force_login(personas.agent)
    assert client.get(url(ticket, "public.txt")).url == reverse("desk:list")
