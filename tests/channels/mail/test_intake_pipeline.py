"""The pipeline end to end: a mail opens a ticket with its case number and acknowledgement
(C2, T1, T8, N2); attachments are kept; a failure is kept with its error and can be
processed again; a refusal is explained to the sender."""

import base64

import pytest

from atiende.channels.mail import actions, pipeline
from atiende.channels.mail.codes import Action, Status
from atiende.channels.mail.models import InboundMessage
from atiende.core.errors import ActionError
from atiende.customers.models import AccountStatus
from atiende.notify.models import OutboxMessage
from atiende.notify.replyaddress import reply_address_for
from atiende.tickets.codes import Channel, EventCode, MessageKind
from atiende.tickets.models import Attachment, HistoryEvent, Message, Ticket
from tests.channels.mail.intake import CURRENT_TIME, ingest, mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _with_attachments(files: list[tuple[str, str, bytes]]) -> bytes:
    parts = ["--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the attached files.\r\n"]
    for name, ctype, content in files:
        encoded = base64.encodebytes(content).decode().replace("\n", "\r\n")
        parts.append(
            f'--B\r\nContent-Type: {ctype}; name="{name}"\r\n'
            f'Content-Disposition: attachment; filename="{name}"\r\n'
            f"Content-Transfer-Encoding: base64\r\n\r\n{encoded}"
        )
    body = "".join(parts) + "--B--\r\n"
    head = (
        "From: Customer <customer@example.com>\r\nTo: support@example.com\r\n"
        "Subject: Invoice attached\r\nMessage-ID: <att@mail.example.com>\r\n"
        "Date: Mon, 23 Nov 2026 10:00:00 -0500\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
    )
    return (head + body).encode()


def test_it_opens_a_ticket_with_number_requester_and_acknowledgement(customer):
    raw = mail(
        subject="RE: Printer on floor 3 does not print",
        body="The printer shows error 50.2.\nNobody on floor 3 can print.",
        message_id="new@mail.example.com",
    )

    row, outcome = ingest(raw)

    ticket = Ticket.objects.get()
    assert outcome.as_dict() == {"action": "created", "ticket": "INC-000001", "reason": None}
    assert ticket.subject == "Printer on floor 3 does not print"  # prefixes removed (T8)
    assert ticket.description == "The printer shows error 50.2.\nNobody on floor 3 can print."
    assert ticket.requester == customer
    assert ticket.organisation == customer.organisation
    assert (ticket.channel, ticket.created_by, ticket.created_at) == (
        Channel.EMAIL,
        None,
        CURRENT_TIME,
    )
    message = Message.objects.get(ticket=ticket)
    assert (message.kind, message.author_contact, message.author) == (
        MessageKind.PUBLIC,
        customer,
        None,
    )
    assert HistoryEvent.objects.filter(ticket=ticket, code=EventCode.CREATED).count() == 1
    ack = OutboxMessage.objects.get(cause="ticket.acknowledgement")
    assert ack.ticket == ticket
    assert ack.to == ["customer@example.com"]
    assert "[INC-000001]" in ack.subject  # T1: the number goes back to the customer
    assert ack.in_reply_to == "new@mail.example.com"  # the customer's client threads it
    assert ack.reply_to == reply_address_for(ticket)
    row.refresh_from_db()
    assert (row.status, row.ticket, row.from_address) == (
        Status.PROCESSED,
        ticket,
        "customer@example.com",
    )


def test_a_mail_without_subject_gets_the_first_line_as_subject(customer):
    ingest(mail(subject="", body="\n\nLine 7 of the PBX is down since 9:00\nPlease check."))

    assert Ticket.objects.get().subject == "Line 7 of the PBX is down since 9:00"


def test_it_keeps_the_attachments_and_renames_a_disguised_one(customer):
    raw = _with_attachments(
        [
            ("invoice.pdf", "application/pdf", PDF),
            ("report.pdf", "application/pdf", b"<html><script>alert(1)</script></html>"),
        ]
    )

    _row, outcome = ingest(raw)

    ticket = outcome.ticket
    stored = {a.filename: a for a in Attachment.objects.filter(ticket=ticket)}
    assert set(stored) == {"invoice.pdf", "report.pdf.bin"}
    assert stored["invoice.pdf"].content_type == "application/pdf"
    assert stored["report.pdf.bin"].content_type == "text/plain"  # served as a download
    assert stored["invoice.pdf"].message == Message.objects.get(
        ticket=ticket, kind=MessageKind.PUBLIC
    )
    note = Message.objects.get(ticket=ticket, kind=MessageKind.INTERNAL)
    assert "report.pdf" in note.text and "report.pdf.bin" in note.text


def test_an_attachment_over_the_limit_is_left_out_with_a_note_and_the_message_kept(
    customer, settings
):
    settings.ATIENDE_ATTACHMENT_MAX_BYTES = 50
    _row, outcome = ingest(_with_attachments([("invoice.pdf", "application/pdf", PDF)]))

    assert outcome.action == Action.CREATED
    assert not Attachment.objects.exists()
    note = Message.objects.get(ticket=outcome.ticket, kind=MessageKind.INTERNAL)
    assert "invoice.pdf" in note.text


def test_a_failure_is_kept_with_its_error_and_can_be_processed_again(customer, monkeypatch):
    def broken(ctx):
        raise RuntimeError("the thread index is unavailable")

    filters = list(pipeline.FILTERS)
    filters[filters.index(pipeline.thread.run)] = broken
    monkeypatch.setattr(pipeline, "FILTERS", filters)

    row, outcome = ingest(mail(message_id="fails@mail.example.com"))

    row.refresh_from_db()
    assert (outcome.action, row.status, row.attempts) == (Action.FAILED, Status.FAILED, 1)
    assert "the thread index is unavailable" in row.error
    assert bytes(row.raw)  # nothing dropped
    assert not Ticket.objects.exists()  # nothing half-applied
    assert not OutboxMessage.objects.exists()

    monkeypatch.undo()
    again, retried = actions.retry(row.pk)

    assert retried.action == Action.CREATED
    assert (again.status, again.attempts, again.ticket) == (
        Status.PROCESSED,
        2,
        Ticket.objects.get(),
    )


def test_retry_refuses_a_processed_message(customer):
    row, _outcome = ingest(mail())

    with pytest.raises(ActionError) as refused:
        actions.retry(row.pk)

    assert refused.value.code == "not_retryable"
    assert Ticket.objects.count() == 1


def test_a_refusal_by_the_ticket_actions_rejects_and_explains(customer):
    organisation = customer.organisation
    organisation.account_status = AccountStatus.SUSPENDED
    organisation.save()

    row, outcome = ingest(mail(message_id="suspended@mail.example.com"))

    row.refresh_from_db()
    assert (outcome.action, row.status, row.reason) == (
        Action.REJECTED,
        Status.REJECTED,
        "organisation_inactive",
    )
    assert "not active" in row.error
    assert not Ticket.objects.exists()
    notice = OutboxMessage.objects.get(cause="mail.refused")
    assert notice.to == ["customer@example.com"]
    assert "not active" in notice.text


def test_a_mail_without_sender_is_rejected_without_reply(customer):
    raw = mail(sender="undisclosed-recipients:;")

    row, outcome = ingest(raw)

    assert (outcome.action, outcome.reason) == (Action.REJECTED, "no_sender")
    assert InboundMessage.objects.get(pk=row.pk).status == Status.REJECTED
    assert not OutboxMessage.objects.exists()
