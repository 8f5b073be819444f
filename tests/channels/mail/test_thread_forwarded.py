"""An agent forwards a customer's mail to the desk: the ticket is for the original sender;
the forwarded header block is read in several languages."""

import pytest

from atiende.channels.mail import forwarded, subjects
from atiende.channels.mail.codes import Action
from atiende.notify.replyaddress import reply_address_for
from atiende.tickets.codes import MessageKind
from atiende.tickets.models import Message
from tests.channels.mail.intake import ingest, mail

FORWARD_ES = """Hola equipo, por favor atiendan esto.

---------- Mensaje reenviado ---------
De: Cliente Uno <customer@example.com>
Fecha: lun, 23 nov 2026 a las 9:12
Asunto: Caída del enlace norte
Para: Agente <agent@example.com>

El enlace norte está caído desde las 9:00.
"""

FORWARD_OUTLOOK = """Please handle.

________________________________
From: Customer <customer@example.com>
Sent: Monday, November 23, 2026 9:12 AM
To: Agent <agent@example.com>
Subject: North link down

The north link is down since 9:00.
"""


def test_it_reads_a_spanish_forward_block():
    found = forwarded.original(FORWARD_ES)

    assert (found.address, found.name, found.subject) == (
        "customer@example.com",
        "Cliente Uno",
        "Caída del enlace norte",
    )
    assert found.text == "El enlace norte está caído desde las 9:00."
    assert found.preface == "Hola equipo, por favor atiendan esto."


def test_it_reads_an_outlook_forward_block():
    found = forwarded.original(FORWARD_OUTLOOK)

    assert (found.address, found.subject) == ("customer@example.com", "North link down")
    assert found.text == "The north link is down since 9:00."


def test_a_mail_without_a_forward_block_has_no_original():
    assert forwarded.original("From the logs: nothing.\nSubject to change.") is None


@pytest.mark.django_db
@pytest.mark.usefixtures("travel")
def test_an_agent_forwarding_a_customer_mail_opens_the_ticket_for_the_customer(customer, personas):
    body = FORWARD_ES.replace("agent@example.com", personas.agent.email)

    _row, outcome = ingest(
        mail(sender=personas.agent.email, subject="RV: Caída del enlace norte", body=body)
    )

    ticket = outcome.ticket
    assert outcome.action == Action.CREATED
    assert (ticket.requester, ticket.organisation) == (customer, customer.organisation)
    assert ticket.subject == "Caída del enlace norte"
    assert ticket.description == "El enlace norte está caído desde las 9:00."
    assert ticket.created_by is None  # nothing is done as the agent
    note = Message.objects.get(ticket=ticket, kind=MessageKind.INTERNAL)
    assert personas.agent.email in note.text
    assert "por favor atiendan esto" in note.text


@pytest.mark.django_db
@pytest.mark.usefixtures("travel")
def test_a_customer_forwarding_a_mail_opens_their_own_ticket(customer):
    _row, outcome = ingest(mail(subject="Fwd: North link down", body=FORWARD_OUTLOOK))

    assert outcome.ticket.requester == customer
    assert "The north link is down" in outcome.ticket.description


@pytest.mark.parametrize(
    ("subject", "forward"),
    [
        ("Fwd: North link down", True),
        ("FW: North link down", True),
        ("RV: Caída del enlace", True),
        ("WG: Ausfall", True),
        ("TR: Panne", True),
        ("ENC: Queda do link", True),
        ("Re: Fwd: North link down", True),
        ("Re: North link down", False),
        ("Forwarding rules for the PBX", False),
    ],
)
def test_a_forward_is_recognised_by_its_subject_prefix(subject, forward):
    assert subjects.is_forward(subject) is forward


@pytest.mark.django_db
@pytest.mark.usefixtures("travel")
def test_an_agents_answer_in_a_ticket_thread_is_not_taken_for_a_forward(customer, personas):
    _row, opened = ingest(mail())
    body = FORWARD_ES.replace("agent@example.com", personas.agent.email)

    _row, outcome = ingest(
        mail(
            sender=personas.agent.email,
            to=reply_address_for(opened.ticket),
            subject=f"Fwd: [{opened.ticket.number}] for the record",
            body=body,
        )
    )

    assert (outcome.action, outcome.ticket) == (Action.APPENDED, opened.ticket)
    assert outcome.message.author == personas.agent
