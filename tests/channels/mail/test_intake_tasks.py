"""The periodic job ``mail.poll`` (every minute; each mailbox when ATIENDE_MAIL_POLL_SECONDS
have passed) and the recovery of messages a crash left unprocessed."""

import datetime as dt

import pytest

from atiende.channels.mail import receive, tasks
from atiende.channels.mail.codes import Status
from atiende.channels.mail.models import InboundMessage
from atiende.core import scheduler
from atiende.tickets.models import Ticket
from tests.channels.mail.intake import CURRENT_TIME, mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]


def test_it_is_registered_as_a_periodic_job():
    scheduler.autodiscover()

    job = next(job for job in scheduler.registered_jobs() if job.name == "mail.poll")

    assert job.every == dt.timedelta(minutes=1)
    assert job.task.module_path == "atiende.channels.mail.tasks.poll_mailboxes"


def test_it_polls_due_mailboxes_and_skips_recent_and_inactive_ones(
    dovecot, imap_user, make_mailbox, customer, settings
):
    settings.ATIENDE_MAIL_POLL_SECONDS = 300
    due = make_mailbox(name="support")
    recent = make_mailbox(name="recent", last_polled_at=CURRENT_TIME - dt.timedelta(minutes=1))
    make_mailbox(name="inactive", is_active=False)
    dovecot.deliver(imap_user, [mail(subject="Arrived by IMAP")])

    result = tasks.poll_due_mailboxes()

    assert [entry["mailbox"] for entry in result["mailboxes"]] == ["support"]
    assert Ticket.objects.get().subject == "Arrived by IMAP"
    due.refresh_from_db()
    recent.refresh_from_db()
    assert due.last_polled_at == CURRENT_TIME
    assert recent.last_polled_at == CURRENT_TIME - dt.timedelta(minutes=1)


def test_a_mailbox_that_cannot_be_read_is_reported_and_remembered(make_mailbox, monkeypatch):
    mailbox = make_mailbox(name="support")
    monkeypatch.setenv(mailbox.password_env, "wrong")

    result = tasks.poll_due_mailboxes()

    assert result["mailboxes"][0]["mailbox"] == "support"
    assert "support" in result["mailboxes"][0]["error"]
    mailbox.refresh_from_db()
    assert "AUTHENTICATIONFAILED" in mailbox.last_error


def test_it_processes_messages_a_crash_left_stored(customer):
    row, _created = receive.store_raw(mail(), source="pipe")

    result = tasks.poll_due_mailboxes()

    assert result["recovered"] == 1
    assert InboundMessage.objects.get(pk=row.pk).status == Status.PROCESSED
    assert Ticket.objects.count() == 1
