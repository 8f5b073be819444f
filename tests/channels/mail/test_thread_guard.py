"""A mail never threads into another organisation's ticket (R3, C3), and an agent's From
address acts as the agent only with the ticket's signed reply address (the FreeScout lesson:
a forged agent From must not post as the agent)."""

import logging

import pytest

from atiende.channels.mail import identity
from atiende.channels.mail.codes import Action, Status
from atiende.channels.mail.models import InboundMessage
from atiende.notify.models import OutboxMessage
from atiende.notify.replyaddress import reply_address_for
from atiende.tickets.codes import MessageKind
from atiende.tickets.models import Message, Ticket
from tests import factories
from tests.channels.mail.intake import ingest, mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]


@pytest.fixture
def opened(customer):
    """Alpha's ticket, opened by mail, and its acknowledgement."""
    _row, outcome = ingest(mail(message_id="open@mail.example.com"))
    ack = OutboxMessage.objects.get(ticket=outcome.ticket, cause="ticket.acknowledgement")
    return outcome.ticket, ack


@pytest.fixture
def outsider(personas):
    """A contact of the other organisation (Beta Networks)."""
    return factories.contact(personas.other_org, name="Outsider", email="outsider@example.net")


def _public_messages(ticket):
    return list(Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC))


def test_a_contact_of_another_organisation_never_joins_by_case_number(opened, outsider, caplog):
    ticket, _ack = opened
    caplog.set_level(logging.WARNING, logger="atiende.mail")

    row, outcome = ingest(mail(sender=outsider.email, subject=f"Re: [{ticket.number}] printer"))

    assert outcome.action == Action.CREATED
    new = outcome.ticket
    assert (new.organisation, new.requester) == (outsider.organisation, outsider)
    assert len(_public_messages(ticket)) == 1  # nothing added to Alpha's ticket
    note = Message.objects.get(ticket=new, kind=MessageKind.INTERNAL)
    assert ticket.number in note.text
    assert ticket.number in InboundMessage.objects.get(pk=row.pk).error
    assert any(ticket.number in record.getMessage() for record in caplog.records)


def test_a_contact_of_another_organisation_never_joins_by_headers(opened, outsider):
    ticket, ack = opened

    _row, outcome = ingest(mail(sender=outsider.email, in_reply_to=ack.message_id))

    assert outcome.action == Action.CREATED
    assert outcome.ticket.organisation == outsider.organisation
    assert len(_public_messages(ticket)) == 1


def test_another_organisation_carrying_the_tickets_reply_address_is_quarantined(opened, outsider):
    ticket, _ack = opened

    row, outcome = ingest(
        mail(sender=outsider.email, to=reply_address_for(ticket), subject="Our issue")
    )

    row.refresh_from_db()
    assert (outcome.action, row.status, row.reason) == (
        Action.QUARANTINED,
        Status.QUARANTINED,
        "other_organisation",
    )
    assert row.ticket is None
    assert Ticket.objects.count() == 1
    assert len(_public_messages(ticket)) == 1
    assert not OutboxMessage.objects.exclude(pk=opened[1].pk).exists()


def test_an_unknown_sender_does_not_join_by_a_case_number_anyone_can_type(opened):
    ticket, _ack = opened

    _row, outcome = ingest(mail(sender="stranger@example.org", subject=f"[{ticket.number}] hi"))

    assert outcome.action == Action.CREATED
    assert identity.is_unassigned(outcome.ticket.organisation)
    assert len(_public_messages(ticket)) == 1


def test_an_unknown_sender_copied_on_the_thread_joins_by_headers(opened):
    ticket, ack = opened

    _row, outcome = ingest(
        mail(sender="Colleague <colleague@example.org>", in_reply_to=ack.message_id)
    )

    assert (outcome.action, outcome.ticket) == (Action.APPENDED, ticket)
    author = outcome.message.author_contact
    assert (author.email, author.name) == ("colleague@example.org", "Colleague")
    assert identity.is_unassigned(author.organisation)


def test_strangers_in_the_unassigned_organisation_do_not_join_each_others_tickets(db, travel):
    _row, first = ingest(mail(sender="stranger1@example.org", subject="My VPN is down"))

    _row, second = ingest(
        mail(sender="stranger2@example.org", subject=f"Re: [{first.ticket.number}] VPN")
    )

    assert second.action == Action.CREATED
    assert second.ticket != first.ticket
    assert second.ticket.organisation == first.ticket.organisation  # both unassigned


def test_a_forged_agent_from_with_a_case_number_does_not_post_as_the_agent(opened, personas):
    ticket, _ack = opened

    _row, outcome = ingest(
        mail(sender=personas.agent.email, subject=f"Re: [{ticket.number}] printer", body="Fixed")
    )

    ticket.refresh_from_db()
    assert ticket.first_response_at is None
    assert len(_public_messages(ticket)) == 1
    assert not Message.objects.filter(author=personas.agent).exists()
    assert outcome.ticket != ticket


def test_a_forged_agent_from_in_the_thread_is_a_customer_message(opened, personas):
    ticket, ack = opened

    _row, outcome = ingest(
        mail(sender=personas.agent.email, in_reply_to=ack.message_id, body="Solved, closing.")
    )

    ticket.refresh_from_db()
    assert (outcome.action, outcome.ticket) == (Action.APPENDED, ticket)
    message = outcome.message
    assert message.author is None
    assert message.author_contact.email == personas.agent.email
    assert ticket.first_response_at is None  # not an agent's response (S9)
    assert ticket.state.code == "new"
    assert not OutboxMessage.objects.filter(cause="ticket.reply").exists()


def test_an_agent_with_the_tickets_reply_address_replies_as_the_agent(opened, personas):
    ticket, ack = opened

    _row, outcome = ingest(
        mail(
            sender=personas.agent.email,
            to=reply_address_for(ticket),
            in_reply_to=ack.message_id,
            body="We replaced the fuser; please try again.",
        )
    )

    ticket.refresh_from_db()
    message = outcome.message
    assert (outcome.action, message.author, message.author_contact) == (
        Action.APPENDED,
        personas.agent,
        None,
    )
    assert ticket.first_response_at is not None
    assert ticket.state.code == "open"  # the workflow's agent_reply transition
    mailed = OutboxMessage.objects.get(cause="ticket.reply")
    assert mailed.to == ["customer@example.com"]
    assert "We replaced the fuser" in mailed.text


def test_an_agent_with_another_tickets_reply_address_is_not_the_agent_here(
    opened, personas, customer
):
    ticket, ack = opened
    other = factories.ticket(customer.organisation, requester=customer)

    _row, outcome = ingest(
        mail(
            sender=personas.agent.email,
            to=reply_address_for(other),
            in_reply_to=ack.message_id,
            body="Closing this one.",
        )
    )

    ticket.refresh_from_db()
    assert outcome.ticket == ticket
    assert outcome.message.author is None
    assert ticket.first_response_at is None
