"""Reading a real IMAP server (Dovecot on loopback, C2): poll, flag or move, UIDVALIDITY and
UID remembered, TLS and STARTTLS, IDLE, and a run that dies between steps."""

import threading
import time

import pytest
from imapclient import IMAPClient

from atiende.channels.mail import imap
from atiende.channels.mail.codes import Action, ProcessedAction, Security, Status
from atiende.channels.mail.models import InboundMessage
from atiende.tickets.models import Ticket
from tests.channels.mail.intake import mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]


def _server(dovecot, user) -> IMAPClient:
    client = IMAPClient("127.0.0.1", port=dovecot.port, ssl=False)
    client.login(user.name, user.password)
    return client


def _flags(dovecot, user, folder="INBOX") -> dict[int, tuple]:
    client = _server(dovecot, user)
    try:
        client.select_folder(folder, readonly=True)
        uids = client.search("ALL")
        fetched = client.fetch(uids, ["FLAGS"]) if uids else {}
        return {uid: data[b"FLAGS"] for uid, data in fetched.items()}
    finally:
        client.logout()


def _three(dovecot, imap_user):
    dovecot.deliver(
        imap_user,
        [mail(subject=f"Problem {n} on the PBX", body=f"Line {n} is down.") for n in range(3)],
    )


def test_it_reads_new_mail_flags_it_and_remembers_where_it_stopped(
    dovecot, imap_user, make_mailbox, customer
):
    mailbox = make_mailbox()
    _three(dovecot, imap_user)

    result = imap.poll(mailbox)

    assert result.as_dict() == {
        "mailbox": "support",
        "fetched": 3,
        "recovered": 0,
        "actions": {Action.CREATED: 3},
    }
    assert Ticket.objects.count() == 3
    rows = list(InboundMessage.objects.order_by("uid"))
    assert [row.uid for row in rows] == [1, 2, 3]
    assert all(row.mailbox == mailbox and row.status == Status.PROCESSED for row in rows)
    assert all(row.server_done_at is not None for row in rows)
    mailbox.refresh_from_db()
    assert (mailbox.last_uid, mailbox.uidvalidity) == (3, rows[0].uidvalidity)
    assert mailbox.last_polled_at is not None and mailbox.last_error == ""
    assert all(b"\\Seen" in flags for flags in _flags(dovecot, imap_user).values())

    again = imap.poll(mailbox)

    assert again.fetched == 0
    assert Ticket.objects.count() == 3


def test_it_moves_processed_mail_to_another_folder(dovecot, imap_user, make_mailbox, customer):
    mailbox = make_mailbox(processed_action=ProcessedAction.MOVE, processed_folder="Atendido")
    _three(dovecot, imap_user)

    imap.poll(mailbox)

    assert _flags(dovecot, imap_user) == {}
    assert len(_flags(dovecot, imap_user, "Atendido")) == 3
    assert Ticket.objects.count() == 3


def test_a_new_uidvalidity_reads_again_without_applying_anything_twice(
    dovecot, imap_user, make_mailbox, customer
):
    mailbox = make_mailbox()
    _three(dovecot, imap_user)
    imap.poll(mailbox)
    mailbox.uidvalidity = 1  # as if the server had rebuilt the folder
    mailbox.save()

    result = imap.poll(mailbox)

    assert result.outcomes == {Action.DUPLICATE: 3}
    assert Ticket.objects.count() == 3
    assert InboundMessage.objects.count() == 3


def test_a_run_that_dies_before_flagging_is_finished_by_the_next(
    dovecot, imap_user, make_mailbox, customer, monkeypatch
):
    mailbox = make_mailbox()
    _three(dovecot, imap_user)

    def dies(client, mailbox, uids):
        raise OSError("connection reset")

    with monkeypatch.context() as patch:
        patch.setattr(imap, "_server_step", dies)
        with pytest.raises(imap.MailboxError):
            imap.poll(mailbox)
    assert Ticket.objects.count() == 3
    assert not any(b"\\Seen" in flags for flags in _flags(dovecot, imap_user).values())

    mailbox.refresh_from_db()
    imap.poll(mailbox)

    assert all(b"\\Seen" in flags for flags in _flags(dovecot, imap_user).values())
    assert InboundMessage.objects.filter(server_done_at__isnull=True).count() == 0
    assert Ticket.objects.count() == 3


@pytest.mark.parametrize("security", [Security.TLS, Security.STARTTLS])
def test_it_reads_over_tls_checking_the_certificate(
    dovecot, imap_user, make_mailbox, customer, security
):
    mailbox = make_mailbox(security=security)
    _three(dovecot, imap_user)

    result = imap.poll(mailbox, ssl_context=dovecot.ssl_context())

    assert result.fetched == 3


def test_an_untrusted_certificate_is_refused(dovecot, imap_user, make_mailbox):
    mailbox = make_mailbox(security=Security.TLS)

    with pytest.raises(imap.MailboxError, match="certificate"):
        imap.poll(mailbox)


def test_a_wrong_password_is_a_clear_error(dovecot, imap_user, make_mailbox, monkeypatch):
    mailbox = make_mailbox()
    monkeypatch.setenv(mailbox.password_env, "wrong")

    with pytest.raises(imap.MailboxError, match="support"):
        imap.poll(mailbox)


def test_a_missing_password_variable_is_a_permanent_error(make_mailbox, monkeypatch):
    mailbox = make_mailbox()
    monkeypatch.delenv(mailbox.password_env)

    with pytest.raises(imap.MailboxError, match=mailbox.password_env) as error:
        imap.connect(mailbox)

    assert error.value.permanent


def test_plain_text_is_only_allowed_to_the_local_machine(make_mailbox):
    mailbox = make_mailbox()
    mailbox.host = "imap.example.com"

    with pytest.raises(imap.MailboxError, match="TLS") as error:
        imap.connect(mailbox)

    assert error.value.permanent


@pytest.mark.django_db(transaction=True)
def test_idle_picks_up_new_mail_as_it_arrives(dovecot, imap_user, make_mailbox, customer):
    mailbox = make_mailbox()
    stop = threading.Event()
    watcher = threading.Thread(target=imap.watch, args=(mailbox,), kwargs={"stop": stop})
    watcher.start()
    try:
        time.sleep(1)  # connected and idling
        dovecot.deliver(imap_user, [mail(subject="Arrives while idling")])
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not Ticket.objects.exists():
            time.sleep(0.2)
    finally:
        stop.set()
        watcher.join(10)

    assert not watcher.is_alive()
    assert Ticket.objects.get().subject == "Arrives while idling"
