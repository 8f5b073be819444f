"""Delivery-status notifications (C3): recorded on the ticket whose mail bounced, the
address marked failing on a hard bounce; never a ticket, never a reply."""

import pytest

from atiende.channels.mail.codes import Action, Status
from atiende.channels.mail.models import InboundMessage, MailAddress
from atiende.channels.mail.queries import address_is_failing
from atiende.notify.models import OutboxMessage
from atiende.tickets.codes import MessageKind
from atiende.tickets.models import Attachment, Message, Ticket
from tests.channels.mail.intake import ingest, mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]


def dsn(original_id: str, recipient: str, status: str, diagnostic: str) -> bytes:
    action = "failed" if status.startswith("5") else "delayed"
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\n"
        "To: support@localhost\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <dsn-" + status + "@mx.example.com>\r\n"
        "Date: Mon, 23 Nov 2026 10:05:00 -0500\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="R"\r\n\r\n'
        "--R\r\nContent-Type: text/plain\r\n\r\n"
        "This is the mail system at host mx.example.com.\r\n"
        "I'm sorry to have to inform you that your message could not be delivered.\r\n"
        "--R\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.com\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\n"
        f"Action: {action}\r\nStatus: {status}\r\n"
        f"Diagnostic-Code: smtp; {diagnostic}\r\n"
        "--R\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: support@localhost\r\nTo: {recipient}\r\n"
        f"Subject: [INC-000001] We received your case\r\nMessage-ID: <{original_id}>\r\n"
        "--R--\r\n"
    ).encode()


@pytest.fixture
def acknowledged(customer):
    _row, outcome = ingest(mail())
    return outcome.ticket, OutboxMessage.objects.get(cause="ticket.acknowledgement")


def test_a_hard_bounce_is_recorded_on_the_ticket_and_marks_the_address(acknowledged):
    ticket, ack = acknowledged

    row, outcome = ingest(
        dsn(ack.message_id, "customer@example.com", "5.1.1", "550 5.1.1 User unknown")
    )

    row.refresh_from_db()
    assert (outcome.action, row.status, row.ticket) == (Action.BOUNCE, Status.BOUNCE, ticket)
    note = Message.objects.get(ticket=ticket, kind=MessageKind.INTERNAL)
    assert "customer@example.com" in note.text and "5.1.1" in note.text
    assert Attachment.objects.get(message=note).filename == "delivery-report.eml"
    address = MailAddress.objects.get(address="customer@example.com")
    assert (address.failing, address.bounces) == (True, 1)
    assert address_is_failing("Customer@Example.com")
    assert Ticket.objects.count() == 1
    assert OutboxMessage.objects.count() == 1  # no reply to the bounce


def test_a_temporary_failure_is_counted_but_does_not_mark_the_address(acknowledged):
    _ticket, ack = acknowledged

    _row, outcome = ingest(
        dsn(ack.message_id, "customer@example.com", "4.2.2", "452 4.2.2 Mailbox full")
    )

    assert outcome.action == Action.BOUNCE
    address = MailAddress.objects.get(address="customer@example.com")
    assert (address.failing, address.bounces) == (False, 1)


def test_a_bounce_of_mail_we_did_not_send_is_kept_without_ticket(customer):
    row, outcome = ingest(
        dsn("unknown@elsewhere.example", "someone@example.org", "5.1.1", "550 User unknown")
    )

    assert (outcome.action, outcome.reason, outcome.ticket) == (
        Action.BOUNCE,
        "bounce_without_ticket",
        None,
    )
    assert InboundMessage.objects.get(pk=row.pk).status == Status.BOUNCE
    assert MailAddress.objects.get(address="someone@example.org").failing
    assert not Ticket.objects.exists()
    assert not OutboxMessage.objects.exists()
