"""``atiende mail ingest|import|failed list|failed retry|poll`` (C2): thin adapters around
the intake; ingest prints JSON and fails only when the message could not be stored."""

import contextlib
import io
import json
import mailbox
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.db import OperationalError

from atiende.channels.mail import pipeline, receive
from atiende.channels.mail.codes import Status
from atiende.channels.mail.models import InboundMessage
from atiende.notify.replyaddress import reply_address_for
from atiende.tickets.models import Ticket
from tests.channels.mail.intake import ingest, mail
from tests.cli.helpers import REPO_ROOT, command, run, subprocess_env

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]


@pytest.fixture
def stdin(monkeypatch):
    def feed(raw: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))

    return feed


def _json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


# --- ingest ----------------------------------------------------------------------------------


def test_ingest_prints_what_became_of_the_message(capsys, stdin, customer):
    stdin(mail(message_id="pipe@mail.example.com"))

    code, out, err = run(capsys, "mail", "ingest", "--mailbox", "support")

    assert (code, err) == (0, "")
    assert json.loads(out) == {"action": "created", "ticket": "INC-000001", "reason": None}
    row = InboundMessage.objects.get()
    assert (row.source, row.status) == ("pipe:support", Status.PROCESSED)


def test_ingest_of_the_same_message_again_is_a_duplicate(capsys, stdin, customer):
    raw = mail(message_id="pipe@mail.example.com")
    stdin(raw)
    run(capsys, "mail", "ingest")
    stdin(raw)

    code, out, _err = run(capsys, "mail", "ingest")

    assert code == 0
    assert json.loads(out) == {
        "action": "duplicate",
        "ticket": "INC-000001",
        "reason": "already_received",
    }
    assert Ticket.objects.count() == 1


def test_ingest_takes_the_envelope_recipient_for_threading(capsys, stdin, customer):
    _row, opened = ingest(mail())
    stdin(mail(subject="Handwritten subject"))

    code, out, _err = run(capsys, "mail", "ingest", "--recipient", reply_address_for(opened.ticket))

    assert code == 0
    assert json.loads(out)["action"] == "appended"
    assert InboundMessage.objects.order_by("id").last().thread_rule == "reply_address"


def test_ingest_of_nothing_is_an_error(capsys, stdin, db):
    stdin(b"\r\n")

    code, out, err = run(capsys, "mail", "ingest")

    assert (code, out) == (1, "")
    assert "empty" in err
    assert not InboundMessage.objects.exists()


def test_ingest_exits_75_when_the_message_cannot_be_stored(capsys, stdin, db, monkeypatch):
    def unavailable(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(receive, "store_raw", unavailable)
    stdin(mail())

    code, out, err = run(capsys, "mail", "ingest")

    assert (code, out) == (75, "")
    assert "could not be stored" in err


def test_ingest_exits_0_once_stored_even_if_processing_fails(capsys, stdin, db, monkeypatch):
    def unavailable(inbound_id, **kwargs):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(pipeline, "process", unavailable)
    stdin(mail())

    code, out, _err = run(capsys, "mail", "ingest")

    assert code == 0
    assert json.loads(out) == {"action": "failed", "ticket": None, "reason": "database_error"}
    assert InboundMessage.objects.get().status == Status.RECEIVED  # processed by the next run


def test_ingest_as_an_mta_pipe_in_its_own_process(tmp_path):
    env = subprocess_env(tmp_path)
    migrated = subprocess.run(
        command("migrate"), env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert migrated.returncode == 0, migrated.stderr

    result = subprocess.run(
        command("mail", "ingest"),
        env=env,
        input=mail(sender="someone@example.org"),
        capture_output=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "action": "created",
        "ticket": "INC-000001",
        "reason": None,
    }


# --- import ----------------------------------------------------------------------------------


def _messages(n: int) -> list[bytes]:
    return [mail(subject=f"Imported problem {i}", body=f"Imported text {i}") for i in range(n)]


def test_import_reads_a_maildir_and_a_second_import_adds_nothing(capsys, tmp_path, customer):
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for raw in _messages(3):
        box.add(raw)

    code, out, _err = run(capsys, "mail", "import", str(tmp_path / "Maildir"))
    again_code, again, _err = run(capsys, "mail", "import", str(tmp_path / "Maildir"))

    assert (code, again_code) == (0, 0)
    assert json.loads(out)["actions"] == {"created": 3}
    assert json.loads(again)["actions"] == {"duplicate": 3}
    assert Ticket.objects.count() == 3
    assert InboundMessage.objects.filter(source__startswith="import:Maildir/").count() == 3


def test_import_reads_an_mbox_file(capsys, tmp_path, customer):
    box = mailbox.mbox(tmp_path / "archive.mbox", create=True)
    for raw in _messages(2):
        box.add(raw)
    box.flush()
    box.close()

    code, out, _err = run(capsys, "mail", "import", str(tmp_path / "archive.mbox"))

    assert code == 0
    assert json.loads(out) == {
        "path": str(tmp_path / "archive.mbox"),
        "messages": 2,
        "actions": {"created": 2},
    }


def test_import_reads_a_folder_of_eml_files_and_a_single_file(capsys, tmp_path, customer):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    first, second = _messages(2)
    (tmp_path / "in" / "a.eml").write_bytes(first)
    (tmp_path / "in" / "sub" / "b.eml").write_bytes(second)
    (tmp_path / "in" / "notes.txt").write_text("not a message")
    (tmp_path / "one.eml").write_bytes(mail(subject="Single file"))

    code, out, _err = run(capsys, "mail", "import", str(tmp_path / "in"))
    single_code, single, _err = run(capsys, "mail", "import", str(tmp_path / "one.eml"))

    assert (code, single_code) == (0, 0)
    assert json.loads(out)["messages"] == 2
    assert json.loads(single)["actions"] == {"created": 1}
    assert Ticket.objects.count() == 3


def test_import_of_a_missing_path_is_an_error(capsys, tmp_path, db):
    code, out, err = run(capsys, "mail", "import", str(tmp_path / "nowhere"))

    assert (code, out) == (1, "")
    assert "does not exist" in err


# --- failed ----------------------------------------------------------------------------------


def _failed_message(monkeypatch) -> InboundMessage:
    filters = list(pipeline.FILTERS)

    def broken(ctx):
        raise RuntimeError("thread index unavailable")

    filters[filters.index(pipeline.thread.run)] = broken
    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "FILTERS", filters)
        row, _outcome = ingest(mail(subject="Broken on arrival"))
    return row


def test_failed_list_shows_what_needs_a_person(capsys, customer, monkeypatch, settings):
    failed = _failed_message(monkeypatch)
    settings.ATIENDE_MAIL_UNKNOWN_SENDER = "reject"
    rejected, _outcome = ingest(mail(sender="nobody@example.org", subject="Who am I"))
    ingest(mail(subject="Fine"))

    code, out, _err = run(capsys, "mail", "failed", "list")

    assert code == 0
    lines = out.splitlines()
    assert lines[0].split("\t") == ["ID", "RECEIVED", "STATUS", "REASON", "FROM", "SUBJECT"]
    listed = [line.split("\t") for line in lines[1:] if not line.startswith("\t")]
    assert [(row[0], row[2], row[3]) for row in listed] == [
        (str(failed.pk), "failed", "error"),
        (str(rejected.pk), "rejected", "unknown_sender"),
    ]
    assert "thread index unavailable" in out
    assert "Fine" not in out


def test_failed_list_says_when_nothing_needs_attention(capsys, db):
    code, out, _err = run(capsys, "mail", "failed", "list")

    assert (code, out) == (0, "No inbound message needs attention.\n")


def test_failed_list_refuses_an_unknown_status(capsys, db):
    code, _out, err = run(capsys, "mail", "failed", "list", "--status", "lost")

    assert code == 1
    assert "unknown status lost" in err


def test_failed_retry_processes_again_and_refuses_what_is_done(capsys, customer, monkeypatch):
    failed = _failed_message(monkeypatch)
    done, _outcome = ingest(mail(subject="Fine"))

    code, out, err = run(capsys, "mail", "failed", "retry", str(failed.pk), str(done.pk))

    assert code == 1
    assert _json_lines(out) == [
        {"id": failed.pk, "action": "created", "ticket": "INC-000002", "reason": None}
    ]
    assert f"Inbound message {done.pk} is processed" in err
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.PROCESSED, 2)


# --- poll ------------------------------------------------------------------------------------


def test_poll_once_reads_the_mailboxes_and_prints_what_it_did(
    capsys, dovecot, imap_user, make_mailbox, customer
):
    make_mailbox(name="support")
    dovecot.deliver(imap_user, _messages(2))

    code, out, _err = run(capsys, "mail", "poll", "--once", "--mailbox", "support")

    assert code == 0
    assert _json_lines(out) == [
        {"mailbox": "support", "fetched": 2, "recovered": 0, "actions": {"created": 2}}
    ]
    assert Ticket.objects.count() == 2


def test_poll_of_an_unknown_mailbox_is_an_error(capsys, db):
    code, _out, err = run(capsys, "mail", "poll", "--once", "--mailbox", "nowhere")

    assert code == 1
    assert "no active mailbox “nowhere”" in err


def test_poll_reports_a_mailbox_it_cannot_read(capsys, make_mailbox, monkeypatch):
    mailbox = make_mailbox(name="support")
    monkeypatch.setenv(mailbox.password_env, "wrong")

    code, _out, err = run(capsys, "mail", "poll", "--once")

    assert code == 1
    assert "mailbox support" in err


def test_poll_idle_reads_new_mail_until_terminated(tmp_path, dovecot, imap_user):
    env = subprocess_env(tmp_path, ATIENDE_TEST_IMAP_PASSWORD=imap_user.password)
    migrated = subprocess.run(
        command("migrate"), env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert migrated.returncode == 0, migrated.stderr
    setup = subprocess.run(
        [sys.executable, "-m", "tests.channels.mail.crashcheck", "setup", "127.0.0.1",
         str(dovecot.port), imap_user.name, "ATIENDE_TEST_IMAP_PASSWORD"],
        env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    worker = subprocess.Popen(
        command("mail", "poll", "--idle", "--mailbox", "crash"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(3)  # started, connected and idling
        dovecot.deliver(imap_user, [mail(sender="contact1@crash.example.com", subject="Idle")])
        deadline = time.monotonic() + 30
        database = tmp_path / "atiende.sqlite3"
        found = 0
        while time.monotonic() < deadline and not found:
            time.sleep(0.5)
            with contextlib.closing(sqlite3.connect(database, timeout=30)) as db:
                found = db.execute(
                    "SELECT count(*) FROM tickets_ticket WHERE subject = 'Idle'"
                ).fetchone()[0]
    finally:
        worker.send_signal(signal.SIGTERM)
        _out, err = worker.communicate(timeout=30)

    assert found == 1
    assert worker.returncode == 0, err
