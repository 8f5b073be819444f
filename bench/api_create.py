#!/usr/bin/env python3
"""API benchmark: tickets created per second through ``POST /api/v1/tickets/`` with 1 and 8
concurrent clients, and ticket-list latency (p50/p95) at 100,000 tickets.

Run from the repository root with the project's virtualenv::

    .venv/bin/python bench/api_create.py                      # everything (several minutes)
    .venv/bin/python bench/api_create.py --quick --db sqlite  # a short run on SQLite only

The script makes its own temporary ``ATIENDE_HOME`` (and, for PostgreSQL, creates and drops
the database ``atiende_bench``), starts and stops ``atiende serve`` and/or gunicorn with two
sync workers itself, and prints a table. It asserts nothing about timing.

Clients are separate processes, each with one keep-alive ``http.client`` connection, so the
clients' own Python does not share a GIL with each other or with the server.
"""

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = "atiende_bench"
LIST_TICKETS = 100_000
QUICK_LIST_TICKETS = 10_000


# --- inside Django (run as `api_create.py --internal …` in a subprocess) ---------------------


def _internal(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atiende.settings")
    import django

    django.setup()
    if argv[0] == "setup":
        print(json.dumps(_setup()))
    elif argv[0] == "fill":
        print(json.dumps(_fill(int(argv[1]))))
    else:
        raise SystemExit(f"unknown internal command {argv[0]!r}")


def _setup() -> dict:
    """An organisation, a requester contact and an agent with an API token."""
    from atiende.accounts.actions import create_token, create_user
    from atiende.customers.actions import create_contact, create_organisation

    organisation = create_organisation(name="Bench Telecom", slug="bench")
    requester = create_contact(
        organisation=organisation, name="Jefe de TI", email="ti@bench.example.com"
    )
    agent = create_user(
        username="bench-agent",
        email="agent@bench.example.com",
        role="agent",
        password="bench-password-not-for-production",
    )
    return {
        "token": create_token(agent),
        "organisation": organisation.pk,
        "requester": requester.pk,
    }


def _fill(total: int) -> dict:
    """Bulk-insert tickets (with first message and history row) until there are ``total``.

    Case numbers are taken from the real sequence in blocks: one UPDATE of ``last_value`` per
    batch inside the batch's transaction, so numbers stay unique and consecutive (T1).
    """
    import random

    from django.db import connection, transaction

    from atiende import clock
    from atiende.accounts.models import User
    from atiende.customers.actions import create_contact, create_organisation
    from atiende.customers.models import Contact, Organisation
    from atiende.tickets import workflow
    from atiende.tickets.codes import Channel, EventCode, Kind, MessageKind
    from atiende.tickets.models import CaseSequence, HistoryEvent, Message, Ticket
    from atiende.tickets.numbering import DEFAULT_PREFIXES, format_number
    from atiende.tickets.priority import DEFAULT_SCHEME

    started = time.monotonic()
    missing = total - Ticket.objects.count()
    if missing <= 0:
        return {"created": 0, "seconds": 0.0}
    rng = random.Random(20260302)
    for n in range(1, 21):
        slug = f"bench-{n:02d}"
        if not Organisation.objects.filter(slug=slug).exists():
            organisation = create_organisation(name=f"Cliente {n:02d}", slug=slug)
            create_contact(
                organisation=organisation, name="Jefe de TI", email=f"ti@{slug}.example.com"
            )
    contacts = list(Contact.objects.values_list("pk", "organisation_id"))
    agents = [*User.objects.filter(role="agent").values_list("pk", flat=True), None]
    flow = workflow.default_workflow()
    states = list(flow.states.all())
    kinds = [Kind.INCIDENT] * 6 + [Kind.REQUEST] * 3 + [Kind.PROBLEM]
    pairs = list(DEFAULT_SCHEME.matrix.items())
    now = clock.now()
    batch = 5000
    made = 0
    while made < missing:
        size = min(batch, missing - made)
        chosen = [rng.choice(kinds) for _ in range(size)]
        numbers = {}
        with transaction.atomic():
            for kind in set(chosen):
                count = chosen.count(kind)
                sequence, _ = CaseSequence.objects.select_for_update().get_or_create(
                    key=kind, defaults={"prefix": DEFAULT_PREFIXES[kind]}
                )
                first = sequence.last_value + 1
                sequence.last_value += count
                sequence.save(update_fields=["last_value"])
                numbers[kind] = iter(
                    [
                        format_number(sequence.prefix, value, sequence.padding)
                        for value in range(first, first + count)
                    ]
                )
            tickets = []
            for kind in chosen:
                contact, organisation = rng.choice(contacts)
                (urgency, impact), priority = rng.choice(pairs)
                created = now - timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
                tickets.append(
                    Ticket(
                        number=next(numbers[kind]),
                        kind=kind,
                        subject=f"Falla reportada {rng.randrange(10**6)}: servicio degradado",
                        description="Descripción generada para la prueba de rendimiento.",
                        urgency=urgency,
                        impact=impact,
                        priority=priority,
                        workflow=flow,
                        state=rng.choice(states),
                        channel=rng.choice([Channel.EMAIL, Channel.PHONE, Channel.PORTAL]),
                        organisation_id=organisation,
                        requester_id=contact,
                        assignee_id=rng.choice(agents),
                        created_at=created,
                        updated_at=created,
                    )
                )
            tickets = Ticket.objects.bulk_create(tickets)
            Message.objects.bulk_create(
                Message(
                    ticket=ticket,
                    kind=MessageKind.PUBLIC,
                    author_contact_id=ticket.requester_id,
                    channel=ticket.channel,
                    text=ticket.description,
                    created_at=ticket.created_at,
                )
                for ticket in tickets
            )
            HistoryEvent.objects.bulk_create(
                HistoryEvent(
                    ticket=ticket,
                    code=EventCode.CREATED,
                    data={"number": ticket.number, "kind": ticket.kind},
                    channel=ticket.channel,
                    created_at=ticket.created_at,
                )
                for ticket in tickets
            )
        made += size
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"created": made, "seconds": round(time.monotonic() - started, 1)}


# --- clients (separate processes) ------------------------------------------------------------


def _create_client(port, token, target, start_at, stop_at, client_id, results):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    latencies, statuses, first_error = [], {}, None
    while time.monotonic() < start_at:
        time.sleep(0.001)
    sequence = 0
    while time.monotonic() < stop_at:
        sequence += 1
        body = json.dumps(
            {
                "subject": f"Caída del enlace {client_id}-{sequence}",
                "description": "El enlace principal no responde desde las 08:00.",
                "kind": "incident",
                "urgency": "high",
                "impact": "department",
                "organisation": target["organisation"],
                "requester": target["requester"],
            }
        )
        began = time.perf_counter()
        try:
            connection.request("POST", "/api/v1/tickets/", body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            status, payload = type(exc).__name__, str(exc).encode()
        latencies.append(time.perf_counter() - began)
        statuses[status] = statuses.get(status, 0) + 1
        if status != 201 and first_error is None:
            first_error = f"{status}: {payload[:300]!r}"
    results.put(
        {
            "latencies": latencies,
            "statuses": statuses,
            "end": time.monotonic(),
            "error": first_error,
        }
    )


@dataclass
class CreateResult:
    clients: int
    created: int
    failed: int
    per_second: float
    p50_ms: float
    p95_ms: float
    error: str | None
    server_cpu_ms: float | None = None  # CPU per create of the server's processes
    db_cpu_ms: float | None = None  # … of the database's backends
    client_cpu_ms: float | None = None  # … of the client processes


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) of process ``pid`` from /proc, or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """``pid`` and its children (gunicorn's workers)."""
    found = [pid]
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        found += [int(child) for child in children]
    return found


def database_backends(env: dict) -> list[int]:
    """Pids of the database server's backends for the benchmark's database (PostgreSQL)."""
    if "DATABASE_URL" not in env:
        return []
    result = subprocess.run(
        ["psql", PG_ADMIN_URL, "-Atc",
         f"SELECT pid FROM pg_stat_activity WHERE datname = '{PG_BENCH_DB}'"],  # noqa: S608
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return [int(pid) for pid in result.stdout.split()]


def cpu_of(pids) -> dict[int, float]:
    return {pid: cpu for pid in pids if (cpu := process_cpu(pid)) is not None}


def warm_up(port: int, target: dict) -> None:
    """Send a few creates on fresh connections so every server process and thread has loaded
    its code and opened its database connection before anything is measured."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.monotonic()
    stop_at = start_at + 1.0
    processes = [
        context.Process(
            target=_create_client,
            args=(port, target["token"], target, start_at, stop_at, f"w{n}", results),
        )
        for n in range(4)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        results.get(timeout=120)
    for process in processes:
        process.join()


def measure_creates(
    port: int,
    target: dict,
    clients: int,
    seconds: float,
    server_pid: int | None = None,
    env: dict | None = None,
) -> CreateResult:
    servers = process_tree(server_pid) if server_pid else []
    backends = database_backends(env or {})
    before = cpu_of(servers + backends)
    clients_before = os.times()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.monotonic() + 0.5
    stop_at = start_at + seconds
    processes = [
        context.Process(
            target=_create_client,
            args=(port, target["token"], target, start_at, stop_at, n, results),
        )
        for n in range(clients)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join()
    latencies = sorted(latency for outcome in outcomes for latency in outcome["latencies"])
    created = sum(outcome["statuses"].get(201, 0) for outcome in outcomes)
    total = sum(sum(outcome["statuses"].values()) for outcome in outcomes)
    elapsed = max(outcome["end"] for outcome in outcomes) - start_at
    errors = [outcome["error"] for outcome in outcomes if outcome["error"]]
    after = cpu_of(servers + backends + database_backends(env or {}))
    server_cpu = sum(after.get(pid, 0) - before.get(pid, 0) for pid in servers)
    db_cpu = sum(cpu - before.get(pid, 0) for pid, cpu in after.items() if pid not in servers)
    clients_after = os.times()
    client_cpu = (clients_after.children_user + clients_after.children_system) - (
        clients_before.children_user + clients_before.children_system
    )
    per = 1000 / created if created else 0.0
    return CreateResult(
        server_cpu_ms=server_cpu * per if servers else None,
        db_cpu_ms=db_cpu * per if backends else None,
        client_cpu_ms=client_cpu * per,
        clients=clients,
        created=created,
        failed=total - created,
        per_second=created / elapsed,
        p50_ms=percentile(latencies, 50) * 1000,
        p95_ms=percentile(latencies, 95) * 1000,
        error=errors[0] if errors else None,
    )


def measure_list(port: int, token: str, path: str, requests: int) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, rows on the page) of ``requests`` GETs of ``path``, one client."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {token}"}
    latencies, rows = [], 0
    for n in range(requests + 5):
        began = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        elapsed = time.perf_counter() - began
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}: {payload[:300]!r}")
        if n >= 5:  # the first requests warm up caches and connections
            latencies.append(elapsed)
        rows = len(json.loads(payload)["results"])
    latencies.sort()
    return percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000, rows


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


# --- servers -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


GUNICORN_WORKERS = [2]  # set from --workers
GUNICORN_THREADS = [1]  # set from --threads (more than one: gunicorn's gthread workers)
SERVER_PID: list[int | None] = [None]  # the running server's process


@contextlib.contextmanager
def running_server(kind: str, env: dict, log_dir: Path):
    port = free_port()
    if kind == "serve":
        argv = [str(BIN / "atiende"), "serve", "--port", str(port)]
    else:
        argv = [str(BIN / "gunicorn"), "atiende.wsgi", "-w", str(GUNICORN_WORKERS[0]),
                "--threads", str(GUNICORN_THREADS[0]),
                "-b", f"127.0.0.1:{port}", "--log-level", "warning"]  # fmt: skip
    log_path = log_dir / f"{kind}-{port}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_healthy(port, process, log_path)
            SERVER_PID[0] = process.pid
            yield port
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_healthy(port: int, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early; see {log_path}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not become healthy; see {log_path}")


def django_step(env: dict, *argv: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--internal", *argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def psql(sql: str) -> None:
    subprocess.run(["psql", PG_ADMIN_URL, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True)


@contextlib.contextmanager
def database(kind: str, home: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATIENDE_")}
    env.pop("DATABASE_URL", None)
    env.update(ATIENDE_HOME=str(home), ATIENDE_LOG_LEVEL="WARNING", ATIENDE_LANGUAGE="en")
    if kind == "postgres":
        psql(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        psql(f"CREATE DATABASE {PG_BENCH_DB}")
        base = PG_ADMIN_URL.rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{base}/{PG_BENCH_DB}"
    try:
        subprocess.run([str(BIN / "atiende"), "migrate"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        yield env
    finally:
        if kind == "postgres":
            psql(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")


# --- main --------------------------------------------------------------------------------------


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--internal":
        _internal(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "all"], default="all")
    parser.add_argument("--server", choices=["serve", "gunicorn", "all"], default="all")
    parser.add_argument(
        "--quick", action="store_true", help="short runs, 10,000 tickets for the list (smoke test)"
    )
    parser.add_argument("--seconds", type=float, help="length of each create run (default 10)")
    parser.add_argument("--clients", default="1,8", help="client counts, comma-separated")
    parser.add_argument("--tickets", type=int, help="tickets for the list latency (default 100000)")
    parser.add_argument("--skip-list", action="store_true", help="only measure creates")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn worker processes (default 2)"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per gunicorn worker (default 1: sync workers; more: gthread workers)",
    )
    args = parser.parse_args()
    GUNICORN_WORKERS[0] = args.workers
    GUNICORN_THREADS[0] = args.threads

    databases = ["sqlite", "postgres"] if args.db == "all" else [args.db]
    servers = ["serve", "gunicorn"] if args.server == "all" else [args.server]
    seconds = args.seconds or (3.0 if args.quick else 10.0)
    client_counts = [int(n) for n in args.clients.split(",")]
    tickets = args.tickets or (QUICK_LIST_TICKETS if args.quick else LIST_TICKETS)
    list_requests = 30 if args.quick else 200

    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
          f"{seconds:g} s per create run; list with {tickets:,} tickets")  # fmt: skip
    create_rows, list_rows = [], []
    for db in databases:
        home = Path(tempfile.mkdtemp(prefix=f"atiende-bench-{db}-"))
        try:
            with database(db, home) as env:
                target = django_step(env, "setup")
                for server in servers:
                    with running_server(server, env, home) as port:
                        warm_up(port, target)
                        for clients in client_counts:
                            result = measure_creates(
                                port, target, clients, seconds, SERVER_PID[0], env
                            )
                            create_rows.append((db, server, result))
                            print_create(db, server, result)
                if args.skip_list:
                    continue
                filled = django_step(env, "fill", str(tickets))
                print(f"  {db}: bulk-inserted {filled['created']:,} tickets in "
                      f"{filled['seconds']} s")  # fmt: skip
                paths = {
                    "first page": "/api/v1/tickets/",
                    "filtered page": "/api/v1/tickets/?state=open&priority=high,urgent"
                    "&organisation=bench-03",
                }
                for server in servers:
                    with running_server(server, env, home) as port:
                        for name, path in paths.items():
                            p50, p95, rows = measure_list(port, target["token"], path,
                                                          list_requests)  # fmt: skip
                            list_rows.append((db, server, name, p50, p95, rows))
                            print(f"  {db:<8} {server:<8} list {name:<13} p50 {p50:6.1f} ms  "
                                  f"p95 {p95:6.1f} ms  ({rows} rows)")  # fmt: skip
        finally:
            if args.keep:
                print(f"  data directory kept: {home}")
            else:
                shutil.rmtree(home, ignore_errors=True)

    print()
    print("Tickets created per second (POST /api/v1/tickets/)")
    print(f"{'database':<9} {'server':<9} {'clients':>7} {'created/s':>10} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'created':>8} {'failed':>7}")  # fmt: skip
    for db, server, r in create_rows:
        print(f"{db:<9} {server:<9} {r.clients:>7} {r.per_second:>10.1f} {r.p50_ms:>8.1f} "
              f"{r.p95_ms:>8.1f} {r.created:>8} {r.failed:>7}")  # fmt: skip
    if list_rows:
        print()
        print(f"Ticket list latency, one client, {tickets:,} tickets (GET /api/v1/tickets/)")
        print(f"{'database':<9} {'server':<9} {'page':<14} {'p50 ms':>8} {'p95 ms':>8} {'rows':>5}")
        for db, server, name, p50, p95, rows in list_rows:
            print(f"{db:<9} {server:<9} {name:<14} {p50:>8.1f} {p95:>8.1f} {rows:>5}")
    return 0


def print_create(db: str, server: str, r: CreateResult) -> None:
    cpu = ""
    if r.server_cpu_ms is not None:
        cpu = f"  CPU/create: server {r.server_cpu_ms:.2f} ms"
        total = r.server_cpu_ms
        if r.db_cpu_ms is not None:
            cpu += f" + database {r.db_cpu_ms:.2f} ms"
            total += r.db_cpu_ms
        cpu += f" (clients {r.client_cpu_ms:.2f} ms)"
        if total:
            cpu += f", all cores free: ~{(os.cpu_count() or 1) * 1000 / total:.0f}/s"
    print(f"  {db:<8} {server:<8} {r.clients} client(s): {r.per_second:7.1f} created/s  "
          f"p50 {r.p50_ms:6.1f} ms  p95 {r.p95_ms:6.1f} ms  failed {r.failed}{cpu}"
          + (f"  first error: {r.error}" if r.error else ""), flush=True)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
