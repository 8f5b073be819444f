"""Portal: a customer opens a ticket (T1 case number, T8 required data)."""

import pytest
from django.urls import reverse

from atiende.customers.models import Contact
from atiende.tickets.codes import Channel, EventCode, Kind, MessageKind
from atiende.tickets.models import Ticket

URL = reverse("portal:new")
VALID = {
    "kind": "incident",
    "subject": "Outbound calls drop after 30 seconds",
    "description": "Since 08:00 every outbound call of the call centre (40 agents) drops.",
}


def test_it_shows_the_form(client, personas):
    client.force_login(personas.customer)
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    # No pack: the desk's own kinds and its default urgency × impact matrix (T3).
    assert list(form.fields) == [
        "kind",
        "urgency",
        "impact",
        "subject",
        "description",
        "phone",
        "attachments",
    ]
    assert personas.customer.contact.email in response.content.decode()


def test_it_opens_a_ticket_and_gives_its_case_number(client, personas):
    client.force_login(personas.customer)
    response = client.post(URL, VALID)
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal:created", args=[ticket.pk])
    assert (ticket.subject, ticket.kind, ticket.channel) == (
        VALID["subject"],
        Kind.INCIDENT,
        Channel.PORTAL,
    )
    assert (ticket.organisation, ticket.requester, ticket.created_by) == (
        personas.org,
        personas.customer.contact,
        personas.customer,
    )
    message = ticket.messages.get()
    assert (message.kind, message.text) == (MessageKind.PUBLIC, VALID["description"])
    event = ticket.history.get()
    assert (event.code, event.actor, event.channel) == (
        EventCode.CREATED,
        personas.customer,
        Channel.PORTAL,
    )
    page = client.get(response.url).content.decode()
    assert f'Your case number is <strong id="case-number">{ticket.number}</strong>' in page
    # No pack, no policy: the confirmation says there is no response-time commitment (N2).
    assert "There is no response-time commitment for this report" in page


def test_it_opens_a_service_request_with_a_file(client, personas, tmp_path):
    upload = tmp_path / "numbers.csv"
    upload.write_bytes(b"number\n+5716000000\n")
    client.force_login(personas.customer_admin)
    with upload.open("rb") as handle:
        client.post(URL, {**VALID, "kind": "request", "attachments": handle})
    ticket = Ticket.objects.get()
    assert ticket.kind == Kind.REQUEST
    assert ticket.attachments.get().filename == "numbers.csv"
    assert ticket.history.latest("id").code == EventCode.ATTACHMENT_ADDED


@pytest.mark.parametrize(
    ("field", "data", "message"),
    [
        (
            "description",
            {**VALID, "description": "  "},
            "Describe the problem and its impact: what fails, since when, who is affected.",
        ),
        ("subject", {**VALID, "subject": ""}, "Write a short descriptive subject."),
        (
            "kind",
            {**VALID, "kind": "problem"},
            "Select a valid choice. problem is not one of the available choices.",
        ),
    ],
)
def test_it_refuses_incomplete_tickets_and_writes_nothing(client, personas, field, data, message):
    client.force_login(personas.customer)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert message in response.content.decode().replace("&quot;", '"')
    assert not Ticket.objects.exists()


@pytest.fixture
def unreachable(personas):
    """Alice's contact has neither e-mail nor phone."""
    Contact.objects.filter(pk=personas.customer.contact_id).update(email="", phone="")
    personas.customer.refresh_from_db()
    return personas.customer


def test_it_asks_for_missing_contact_data(client, unreachable):
    client.force_login(unreachable)
    form = client.get(URL).context["form"]
    assert {"email", "phone"} <= set(form.fields)


def test_it_saves_the_missing_contact_data_with_the_ticket(client, unreachable):
    client.force_login(unreachable)
    response = client.post(URL, {**VALID, "phone": "+57 601 555 0100", "email": ""})
    assert response.status_code == 302
    contact = Contact.objects.get(pk=unreachable.contact_id)
    assert (contact.phone, contact.email) == ("+57 601 555 0100", "")
    assert Ticket.objects.get().requester == contact


def test_it_refuses_a_ticket_without_any_contact_data(client, unreachable):
    client.force_login(unreachable)
    response = client.post(URL, {**VALID, "phone": "", "email": ""})
    assert response.context["form"].errors == {
        "email": ["Give an e-mail address or a phone number so we can reach you about this ticket."]
    }
    assert not Ticket.objects.exists()


def test_it_keeps_the_contact_unchanged_when_the_ticket_is_refused(client, unreachable):
    client.force_login(unreachable)
    response = client.post(URL, {**VALID, "description": "", "phone": "+57 601 555 0100"})
    assert "description" in response.context["form"].errors
    assert Contact.objects.get(pk=unreachable.contact_id).phone == ""
    assert not Ticket.objects.exists()
    # The form still asks for the phone, with what was typed.
    assert response.context["form"]["phone"].value() == "+57 601 555 0100"


@pytest.mark.parametrize("phone", ["call me", "12-34", "+57 601 555 0100 ext. 5"])
def test_it_refuses_a_phone_that_is_not_a_number(client, unreachable, phone):
    client.force_login(unreachable)
    response = client.post(URL, {**VALID, "phone": phone})
    assert response.context["form"].errors == {
        "phone": ["Write the phone number with digits, e.g. +57 601 555 0100."]
    }
    assert not Ticket.objects.exists()


def test_it_refuses_an_e_mail_used_by_another_contact(client, personas, unreachable):
    taken = personas.teammate.contact.email
    client.force_login(unreachable)
    response = client.post(URL, {**VALID, "email": taken})
    assert response.context["form"].errors == {
        "email": ["This organisation already has a contact with that e-mail address."]
    }
    assert Contact.objects.get(pk=unreachable.contact_id).email == ""
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("role", ["agent", "admin"])
def test_it_sends_staff_to_the_desk(client, personas, role):
    client.force_login(personas.by_role(role))
    response = client.post(URL, VALID)
    assert response.url == reverse("desk:list")
    assert not Ticket.objects.exists()
