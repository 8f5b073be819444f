"""A reply to a closed ticket opens a new ticket linked to the closed one, or reopens it,
per ATIENDE_MAIL_CLOSED_TICKET (C3, T4)."""

import pytest

from atiende.channels.mail.codes import Action, Status
from atiende.notify.models import OutboxMessage
from atiende.notify.replyaddress import reply_address_for
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode, MessageKind
from atiende.tickets.models import HistoryEvent, Message, State, Transition
from tests.channels.mail.intake import ingest, mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]


@pytest.fixture
def closed(customer, personas):
    _row, outcome = ingest(mail(message_id="open@mail.example.com"))
    ticket = actions.transition(
        outcome.ticket, actor=personas.agent, channel=Channel.WEB, state="closed"
    )
    ack = OutboxMessage.objects.get(ticket=ticket, cause="ticket.acknowledgement")
    return ticket, ack


def test_a_reply_to_a_closed_ticket_opens_a_new_linked_ticket(closed, customer, settings):
    settings.ATIENDE_MAIL_CLOSED_TICKET = "new"
    ticket, ack = closed

    _row, outcome = ingest(mail(in_reply_to=ack.message_id, body="It fails again."))

    new = outcome.ticket
    assert outcome.action == Action.CREATED
    assert new != ticket and new.requester == customer
    link = Message.objects.get(ticket=new, kind=MessageKind.INTERNAL)
    assert ticket.number in link.text
    back = Message.objects.get(ticket=ticket, kind=MessageKind.INTERNAL)
    assert new.number in back.text
    ticket.refresh_from_db()
    assert ticket.state.code == "closed"
    assert OutboxMessage.objects.filter(ticket=new, cause="ticket.acknowledgement").exists()


def test_reopen_moves_the_closed_ticket_back_and_adds_the_reply(closed, customer, settings):
    settings.ATIENDE_MAIL_CLOSED_TICKET = "reopen"
    ticket, ack = closed
    workflow_states = State.objects.filter(workflow_id=ticket.workflow_id)
    Transition.objects.create(
        workflow_id=ticket.workflow_id,
        source=workflow_states.get(code="closed"),
        target=workflow_states.get(code="open"),
    )

    _row, outcome = ingest(mail(in_reply_to=ack.message_id, body="It fails again."))

    ticket.refresh_from_db()
    assert (outcome.action, outcome.ticket) == (Action.APPENDED, ticket)
    assert ticket.state.code == "open"
    assert ticket.closed_at is None
    assert outcome.message.author_contact == customer
    event = HistoryEvent.objects.filter(ticket=ticket, code=EventCode.STATE_CHANGED).last()
    assert (event.data["old"], event.data["new"], event.actor) == ("closed", "open", None)


def test_reopen_without_a_way_out_of_closed_opens_a_new_ticket(closed, settings):
    settings.ATIENDE_MAIL_CLOSED_TICKET = "reopen"
    ticket, ack = closed  # the default workflow has no transition out of "closed"

    row, outcome = ingest(mail(in_reply_to=ack.message_id))

    assert outcome.action == Action.CREATED
    assert outcome.ticket != ticket
    row.refresh_from_db()
    assert "cannot reopen" in row.error


def test_an_agents_mail_to_a_closed_ticket_is_refused_and_explained(closed, personas):
    ticket, _ack = closed

    row, outcome = ingest(
        mail(sender=personas.agent.email, to=reply_address_for(ticket), body="One more thing.")
    )

    row.refresh_from_db()
    assert (outcome.action, row.status, row.reason) == (
        Action.REJECTED,
        Status.REJECTED,
        "ticket_closed",
    )
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC).count() == 1
    notice = OutboxMessage.objects.get(cause="mail.refused")
    assert notice.to == [personas.agent.email]
    assert ticket.number in notice.text
