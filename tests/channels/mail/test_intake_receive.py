"""Raw first (C2, C3): every message is stored before anything else; the same message
delivered twice — same Message-ID and content, or same IMAP UID — is a no-op."""

import pytest

from atiende.channels.mail import receive
from atiende.channels.mail.codes import Action, Status
from atiende.channels.mail.models import InboundMessage, Mailbox
from atiende.notify.models import OutboxMessage
from atiende.tickets.models import Message, Ticket
from tests.channels.mail.intake import CURRENT_TIME, ingest, mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]


def test_it_stores_the_raw_bytes_before_processing(customer):
    raw = mail(message_id="first@mail.example.com")

    row, outcome = ingest(raw, source="pipe")

    row.refresh_from_db()
    assert bytes(row.raw) == raw
    assert row.size == len(raw)
    assert row.message_id == "first@mail.example.com"
    assert len(row.sha256) == 64
    assert row.source == "pipe"
    assert row.received_at == CURRENT_TIME
    assert (row.status, row.action, row.attempts) == (Status.PROCESSED, Action.CREATED, 1)
    assert row.ticket == outcome.ticket
    assert row.created_message == Message.objects.get(ticket=outcome.ticket)


def test_the_same_message_delivered_twice_is_a_no_op(customer):
    raw = mail(message_id="twice@mail.example.com")
    first_row, first = ingest(raw)

    second_row, second = ingest(raw)

    assert second_row.pk == first_row.pk
    assert second.action == Action.DUPLICATE
    assert second.reason == "already_received"
    assert second.ticket == first.ticket
    assert InboundMessage.objects.count() == 1
    assert Ticket.objects.count() == 1
    assert Message.objects.count() == 1
    assert OutboxMessage.objects.filter(cause="ticket.acknowledgement").count() == 1


def test_a_redelivery_with_other_trace_headers_and_line_ends_is_recognised(customer):
    raw = mail(message_id="path@mail.example.com")
    ingest(raw)
    redelivered = (
        b"Received: from relay.example.net by mx.example.com; Mon, 23 Nov 2026 10:01 -0500\r\n"
        b"Delivered-To: support@example.com\r\n" + raw
    ).replace(b"\r\n", b"\n")

    _row, outcome = ingest(redelivered)

    assert outcome.action == Action.DUPLICATE
    assert InboundMessage.objects.count() == 1
    assert receive.envelope(redelivered).sha256 == receive.envelope(raw).sha256


def test_the_same_message_id_with_other_content_is_stored_and_joins_the_same_ticket(customer):
    _row, first = ingest(mail(message_id="reused@mail.example.com", body="The printer fails."))

    row, second = ingest(mail(message_id="reused@mail.example.com", body="Also the scanner."))

    assert InboundMessage.objects.count() == 2
    assert second.action == Action.APPENDED
    assert second.ticket == first.ticket
    assert InboundMessage.objects.get(pk=row.pk).thread_rule == "message_id"
    assert Ticket.objects.count() == 1


def test_the_same_imap_uid_is_stored_once(customer):
    mailbox = Mailbox.objects.create(
        name="support", host="127.0.0.1", username="desk", password_env="X"
    )
    first, created = receive.store_raw(
        mail(message_id="a@x.example"), source="imap", mailbox=mailbox, uidvalidity=7, uid=1
    )
    again, created_again = receive.store_raw(
        mail(message_id="other@x.example"), source="imap", mailbox=mailbox, uidvalidity=7, uid=1
    )
    other_validity, created_other = receive.store_raw(
        mail(message_id="b@x.example"), source="imap", mailbox=mailbox, uidvalidity=8, uid=1
    )

    assert (created, created_again, created_other) == (True, False, True)
    assert again.pk == first.pk
    assert other_validity.pk != first.pk
    assert InboundMessage.objects.count() == 2


def test_identical_messages_without_message_id_are_stored_once(customer):
    raw = mail(message_id="")

    ingest(raw)
    _row, outcome = ingest(raw)

    assert outcome.action == Action.DUPLICATE
    assert InboundMessage.objects.get().message_id == ""


def test_a_message_stored_by_a_run_that_died_is_processed_on_redelivery(customer):
    raw = mail(message_id="crashed@mail.example.com")
    stored, created = receive.store_raw(raw, source="pipe")  # the run died right after this
    assert created and stored.status == Status.RECEIVED

    row, outcome = ingest(raw)

    assert row.pk == stored.pk
    assert outcome.action == Action.CREATED
    assert InboundMessage.objects.get().status == Status.PROCESSED
    assert Ticket.objects.count() == 1


def test_an_oversized_message_keeps_its_headers_and_is_rejected_with_an_explanation(
    customer, settings
):
    settings.ATIENDE_MAIL_MAX_BYTES = 2048
    raw = mail(message_id="big@mail.example.com", body="x" * 5000)

    row, outcome = ingest(raw)

    row.refresh_from_db()
    assert row.truncated
    assert row.size == len(raw)
    assert len(bytes(row.raw)) < len(raw)
    assert bytes(row.raw).startswith(raw.split(b"\r\n\r\n")[0])
    assert (row.status, outcome.reason) == (Status.REJECTED, "too_large")
    assert not Ticket.objects.exists()
    notice = OutboxMessage.objects.get(cause="mail.refused")
    assert notice.to == ["customer@example.com"]
    assert notice.in_reply_to == "big@mail.example.com"
    assert "MB" in notice.text
    assert notice.headers["Auto-Submitted"] == "auto-replied"
