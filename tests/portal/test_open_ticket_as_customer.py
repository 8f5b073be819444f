"""portal.actions.open_ticket_as_customer: contact data and ticket, all or nothing (T8)."""

import pytest

from atiende.core.errors import ActionError
from atiende.customers.models import Contact
from atiende.portal.actions import open_ticket_as_customer
from atiende.tickets.codes import Channel
from atiende.tickets.models import Ticket

FIELDS = {"kind": "incident", "subject": "No dial tone", "description": "No line has dial tone."}


def test_it_opens_the_ticket_for_the_users_organisation(personas):
    ticket = open_ticket_as_customer(personas.customer, **FIELDS)
    assert (ticket.organisation, ticket.requester, ticket.channel) == (
        personas.org,
        personas.customer.contact,
        Channel.PORTAL,
    )


def test_it_never_overwrites_existing_contact_data(personas):
    original = personas.customer.contact.email
    open_ticket_as_customer(
        personas.customer, email="new@example.com", phone="+57 1 555 0100", **FIELDS
    )
    contact = Contact.objects.get(pk=personas.customer.contact_id)
    assert (contact.email, contact.phone) == (original, "+57 1 555 0100")


def test_it_rolls_the_contact_back_when_the_ticket_is_refused(personas):
    Contact.objects.filter(pk=personas.customer.contact_id).update(email="")
    personas.customer.refresh_from_db()
    with pytest.raises(ActionError) as refused:
        open_ticket_as_customer(
            personas.customer, email="new@example.com", **{**FIELDS, "subject": " "}
        )
    assert refused.value.field == "subject"
    assert Contact.objects.get(pk=personas.customer.contact_id).email == ""
    assert personas.customer.contact.email == ""
    assert not Ticket.objects.exists()


def test_it_refuses_staff(personas):
    with pytest.raises(ActionError) as refused:
        open_ticket_as_customer(personas.agent, **FIELDS)
    assert refused.value.code == "customers_only"
    assert not Ticket.objects.exists()


def test_it_refuses_a_user_without_contact(personas):
    personas.teammate.contact = None
    personas.teammate.save()
    with pytest.raises(ActionError) as refused:
        open_ticket_as_customer(personas.teammate, **FIELDS)
    assert refused.value.code == "user_without_contact"
    assert not Ticket.objects.exists()


def test_it_refuses_the_problem_kind(personas):
    with pytest.raises(ActionError) as refused:
        open_ticket_as_customer(personas.customer, **{**FIELDS, "kind": "problem"})
    assert refused.value.field == "kind"
