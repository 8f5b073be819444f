#!/usr/bin/env python3
"""Mail intake benchmark: messages per second through the whole intake — store raw, parse,
thread, ticket, SLA planning, acknowledgement outbox row — on SQLite and PostgreSQL.

Run from the repository root with the project's virtualenv::

    .venv/bin/python bench/mail_ingest.py                         # both databases
    .venv/bin/python bench/mail_ingest.py --db postgres --workers 1,2 --messages 3000

The mix: every ``.eml`` / ``.box`` message of ``../shared/corpora`` (real-world mail: replies,
bounces, auto-replies, HTML, attachments, odd charsets; ``$ATIENDE_CORPORA`` elsewhere),
then generated mail from known contacts — new problems, replies threading by References and
by subject — up to ``--messages``. Each run gets a fresh database (a temporary
``ATIENDE_HOME`` with SQLite, or the database ``atiende_bench_mail`` on PostgreSQL, created and
dropped here). With ``--workers N`` the messages are split among N processes ingesting at
the same time (SQLite serialises writers, so more than one only makes sense on PostgreSQL).
It prints a table and asserts nothing about timing.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = "atiende_bench_mail"
CONTACTS = 50


# --- the mix --------------------------------------------------------------------------------


def corpus_messages(limit_bytes: int = 2_000_000) -> list[bytes]:
    root = Path(os.environ.get("ATIENDE_CORPORA", REPO.parent / "shared" / "corpora"))
    if not root.is_dir():
        return []
    found: dict[bytes, None] = {}
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() in {".eml", ".box"} and path.is_file():
            data = path.read_bytes()
            if 0 < len(data) <= limit_bytes:
                found.setdefault(data, None)
    return list(found)


def generated_messages(count: int) -> list[bytes]:
    """New problems from known contacts, then replies to them (References, or only the
    subject: a client that drops the headers)."""
    news = max(1, count * 2 // 3)
    messages = []
    for n in range(news):
        messages.append(
            _mail(
                sender=f"contact{n % CONTACTS}@bench.example.com",
                subject=f"Link {n} down at site {n % 97}",
                body=f"Since 09:{n % 60:02d} the link of site {n % 97} drops every few minutes."
                f"\nAffected: {n % 7 + 1} branches. Ticket request {n}.",
                message_id=f"new{n}@bench.example.com",
            )
        )
    for n in range(count - news):
        original = n % news
        by_headers = n % 2 == 0
        messages.append(
            _mail(
                sender=f"contact{original % CONTACTS}@bench.example.com",
                subject=f"RE: Link {original} down at site {original % 97}",
                body=f"Update {n}: it happened again at 10:{n % 60:02d}.\n\n> earlier text",
                message_id=f"reply{n}@bench.example.com",
                references=f"<new{original}@bench.example.com>" if by_headers else "",
            )
        )
    return messages


def _mail(*, sender, subject, body, message_id, references="") -> bytes:
    lines = [
        f"From: Contact <{sender}>",
        "To: support@bench.example.com",
        f"Subject: {subject}",
        "Date: Mon, 23 Nov 2026 10:00:00 -0500",
        f"Message-ID: <{message_id}>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
    ]
    if references:
        lines += [f"In-Reply-To: {references}", f"References: {references}"]
    return ("\r\n".join(lines) + "\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n").encode()


def mix(total: int) -> list[bytes]:
    corpus = corpus_messages()[:total]
    return corpus + generated_messages(max(0, total - len(corpus)))


# --- inside Django (``mail_ingest.py --internal …`` in a subprocess) -------------------------


def _internal(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atiende.settings")
    import django

    django.setup()
    if argv[0] == "setup":
        from atiende.customers.actions import create_contact, create_organisation

        organisation = create_organisation(name="Bench Telecom", slug="bench")
        for n in range(CONTACTS):
            email = f"contact{n}@bench.example.com"
            create_contact(organisation=organisation, name=f"Contact {n}", email=email)
        print(json.dumps({"ok": True}))
    elif argv[0] == "ingest":
        _ingest(int(argv[1]), int(argv[2]), int(argv[3]), float(argv[4]))
    else:
        raise SystemExit(f"unknown internal command {argv[0]!r}")


def process_cpu(pid: int | None = None) -> float | None:
    """CPU seconds (user + system) of process ``pid`` (this one by default) from /proc, or
    None where /proc cannot tell (another OS, another user's database server)."""
    try:
        fields = Path(f"/proc/{pid or os.getpid()}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ingest(total: int, worker: int, workers: int, start_at: float) -> None:
    from django.db import connection

    from atiende.channels.mail import actions

    messages = mix(total)[worker::workers]
    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
    while time.time() < start_at:
        time.sleep(0.005)
    outcomes: Counter = Counter()
    cpu, db_cpu = process_cpu(), process_cpu(backend) if backend else None
    started = time.perf_counter()
    for raw in messages:
        _row, outcome = actions.ingest(raw, source="bench")
        outcomes[outcome.action] += 1
    elapsed = time.perf_counter() - started
    cpu = process_cpu() - cpu
    if db_cpu is not None:
        after = process_cpu(backend)
        db_cpu = after - db_cpu if after is not None else None
    print(json.dumps({"count": len(messages), "seconds": elapsed, "outcomes": outcomes,
                      "cpu": cpu, "db_cpu": db_cpu}))  # fmt: skip


# --- the driver -----------------------------------------------------------------------------


def _env(home: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATIENDE_")}
    if "ATIENDE_CORPORA" in os.environ:  # the workers build the mix themselves
        env["ATIENDE_CORPORA"] = os.environ["ATIENDE_CORPORA"]
    env.pop("DATABASE_URL", None)
    env.update(
        ATIENDE_HOME=str(home),
        ATIENDE_LOG_LEVEL="ERROR",
        # The mix has many mails per contact: the hourly cap would skip most acknowledgements,
        # which are part of what is measured.
        ATIENDE_MAIL_AUTO_REPLY_LIMIT="1000000",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _check(result: subprocess.CompletedProcess) -> str:
    if result.returncode != 0:
        raise SystemExit(result.stderr or result.stdout)
    return result.stdout


def run_one(db: str, workers: int, total: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix="atiende-bench-mail-"))
    database_url = ""
    if db == "postgres":
        base = PG_ADMIN_URL.rpartition("/")[0]
        database_url = f"{base}/{PG_BENCH_DB}"
        _psql(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
        _psql(f'CREATE DATABASE "{PG_BENCH_DB}"')
    env = _env(home, database_url)
    try:
        python = sys.executable
        _check(subprocess.run([python, "-m", "atiende.cli", "migrate"], env=env,
                              capture_output=True, text=True, check=False))  # fmt: skip
        me = [python, str(Path(__file__).resolve()), "--internal"]
        _check(subprocess.run([*me, "setup"], env=env, capture_output=True, text=True,
                              check=False))  # fmt: skip
        start_at = time.time() + 3 + workers  # every worker has parsed its share by then
        processes = [
            subprocess.Popen(
                [*me, "ingest", str(total), str(n), str(workers), str(start_at)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(workers)
        ]
        results = []
        for process in processes:
            out, err = process.communicate()
            if process.returncode != 0:
                raise SystemExit(err)
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if db == "postgres":
            _psql(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
    outcomes: Counter = Counter()
    for result in results:
        outcomes.update(result["outcomes"])
    count = sum(result["count"] for result in results)
    wall = max(result["seconds"] for result in results)
    db_cpus = [result["db_cpu"] for result in results]
    return {
        "db": db,
        "workers": workers,
        "messages": count,
        "seconds": wall,
        "rate": count / wall if wall else 0.0,
        "cpu_ms": sum(result["cpu"] for result in results) / count * 1000,
        "db_cpu_ms": sum(db_cpus) / count * 1000 if None not in db_cpus else None,
        "outcomes": dict(sorted(outcomes.items())),
    }


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(sql)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--internal":
        _internal(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--workers", default="1,2", help="comma-separated process counts")
    args = parser.parse_args()
    corpus = len(corpus_messages())
    print(f"mix: {min(corpus, args.messages)} corpus messages + generated mail, "
          f"{args.messages} in all; {os.cpu_count()} CPUs")  # fmt: skip
    rows = []
    databases = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    for db in databases:
        counts = [int(n) for n in args.workers.split(",")]
        for workers in counts if db == "postgres" else [1]:
            row = run_one(db, workers, args.messages)
            rows.append(row)
            cpu = f"CPU/msg {row['cpu_ms']:5.2f} ms intake"
            if row["db_cpu_ms"] is not None:
                total = row["cpu_ms"] + row["db_cpu_ms"]
                cores = os.cpu_count() or 1
                cpu += (f" + {row['db_cpu_ms']:4.2f} ms database "
                        f"(all cores free: ~{cores * 1000 / total:.0f} msg/s)")  # fmt: skip
            print(f"{row['db']:9} {row['workers']} worker(s) {row['messages']:6d} messages "
                  f"{row['seconds']:7.1f} s {row['rate']:7.1f} msg/s  {cpu}  {row['outcomes']}",
                  flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
