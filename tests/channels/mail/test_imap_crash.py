"""Crash test (C2, C3, DESIGN "Intake"): 1,000 messages in a real IMAP mailbox; the ingest
worker (``atiende mail poll --once`` in its own process) is killed with SIGKILL at 100
random moments while it ingests and started again; in the end exactly 1,000 messages are in
Atiende, none twice, none half-applied, all flagged on the server.

It runs on the database of the suite's run: a file SQLite database of its own, or — when
the suite runs on PostgreSQL (``DATABASE_URL``) — a fresh PostgreSQL database. The kill
moments are drawn from a seeded generator (the seed is in the failure message) and adapted
to the machine's speed so that the 100 kills all land while messages are still arriving.
"""

import contextlib
import json
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from imapclient import IMAPClient

from tests.channels.mail.dovecot import PASSWORD
from tests.channels.mail.intake import mail
from tests.cli.helpers import REPO_ROOT, command, subprocess_env

MESSAGES = 1000
KILLS = 100
PASSWORD_VARIABLE = "ATIENDE_CRASH_IMAP_PASSWORD"


class CrashDatabase:
    """The crash test's own database: a SQLite file, or a fresh PostgreSQL database."""

    def __init__(self, home: Path):
        self.home = home
        suite_url = os.environ.get("DATABASE_URL", "")
        self.postgres = suite_url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            base, _slash, _name = suite_url.rpartition("/")
            self.admin_url = f"{base}/postgres"
            self.name = f"atiende_crash_{uuid.uuid4().hex[:10]}"
            self.url = f"{base}/{self.name}"

    def create(self) -> None:
        if self.postgres:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.postgres:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def env(self) -> dict[str, str]:
        return {"DATABASE_URL": self.url} if self.postgres else {}

    def processed(self) -> int:
        """How many messages are stored and processed so far (read beside the worker): the
        worker stores a fetched batch first, then processes it, so the kills aim at this."""
        sql = "SELECT count(*) FROM mail_inboundmessage WHERE status <> 'received'"
        if self.postgres:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as connection:
                return connection.execute(sql).fetchone()[0]
        with contextlib.closing(sqlite3.connect(self.home / "atiende.sqlite3", timeout=30)) as db:
            return db.execute(sql).fetchone()[0]


def _run(env, *argv, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(
        command(*argv), env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _python(env, *argv) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.channels.mail.crashcheck", *argv],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _start_worker(env) -> tuple[subprocess.Popen, queue.Queue]:
    process = subprocess.Popen(
        command("mail", "poll", "--once", "--mailbox", "crash"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in process.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return process, lines


def _wait_until_polling(lines: queue.Queue, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.05)
        except queue.Empty:
            continue
        if line is None:
            return False
        if "polling mailbox" in line:
            return True
    raise AssertionError("the worker never started polling")


@pytest.fixture
def crash_home():
    import shutil
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="atiende-crash-"))
    yield home
    shutil.rmtree(home, ignore_errors=True)


def test_killing_the_worker_at_random_moments_loses_and_repeats_nothing(
    dovecot, imap_user, crash_home
):
    seed = int(os.environ.get("ATIENDE_CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    database = CrashDatabase(crash_home)
    database.create()
    try:
        env = subprocess_env(
            crash_home,
            **database.env(),
            **{PASSWORD_VARIABLE: PASSWORD},
            ATIENDE_MAIL_AUTO_REPLY_LIMIT="100000",
            ATIENDE_LOG_LEVEL="INFO",
        )
        migrated = _run(env, "migrate")
        assert migrated.returncode == 0, migrated.stderr
        _python(env, "setup", "127.0.0.1", str(dovecot.port), imap_user.name, PASSWORD_VARIABLE)
        senders = [f"contact{n}@crash.example.com" for n in range(10)]
        dovecot.deliver(
            imap_user,
            [
                mail(
                    sender=senders[n % 10] if n % 2 else f"stranger{n}@senders.example.org",
                    subject=f"Fault report {n}",
                    body=f"Site {n} reports a fault on its link (report {n}).",
                    message_id=f"crash{n}@senders.example.org",
                )
                for n in range(MESSAGES)
            ],
        )

        kills, started, busy_seconds = 0, time.monotonic(), 0.0
        while kills < KILLS:
            process, lines = _start_worker(env)
            if not _wait_until_polling(lines):
                break  # finished before polling: nothing left to kill
            polling_at = time.monotonic()
            done_before = database.processed()
            remaining = MESSAGES - done_before
            if remaining <= 0:
                process.wait(60)
                break
            # Aim each kill at well under its share of the work left, counting the time the
            # worker has been ingesting already (while the count above was read), so the kills
            # all land while mail is pending however fast the intake is.
            rate = done_before / busy_seconds if busy_seconds > 1 else 20.0
            spent = time.monotonic() - polling_at
            budget = max(0.002, min(1.0, 0.35 * remaining / (KILLS - kills) / rate - spent))
            delay = rng.uniform(0, budget)
            time.sleep(delay)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills += 1
            process.wait(60)
            busy_seconds += time.monotonic() - polling_at
        killed_at = database.processed()
        for _attempt in range(5):  # restart until a run finds nothing new
            final = _run(env, "mail", "poll", "--once", "--mailbox", "crash")
            assert final.returncode == 0, final.stderr
            if json.loads(final.stdout.strip().splitlines()[-1])["fetched"] == 0:
                break
        facts = _python(env, "verify")
    finally:
        database.drop()

    context = f"seed {seed}, {kills} kills, {killed_at} processed when the kills ended"
    assert kills == KILLS, context
    assert killed_at < MESSAGES, context
    assert facts == {
        "inbound": MESSAGES,
        "statuses": {"processed": MESSAGES},
        "distinct_uids": MESSAGES,
        "distinct_message_ids": MESSAGES,
        "server_pending": 0,
        "inbound_with_ticket": MESSAGES,
        "tickets": MESSAGES,
        "tickets_linked": MESSAGES,
        "public_messages": MESSAGES,
        "messages_per_ticket": [1],
        "created_events_per_ticket": [1],
        "tickets_with_created_event": MESSAGES,
        "acks_per_ticket": [1],
        "acks": MESSAGES,
        "last_uid": MESSAGES,
    }, context
    client = IMAPClient("127.0.0.1", port=dovecot.port, ssl=False)
    client.login(imap_user.name, imap_user.password)
    client.select_folder("INBOX", readonly=True)
    assert len(client.search(["SEEN"])) == MESSAGES, context
    client.logout()
    print(f"crash test: {context}, {time.monotonic() - started:.0f} s")
