"""reply and add_note: first response (S9), automatic transitions (T4), internal notes."""

import datetime as dt

import pytest
import time_machine

from atiende.core.errors import ActionError, Conflict
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode, MessageKind
from atiende.tickets.models import HistoryEvent, Message
from tests import factories

CURRENT_TIME = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def setup(db):
    org = factories.organisation()
    customer = factories.user("customer", org)
    agent = factories.user("agent")
    ticket = factories.ticket(org, actor=customer, requester=customer.contact)
    return ticket, customer, agent


def test_it_records_the_first_agent_reply_as_first_response(setup):
    ticket, _customer, agent = setup
    with time_machine.travel(CURRENT_TIME, tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="We are on it.")
    with time_machine.travel(CURRENT_TIME + dt.timedelta(hours=1), tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Still on it.")
    ticket.refresh_from_db()
    assert ticket.first_response_at == CURRENT_TIME
    assert ticket.state.code == "open"  # new → open on the agent's reply
    assert HistoryEvent.objects.filter(ticket=ticket, code=EventCode.FIRST_RESPONSE).count() == 1


def test_it_does_not_count_customer_replies_as_first_response(setup):
    ticket, customer, _agent = setup
    actions.reply(ticket, actor=customer, channel=Channel.PORTAL, text="Any news?")
    ticket.refresh_from_db()
    assert ticket.first_response_at is None
    message = ticket.messages.last()
    assert message.author_contact == customer.contact
    assert ticket.state.code == "new"


def test_it_reopens_a_pending_ticket_when_the_customer_answers(setup):
    ticket, customer, agent = setup
    actions.transition(ticket, actor=agent, channel=Channel.WEB, state="pending")
    actions.reply(ticket, actor=customer, channel=Channel.PORTAL, text="Here is the log.")
    ticket.refresh_from_db()
    assert ticket.state.code == "open"
    change = HistoryEvent.objects.filter(ticket=ticket, code=EventCode.STATE_CHANGED).last()
    assert change.data["old"] == "pending"
    assert change.data["reason"] == "customer_reply"


def test_it_keeps_internal_notes_internal_and_for_staff_only(setup):
    ticket, customer, agent = setup
    note = actions.add_note(ticket, actor=agent, channel=Channel.WEB, text="Check trunk 4")
    assert note.kind == MessageKind.INTERNAL
    with pytest.raises(ActionError) as caught:
        actions.add_note(ticket, actor=customer, channel=Channel.PORTAL, text="sneaky")
    assert caught.value.code == "agents_only"
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.INTERNAL).count() == 1


def test_it_refuses_an_empty_reply(setup):
    ticket, _customer, agent = setup
    before = Message.objects.count()
    with pytest.raises(ActionError) as caught:
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="  ")
    assert caught.value.field == "text"
    assert Message.objects.count() == before


def test_it_refuses_a_stale_version(setup):
    ticket, _customer, agent = setup
    version = ticket.version
    actions.add_note(ticket, actor=agent, channel=Channel.WEB, text="first")
    with pytest.raises(Conflict):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="late",
                      expected_version=version)  # fmt: skip
    assert not Message.objects.filter(text="late").exists()


def test_it_refuses_replies_to_closed_tickets(setup):
    ticket, customer, agent = setup
    actions.transition(ticket, actor=agent, channel=Channel.WEB, state="closed")
    with pytest.raises(ActionError) as caught:
        actions.reply(ticket, actor=customer, channel=Channel.PORTAL, text="hello?")
    assert caught.value.code == "ticket_closed"
