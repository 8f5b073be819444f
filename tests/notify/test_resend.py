"""resend: a failed outbox row goes back to the queue with the same Message-ID and is delivered
by the real sender to a loopback SMTP server; anything but failed rows is refused whole (N5)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from atiende.core.errors import ActionError
from atiende.notify import outbox
from atiende.notify import resend as resend_module
from atiende.notify.models import OutboxMessage, OutboxStatus
from atiende.notify.outbox import enqueue_email
from atiende.notify.queries import failed_rows
from atiende.notify.resend import resend
from atiende.notify.sender import send_batch
from atiende.tickets import history
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent
from atiende.tickets.queries import history_visible_to
from tests import factories

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
LATER = CURRENT_TIME + timedelta(days=2)
REQUESTER = "noc@example.com"
REFUSED = "550 5.1.1 Mailbox unavailable"


@pytest.fixture
def ticket(db, mail_settings):
    org = factories.organisation(language="en")
    requester = factories.contact(org, email=REQUESTER, language="en")
    return factories.ticket(org, requester=requester, channel=Channel.PORTAL, now=CURRENT_TIME)


@pytest.fixture
def failed(smtp, ticket) -> OutboxMessage:
    """The ticket's acknowledgement, refused for good by the receiving server."""
    smtp.recorder.refuse_recipients[REQUESTER] = REFUSED
    send_batch(now=CURRENT_TIME)
    row = OutboxMessage.objects.get(ticket=ticket)
    assert row.status == OutboxStatus.FAILED
    del smtp.recorder.refuse_recipients[REQUESTER]
    return row


def notice(now=CURRENT_TIME) -> OutboxMessage:
    with transaction.atomic():
        return enqueue_email(
            to=["ops@example.com"], subject="Notice", text="Text", cause="test", now=now
        )


def test_it_queues_the_row_again_and_the_sender_delivers_it_with_the_same_message_id(
    smtp, failed, ticket, personas
):
    [row] = resend([failed.pk], actor=personas.admin, channel=Channel.WEB, now=LATER)

    assert row.status == OutboxStatus.PENDING
    assert (row.next_attempt_at, row.created_at, row.attempts) == (LATER, LATER, 0)
    assert (row.claim_token, row.failed_at) == ("", None)
    assert row.message_id == failed.message_id
    assert row.last_error == failed.last_error  # why it failed, until it is sent

    assert send_batch(now=LATER) == 1

    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error, row.sent_at) == ("sent", 1, "", LATER)
    assert smtp.by_message_id() == {f"<{failed.message_id}>": 1}
    [received] = smtp.messages
    assert received.rcpt_tos == [REQUESTER]
    assert received.message["Subject"] == failed.subject


def test_it_records_the_resend_on_the_ticket(failed, ticket, personas):
    resend([failed], actor=personas.admin, channel=Channel.WEB, now=LATER)

    event = ticket.history.get(code=EventCode.MAIL_RESENT)
    assert (event.actor, event.channel, event.created_at) == (personas.admin, "web", LATER)
    assert event.data == {
        "outbox_id": failed.pk,
        "to": REQUESTER,
        "subject": failed.subject,
        "cause": failed.cause,
        "message_id": failed.message_id,
        "attempts": 1,
        "error": failed.last_error,
        "failed_at": CURRENT_TIME.isoformat(),
        "written_at": CURRENT_TIME.isoformat(),
    }
    assert REFUSED in failed.last_error
    assert history.render(event, "en") == (
        f"E-mail to {REQUESTER} queued to be sent again ({failed.subject})"
    )
    assert history.render(event, "es") == (
        f"Correo a {REQUESTER} puesto en cola para enviarse de nuevo ({failed.subject})"
    )


def test_a_row_given_up_on_after_an_outage_gets_a_new_day_of_retries(smtp, ticket):
    smtp.stop()
    moment = CURRENT_TIME
    while (row := OutboxMessage.objects.get(ticket=ticket)).status != OutboxStatus.FAILED:
        send_batch(now=moment)
        moment = OutboxMessage.objects.get(pk=row.pk).next_attempt_at
    assert row.last_error.startswith("gave up after")

    resend([row.pk], actor=None, now=LATER)
    send_batch(now=LATER)  # still down: a temporary failure, tried again later

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
    assert row.next_attempt_at == LATER + timedelta(minutes=1)

    smtp.start()
    assert send_batch(now=row.next_attempt_at) == 1
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    assert smtp.by_message_id() == {f"<{row.message_id}>": 1}


def test_it_queues_the_sender_when_the_transaction_commits(
    failed, monkeypatch, django_capture_on_commit_callbacks
):
    kicks = []
    monkeypatch.setattr(outbox, "_kick", lambda: kicks.append(1))

    with django_capture_on_commit_callbacks() as callbacks:
        resend([failed.pk, failed.pk], actor=None, now=LATER)
    assert kicks == []  # not before the commit
    for callback in callbacks:
        callback()

    assert kicks == [1]


@pytest.mark.parametrize("status", [OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.SENT])
def test_it_refuses_a_row_that_is_not_failed_and_changes_nothing(failed, ticket, status):
    other = notice()
    OutboxMessage.objects.filter(pk=other.pk).update(status=status)
    before = list(OutboxMessage.objects.order_by("id").values())

    with pytest.raises(ActionError) as refused:
        resend([failed.pk, other.pk], actor=None, now=LATER)

    assert refused.value.code == "not_failed"
    assert refused.value.message == (
        f"Only failed e-mails can be sent again: {other.pk} is {status}."
    )
    assert list(OutboxMessage.objects.order_by("id").values()) == before
    assert not HistoryEvent.objects.filter(code=EventCode.MAIL_RESENT).exists()


def test_it_refuses_an_unknown_id_and_changes_nothing(failed):
    with pytest.raises(ActionError) as refused:
        resend([failed.pk, 999_999], actor=None, now=LATER)

    assert refused.value.code == "not_found"
    assert "999999" in refused.value.message
    assert OutboxMessage.objects.get(pk=failed.pk).status == OutboxStatus.FAILED


def test_it_refuses_an_empty_request(db):
    with pytest.raises(ActionError) as refused:
        resend([], actor=None, now=LATER)

    assert refused.value.code == "nothing_given"


def test_mail_about_no_ticket_is_sent_again_without_history(smtp, db, mail_settings):
    row = notice()
    smtp.recorder.refuse_recipients["ops@example.com"] = REFUSED
    send_batch(now=CURRENT_TIME)
    smtp.recorder.refuse_recipients.clear()

    resend(failed_rows(), actor=None, now=LATER)
    send_batch(now=LATER)

    assert OutboxMessage.objects.get(pk=row.pk).status == OutboxStatus.SENT
    assert smtp.by_message_id() == {f"<{row.message_id}>": 1}
    assert not HistoryEvent.objects.exists()


# --- the admin action ------------------------------------------------------------------------

CHANGELIST = reverse("admin:notify_outboxmessage_changelist")


def send_again(client, *rows):
    return client.post(
        CHANGELIST,
        {"action": "send_again", "_selected_action": [str(row.pk) for row in rows]},
        follow=True,
    )


def test_the_admin_action_sends_failed_rows_again(client, failed, ticket, personas):
    client.force_login(personas.admin)

    page = send_again(client, failed)

    assert page.status_code == 200
    assert "1 e-mail queued to be sent again." in page.content.decode()
    assert OutboxMessage.objects.get(pk=failed.pk).status == OutboxStatus.PENDING
    event = ticket.history.get(code=EventCode.MAIL_RESENT)
    assert (event.actor, event.channel) == (personas.admin, Channel.WEB)


def test_the_admin_action_refuses_a_selection_with_a_sent_row(client, failed, personas):
    sent = notice()
    OutboxMessage.objects.filter(pk=sent.pk).update(status=OutboxStatus.SENT)
    client.force_login(personas.admin)

    page = send_again(client, failed, sent)

    assert f"{sent.pk} is sent" in page.content.decode()
    assert OutboxMessage.objects.get(pk=failed.pk).status == OutboxStatus.FAILED
    assert not HistoryEvent.objects.filter(code=EventCode.MAIL_RESENT).exists()


def test_the_admin_offers_the_action(client, failed, personas):
    client.force_login(personas.admin)

    page = client.get(CHANGELIST)

    assert 'value="send_again"' in page.content.decode()


def test_customers_do_not_see_the_resend_in_the_history(failed, ticket):
    resend([failed], actor=None, now=LATER)
    customer = factories.user("customer", ticket.organisation)

    assert ticket.history.filter(code=EventCode.MAIL_RESENT).exists()
    codes = set(history_visible_to(customer, ticket).values_list("code", flat=True))
    assert codes and EventCode.MAIL_RESENT not in codes


def test_many_rows_are_read_and_changed_in_chunks(smtp, db, mail_settings, monkeypatch):
    monkeypatch.setattr(resend_module, "CHUNK", 2)
    rows = [notice() for _ in range(5)]
    smtp.recorder.refuse_recipients["ops@example.com"] = REFUSED
    send_batch(now=CURRENT_TIME)
    smtp.recorder.refuse_recipients.clear()

    again = resend(reversed(rows), actor=None, now=LATER)

    assert [row.pk for row in again] == [row.pk for row in reversed(rows)]
    assert {row.status for row in again} == {OutboxStatus.PENDING}
    assert send_batch(now=LATER) == 5


def test_a_refusal_names_at_most_twenty_ids(db, mail_settings):
    with pytest.raises(ActionError) as refused:
        resend(range(1_000_001, 1_000_031), actor=None, now=LATER)

    assert refused.value.message.endswith("1000020 … (+10).")
