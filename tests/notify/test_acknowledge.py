"""The acknowledgement with the case number (N2), queued with open_ticket on every channel."""

from datetime import UTC, datetime

import pytest
from django.db import transaction

from atiende.notify.actions import thread_acknowledgement
from atiende.notify.models import OutboxMessage, OutboxStatus
from atiende.notify.replyaddress import reply_address_for, ticket_id_from_reply_address
from atiende.notify.sender import send_batch
from atiende.tickets.codes import Channel
from atiende.tickets.models import Ticket
from tests import factories

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@pytest.fixture
def org(db):
    return factories.organisation(name="Alpha Telecom", slug="alpha", language="es")


def open_for(org, requester, **fields) -> Ticket:
    fields.setdefault("subject", "Calls drop after 30 seconds")
    return factories.ticket(org, requester=requester, now=CURRENT_TIME, **fields)


@pytest.mark.parametrize("channel", [c for c in Channel.values if c != Channel.SYSTEM])
def test_it_queues_the_acknowledgement_on_every_channel(mail_settings, org, channel):
    requester = factories.contact(org, email="noc@example.com")

    ticket = open_for(org, requester, channel=channel)

    row = OutboxMessage.objects.get()
    assert (row.ticket, row.cause, row.status) == (ticket, "ticket.acknowledgement", "pending")
    assert row.to == ["noc@example.com"]
    assert row.idempotency_key == f"ticket:{ticket.pk}:acknowledgement"
    assert row.created_at == row.next_attempt_at == CURRENT_TIME
    assert ticket.number in row.subject and ticket.number in row.text


def test_it_is_rolled_back_with_the_ticket(mail_settings, org):
    requester = factories.contact(org, email="noc@example.com")

    class IntakeFailed(Exception):
        pass

    with pytest.raises(IntakeFailed), transaction.atomic():
        open_for(org, requester)
        assert OutboxMessage.objects.count() == 1  # written inside the opening transaction
        raise IntakeFailed

    assert not Ticket.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_it_mails_nothing_to_a_requester_without_e_mail(mail_settings, org):
    requester = factories.contact(org, email="", phone="+57 601 000 0000")

    open_for(org, requester, channel=Channel.PHONE)

    assert not OutboxMessage.objects.exists()


def test_it_mails_nothing_to_an_unusable_address_and_still_opens_the_ticket(mail_settings, org):
    requester = factories.contact(org, email="noc at example dot com")

    ticket = open_for(org, requester)

    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert not OutboxMessage.objects.exists()


def test_it_delivers_the_acknowledgement_with_its_headers(smtp, org):
    requester = factories.contact(org, email="noc@example.com", language="es")
    ticket = open_for(org, requester)
    row = OutboxMessage.objects.get()

    assert send_batch(now=CURRENT_TIME) == 1

    [received] = smtp.messages
    message = received.message
    assert message["Message-ID"] == f"<{row.message_id}>"
    assert row.message_id.endswith("@desk.example.com")
    assert message["Subject"] == f"[{ticket.number}] Recibimos su caso: Calls drop after 30 seconds"
    assert message["From"] == "Soporte <support@example.com>"
    assert message["To"] == "noc@example.com"
    assert message["Reply-To"] == reply_address_for(ticket)
    assert ticket_id_from_reply_address(message["Reply-To"]) == ticket.pk
    assert message["Auto-Submitted"] == "auto-replied"  # RFC 3834: do not answer this
    assert message["X-Auto-Response-Suppress"] == "All"
    assert message["X-Atiende-Ticket"] == ticket.number
    assert message["In-Reply-To"] is None
    assert (received.mail_from, received.rcpt_tos) == ("support@example.com", ["noc@example.com"])
    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == (OutboxStatus.SENT, 1, CURRENT_TIME)


def test_it_writes_in_spanish_to_a_spanish_speaking_contact(smtp, org):
    open_for(org, factories.contact(org, name="Jefe NOC", language="es"))
    send_batch(now=CURRENT_TIME)

    [received] = smtp.messages
    text, html = received.text(), received.html()
    assert "Hola Jefe NOC:" in text
    assert "Recibimos su reporte y abrimos el caso INC-000001." in text
    assert "Qué sigue" in text and "Número de caso: INC-000001" in text
    assert "abrimos el caso <strong>INC-000001</strong>" in html
    assert '<html lang="es">' in html


def test_it_writes_in_english_to_an_english_speaking_contact(smtp, org):
    open_for(org, factories.contact(org, name="NOC Lead", language="en"))
    send_batch(now=CURRENT_TIME)

    [received] = smtp.messages
    assert (
        received.message["Subject"]
        == "[INC-000001] We received your case: Calls drop after 30 seconds"
    )
    assert "We received your report and opened case INC-000001." in received.text()
    assert "What happens next" in received.text()
    assert "Case number: INC-000001" in received.html()
    assert "Recibimos" not in received.text()


def test_it_falls_back_to_the_organisations_language(smtp, org):
    org.language = "en"
    org.save()
    requester = factories.contact(org)
    requester.language = ""  # no language of its own
    requester.save()

    open_for(org, requester)
    send_batch(now=CURRENT_TIME)

    assert "We received your report" in smtp.messages[0].text()


def test_it_escapes_the_customers_subject_in_html_and_never_runs_it_as_a_template(smtp, org):
    subject = "<script>alert(1)</script> {{ contact.email }} {% now 'Y' %}"
    open_for(org, factories.contact(org, email="noc@example.com"), subject=subject)
    send_batch(now=CURRENT_TIME)

    [received] = smtp.messages
    html, text = received.html(), received.text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ contact.email }} {% now 'Y' %}" in text  # shown as written, not evaluated
    assert received.message["Subject"].endswith(subject)


def test_the_intake_can_thread_the_acknowledgement_to_the_inbound_mail(smtp, org):
    with transaction.atomic():
        ticket = open_for(org, factories.contact(org))
        changed = thread_acknowledgement(
            ticket, in_reply_to="<inbound-2@example.com>", references=["<inbound-1@example.com>"]
        )
    send_batch(now=CURRENT_TIME)

    assert changed == 1
    message = smtp.messages[0].message
    assert message["In-Reply-To"] == "<inbound-2@example.com>"
    assert message["References"] == "<inbound-1@example.com> <inbound-2@example.com>"


def test_threading_leaves_an_acknowledgement_already_attempted_alone(smtp, org):
    ticket = open_for(org, factories.contact(org))
    send_batch(now=CURRENT_TIME)

    with transaction.atomic():
        changed = thread_acknowledgement(ticket, in_reply_to="<late@example.com>")

    assert changed == 0
    assert OutboxMessage.objects.get().in_reply_to == ""


def test_it_answers_the_mail_the_ticket_was_opened_from(mail_settings, org):
    """The mail intake passes the inbound Message-ID to open_ticket: the acknowledgement is
    written in that thread at once (values that are no Message-ID are left out)."""
    requester = factories.contact(org, email="noc@example.com")

    open_for(
        org,
        requester,
        channel=Channel.EMAIL,
        in_reply_to="<new@mail.example.com>",
        references=["<first@mail.example.com>", "not a message id", "new@mail.example.com"],
    )

    row = OutboxMessage.objects.get()
    assert row.in_reply_to == "new@mail.example.com"
    assert row.references == ["first@mail.example.com", "new@mail.example.com"]


def test_it_writes_no_thread_for_something_that_is_no_message_id(mail_settings, org):
    requester = factories.contact(org, email="noc@example.com")

    open_for(org, requester, channel=Channel.EMAIL, in_reply_to="garbage", references=["<a@b.c>"])

    row = OutboxMessage.objects.get()
    assert (row.in_reply_to, row.references) == ("", [])
