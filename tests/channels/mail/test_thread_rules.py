"""Threading rules, in order (C3): headers naming a Message-ID we sent or stored, the case
number in the subject, the signed reply address, then — for systems that strip headers —
the same sender and normalised subject within the window on a ticket that is not closed."""

import datetime as dt

import pytest

from atiende.channels.mail.codes import Action, ThreadRule
from atiende.channels.mail.models import InboundMessage
from atiende.notify.models import OutboxMessage
from atiende.notify.replyaddress import reply_address_for
from atiende.tickets import actions
from atiende.tickets.codes import Channel, MessageKind
from atiende.tickets.models import Message, Ticket
from tests import factories
from tests.channels.mail.intake import ingest, mail

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def opened(customer, travel):
    """A ticket opened by mail: (ticket, the customer's Message-ID, our acknowledgement)."""
    _row, outcome = ingest(mail(message_id="open@mail.example.com"))
    ack = OutboxMessage.objects.get(ticket=outcome.ticket, cause="ticket.acknowledgement")
    return outcome.ticket, "open@mail.example.com", ack


def _assert_appended(outcome, ticket, rule, customer):
    assert outcome.action == Action.APPENDED
    assert outcome.ticket == ticket
    row = InboundMessage.objects.get(created_message=outcome.message)
    assert row.thread_rule == rule
    assert Ticket.objects.count() == 1
    message = outcome.message
    assert (message.kind, message.author_contact) == (MessageKind.PUBLIC, customer)
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC).count() == 2


def test_a_reply_to_our_acknowledgement_threads_by_in_reply_to(opened, customer):
    ticket, _mid, ack = opened

    _row, outcome = ingest(
        mail(subject="Something else entirely", in_reply_to=ack.message_id, body="Still down.")
    )

    _assert_appended(outcome, ticket, ThreadRule.HEADERS, customer)
    assert outcome.message.text == "Still down."


def test_references_to_a_stored_customer_message_thread(opened, customer):
    ticket, first_id, _ack = opened

    _row, outcome = ingest(
        mail(subject="Another subject", references=f"<unknown@x.example> <{first_id}>")
    )

    _assert_appended(outcome, ticket, ThreadRule.HEADERS, customer)


def test_the_case_number_in_the_subject_threads_when_headers_are_stripped(opened, customer):
    ticket, _mid, _ack = opened

    _row, outcome = ingest(mail(subject=f"RE: [{ticket.number}] We received your case"))

    _assert_appended(outcome, ticket, ThreadRule.SUBJECT_NUMBER, customer)


def test_a_case_number_typed_without_brackets_or_padding_threads(opened, customer):
    ticket, _mid, _ack = opened

    _row, outcome = ingest(mail(subject="Update on inc-1 please"))

    _assert_appended(outcome, ticket, ThreadRule.SUBJECT_NUMBER, customer)


@pytest.mark.parametrize("where", ["cc", "delivered_to", "envelope"])
def test_the_signed_reply_address_threads(opened, customer, where):
    ticket, _mid, _ack = opened
    address = reply_address_for(ticket)
    raw = mail(
        subject="New subject written by hand",
        cc=address if where == "cc" else "",
        headers={"Delivered-To": address} if where == "delivered_to" else None,
    )

    _row, outcome = ingest(raw, envelope_to=address if where == "envelope" else "")

    _assert_appended(outcome, ticket, ThreadRule.REPLY_ADDRESS, customer)


def test_a_forged_reply_address_does_not_thread(opened):
    ticket, _mid, _ack = opened
    local, _at, domain = reply_address_for(ticket).partition("@")
    forged = f"{local[:-1]}{'a' if local[-1] != 'a' else 'b'}@{domain}"  # signature altered

    _row, outcome = ingest(mail(subject="Brand new problem", cc=forged))

    assert outcome.action == Action.CREATED
    assert outcome.ticket != ticket


def test_same_sender_and_subject_thread_within_the_window(opened, customer, travel):
    ticket, _mid, _ack = opened
    travel.shift(dt.timedelta(days=3))

    _row, outcome = ingest(
        mail(subject="RV: AW: Fwd:  printer ON floor 3 does not print", body="Any news?")
    )

    _assert_appended(outcome, ticket, ThreadRule.SENDER_SUBJECT, customer)


def test_same_subject_after_the_window_opens_a_new_ticket(opened, travel, settings):
    settings.ATIENDE_MAIL_THREAD_WINDOW_DAYS = 14
    ticket, _mid, _ack = opened
    travel.shift(dt.timedelta(days=15))

    _row, outcome = ingest(mail(subject="Re: Printer on floor 3 does not print"))

    assert outcome.action == Action.CREATED
    assert outcome.ticket != ticket


def test_same_subject_from_another_sender_opens_a_new_ticket(opened):
    ticket, _mid, _ack = opened
    colleague = factories.contact(ticket.organisation, email="colleague@example.com")

    _row, outcome = ingest(
        mail(sender=colleague.email, subject="Re: Printer on floor 3 does not print")
    )

    assert outcome.action == Action.CREATED
    assert outcome.ticket.requester == colleague


def test_same_subject_on_a_closed_ticket_opens_a_new_ticket(opened, personas):
    ticket, _mid, _ack = opened
    actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="closed")

    _row, outcome = ingest(mail(subject="Printer on floor 3 does not print"))

    assert outcome.action == Action.CREATED
    assert outcome.ticket != ticket


def test_headers_win_over_the_subject_number(opened, customer):
    ticket, _mid, ack = opened
    _row, other = ingest(mail(subject="Second problem: the scanner"))

    _row, outcome = ingest(
        mail(subject=f"Re: [{other.ticket.number}] scanner", in_reply_to=ack.message_id)
    )

    assert outcome.ticket == ticket
    assert InboundMessage.objects.get(created_message=outcome.message).thread_rule == "headers"


def test_a_reply_to_a_merged_ticket_goes_to_the_surviving_ticket(opened, customer, personas):
    ticket, _mid, ack = opened
    survivor = factories.ticket(customer.organisation, requester=customer)
    actions.merge(ticket, actor=personas.agent_l2, channel=Channel.WEB, into=survivor)

    _row, outcome = ingest(mail(subject="Re: anything", in_reply_to=ack.message_id))

    assert (outcome.action, outcome.ticket) == (Action.APPENDED, survivor)


def test_a_number_of_no_ticket_opens_a_new_ticket(customer, travel):
    _row, outcome = ingest(mail(subject="[INC-004711] Fibre cut on the north link"))

    assert outcome.action == Action.CREATED
    assert outcome.ticket.subject == "Fibre cut on the north link"
