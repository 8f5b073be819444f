"""Loops (C3, N2): machine-written mail never gets an automatic reply, our own mail coming
back is ignored, automatic replies per address are rate-limited, and a re-sent or forwarded
reply never opens a duplicate ticket."""

import datetime as dt

import pytest

from atiende.channels.mail import actions as mail_actions
from atiende.channels.mail.codes import Action, Status
from atiende.channels.mail.models import InboundMessage
from atiende.notify.models import OutboxMessage
from atiende.tickets.codes import MessageKind
from atiende.tickets.models import Message, Ticket
from tests.channels.mail.intake import CURRENT_TIME, ingest, mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]


def _acks():
    return OutboxMessage.objects.filter(cause="ticket.acknowledgement")


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-generated"},
        {"Precedence": "bulk"},
        {"Precedence": "junk"},
        {"Precedence": "list"},
        {"Precedence": "auto_reply"},
        {"X-Auto-Response-Suppress": "All"},
        {"Return-Path": "<>"},
        {"List-Id": "<alerts.example.com>"},
    ],
)
def test_machine_written_mail_opens_a_ticket_without_acknowledgement(customer, headers):
    row, outcome = ingest(mail(subject="ALERT: disk /var at 95% on pbx-2", headers=headers))

    assert outcome.action == Action.CREATED
    assert Ticket.objects.count() == 1
    assert not _acks().exists()
    assert "automatic mail" in InboundMessage.objects.get(pk=row.pk).error


def test_a_person_writing_gets_the_acknowledgement(customer):
    ingest(mail(headers={"Auto-Submitted": "no"}))

    assert _acks().count() == 1


def test_our_own_message_coming_back_is_ignored(customer):
    _row, opened = ingest(mail())
    ack = _acks().get()
    echo = mail(sender="support@localhost", message_id=ack.message_id, subject=ack.subject)

    row, outcome = ingest(echo)

    assert (outcome.action, outcome.reason) == (Action.IGNORED, "own_message")
    assert InboundMessage.objects.get(pk=row.pk).status == Status.IGNORED
    assert Ticket.objects.count() == 1
    assert Message.objects.filter(ticket=opened.ticket).count() == 1


def test_mail_from_our_own_address_is_ignored(customer, settings):
    settings.ATIENDE_MAIL_FROM = "Soporte <support@example.com>"

    _row, outcome = ingest(mail(sender="support@example.com"))

    assert (outcome.action, outcome.reason) == (Action.IGNORED, "own_address")
    assert not Ticket.objects.exists()


def test_an_out_of_office_reply_to_our_acknowledgement_becomes_a_note(customer):
    _row, opened = ingest(mail())
    ack = _acks().get()

    _row, outcome = ingest(
        mail(
            subject=f"Automatic reply: {ack.subject}",
            in_reply_to=ack.message_id,
            headers={"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"},
            body="I am out of the office until Monday.",
        )
    )

    ticket = opened.ticket
    ticket.refresh_from_db()
    assert (outcome.action, outcome.reason, outcome.ticket) == (
        Action.APPENDED,
        "auto_response",
        ticket,
    )
    assert outcome.message.kind == MessageKind.INTERNAL
    assert Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC).count() == 1
    assert ticket.state.code == "new"
    assert _acks().count() == 1


@pytest.mark.parametrize(
    ("subject", "headers"),
    [
        ("Re: newsletter", {"Auto-Submitted": "auto-replied"}),
        ("Re: newsletter", {"X-Autoreply": "yes"}),
        ("Out of office: newsletter", {}),
        ("Respuesta automática: boletín", {}),
    ],
)
def test_an_out_of_office_reply_that_belongs_to_no_ticket_is_ignored(customer, subject, headers):
    _row, outcome = ingest(mail(subject=subject, headers=headers))

    assert (outcome.action, outcome.reason) == (Action.IGNORED, "auto_reply_without_ticket")
    assert not Ticket.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_automatic_replies_are_limited_per_address_per_hour(customer, settings, travel):
    settings.ATIENDE_MAIL_AUTO_REPLY_LIMIT = 5
    for n in range(7):
        ingest(mail(subject=f"Problem number {n} on the PBX"))

    assert Ticket.objects.count() == 7
    assert _acks().count() == 5  # the 6th and 7th tickets get no acknowledgement
    limited = InboundMessage.objects.order_by("id").last()
    assert "rate_limited" in limited.error

    travel.move_to(CURRENT_TIME + dt.timedelta(hours=1, minutes=1))
    ingest(mail(subject="Problem after an hour"))
    assert _acks().count() == 6


def test_no_acknowledgement_to_an_address_that_bounces(customer):
    mail_actions.record_bounce(
        "customer@example.com", hard=True, reason="userunknown 5.1.1", now=CURRENT_TIME
    )

    _row, outcome = ingest(mail())

    assert outcome.action == Action.CREATED
    assert not _acks().exists()


def test_a_re_sent_reply_is_a_duplicate_not_a_second_message(customer):
    _row, opened = ingest(mail())
    ack = _acks().get()
    reply = {"in_reply_to": ack.message_id, "subject": f"Re: {ack.subject}", "body": "Again."}
    ingest(mail(**reply))

    _row, outcome = ingest(mail(**reply))  # sent again: a new Message-ID, the same text

    assert (outcome.action, outcome.reason, outcome.ticket) == (
        Action.DUPLICATE,
        "same_text",
        opened.ticket,
    )
    assert Ticket.objects.count() == 1
    assert Message.objects.filter(ticket=opened.ticket).count() == 2


def test_a_re_sent_first_mail_without_headers_opens_no_second_ticket(customer):
    first = {"subject": "North link down", "body": "The north link is down since 9:00."}
    ingest(mail(**first))

    _row, outcome = ingest(mail(**first))

    assert outcome.action == Action.DUPLICATE
    assert Ticket.objects.count() == 1


def test_a_forwarded_reply_joins_its_ticket(customer, personas):
    from tests import factories

    colleague = factories.contact(personas.org, email="colleague@example.com")
    _row, opened = ingest(mail(subject="North link down"))
    number = opened.ticket.number

    _row, outcome = ingest(
        mail(
            sender=colleague.email,
            subject=f"RV: RE: [{number}] North link down",
            body="Forwarding: the link is down here too.",
        )
    )

    assert (outcome.action, outcome.ticket) == (Action.APPENDED, opened.ticket)
    assert Ticket.objects.count() == 1
