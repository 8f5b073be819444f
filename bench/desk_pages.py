"""Benchmark: server time of the desk pages with 100,000 and 1,000,000 tickets on PostgreSQL.

Creates its own database ``atiende_bench_desk`` (dropped at the end unless --keep; --reuse
never drops it), fills it with ``INSERT … SELECT generate_series`` (tickets of 20
organisations, every kind, state, priority, channel and assignee; two messages each; a
running SLA clock on each open ticket; the full-text document written in the same statement),
adds one ticket with 50 messages through the real actions, then times each page through
Django's test client in this process
(the server's time: URL resolution, middleware, views, queries, templates; no network):

- ``list default``: ``/desk/`` (every open ticket, next SLA due time first);
- ``list filtered``: open incidents of one organisation with priority high;
- ``list mine``: the "assigned to me" queue;
- ``search``: ``/desk/?text=…`` for a word in a few % of the tickets, for two words, and for
  a number found in one ticket;
- ``queue counts``: ``/desk/queues/`` (the sidebar's poll);
- ``ticket 50 msgs``: ``/desk/tickets/<id>/`` of the ticket with 50 messages.

Each page is requested ``--runs`` times (default 60) after 5 warm-up requests; p50 and p95
in milliseconds of the wall time and of this process's CPU time (the Django side alone; the
database server's work is in the wall time only). The load average is printed: on a shared
machine the wall time grows with it. Prints the figures; asserts nothing (benchmarks are not tests).

    .venv/bin/python bench/desk_pages.py [--sizes 100000,1000000] [--runs 60] [--keep]
        [--reuse] [--database atiende_bench_desk]

The server is reached through ``ATIENDE_BENCH_PG`` (default
``postgres://postgres@127.0.0.1:5432/postgres``); the bench database is created beside it.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import psycopg

NAME = "atiende_bench_desk"
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
ORGANISATIONS = 20
WORDS = [
    "troncal",
    "llamadas",
    "router",
    "enlace",
    "factura",
    "portabilidad",
    "latencia",
    "caida",
    "firewall",
    "certificado",
    "dns",
    "correo",
    "telefonia",
    "sms",
    "ivr",
    "grabacion",
    "licencia",
    "usuario",
    "contrasena",
    "vpn",
    "fibra",
    "radio",
    "antena",
    "switch",
    "servidor",
    "base",
    "datos",
    "respaldo",
    "monitoreo",
    "alarma",
    "corte",
    "energia",
    "trunk",
    "calls",
    "drop",
    "outage",
    "billing",
    "invoice",
    "latency",
    "packet",
    "loss",
    "jitter",
    "codec",
    "gateway",
    "sip",
    "registration",
    "timeout",
    "password",
    "reset",
    "license",
    "backup",
    "restore",
    "disk",
    "memory",
    "cpu",
    "upgrade",
    "firmware",
    "patch",
    "reboot",
    "crash",
    "slow",
    "portal",
    "login",
    "report",
    "export",
    "queue",
    "agent",
    "recording",
    "voicemail",
    "transfer",
    "conference",
    "mobile",
    "app",
    "api",
    "webhook",
    "token",
    "quota",
    "limit",
    "campaign",
    "template",
    "whatsapp",
    "chatbot",
    "survey",
    "schedule",
    "holiday",
    "calendar",
    "routing",
    "number",
    "prefix",
    "country",
    "carrier",
    "roaming",
    "balance",
    "recharge",
    "contract",
    "renewal",
    "migracion",
    "configuracion",
]  # 97 words: a word is in about 1 % of the subjects (two per subject)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="ticket counts, ascending")
    parser.add_argument("--runs", type=int, default=60, help="timed requests per page")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--database",
        default=NAME,
        help=f"name of the bench database (default {NAME})",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time an existing kept database (no filling; the database is always kept)",
    )
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    admin_url = os.environ.get("ATIENDE_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(admin_url)
    name = args.database
    if not name.replace("_", "").isalnum():
        parser.error("--database: letters, digits and underscores only")
    bench_url = urlunsplit(parts._replace(path=f"/{name}"))
    if not args.reuse:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {name}")
    try:
        run(bench_url, sizes, args.runs, reuse=args.reuse)
    finally:
        if not (args.keep or args.reuse):
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return 0


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ATIENDE_HOME", tempfile.mkdtemp(prefix="atiende-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "atiende.settings"
    import django

    django.setup()


def run(url: str, sizes: list[int], runs: int, *, reuse: bool) -> None:
    setup_django(url)
    from django.core.management import call_command

    if reuse:
        call_command("migrate", verbosity=0)  # the code may have moved on since the fill
        fixtures = load_fixtures()
        sizes = sizes[-1:]
    else:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)
        fixtures = make_fixtures()
    created = 0
    for size in sizes:
        if not reuse:
            started = time.perf_counter()
            add_tickets(fixtures, created + 1, size)
            created = size
            print(
                f"filled to {size:,} tickets in {time.perf_counter() - started:.1f} s", flush=True
            )
            if "big" not in fixtures:
                fixtures["big"] = ticket_with_messages(fixtures, 50)
        measure(fixtures, size, runs)


def make_fixtures() -> dict:
    from atiende.accounts.models import SupportGroup, User
    from atiende.catalog.models import Service
    from atiende.customers.models import Contact, Organisation
    from atiende.sla.models import MeetEvent, Policy, Target

    organisations = [
        Organisation.objects.create(name=f"Bench {n:02}", slug=f"bench-{n:02}")
        for n in range(ORGANISATIONS)
    ]
    contacts = [
        Contact.objects.create(organisation=o, name=f"Requester {n}", email=f"r{n}@example.com")
        for n, o in enumerate(organisations)
    ]
    agents = [
        User.objects.create_user(f"bench-agent-{n}", password="x", role="agent") for n in range(10)
    ]
    groups = [SupportGroup.objects.create(name=f"Level {n}", slug=f"level-{n}") for n in range(3)]
    for n, agent in enumerate(agents):
        groups[n % 3].members.add(agent)
    services = [Service.objects.create(code=f"svc-{n}", name=f"Service {n}") for n in range(5)]
    policy = Policy.objects.create(slug="bench", name="Bench")
    target = Target.objects.create(
        policy=policy, name="resolution", minutes=480, meets_on=MeetEvent.RESOLUTION
    )
    return {
        "organisations": organisations,
        "contacts": contacts,
        "agents": agents,
        "groups": groups,
        "services": services,
        "policy": policy,
        "target": target,
    }


def load_fixtures() -> dict:
    from atiende.accounts.models import User
    from atiende.customers.models import Organisation
    from atiende.tickets.models import Ticket

    big = Ticket.objects.filter(number="BENCH-50-MESSAGES").first()
    return {
        "organisations": list(
            Organisation.objects.filter(slug__startswith="bench-").order_by("id")
        ),
        "agents": list(User.objects.filter(username__startswith="bench-agent-").order_by("id")),
        "big": big,
    }


def _array(values) -> str:
    return "ARRAY[" + ", ".join(str(v) for v in values) + "]"


def add_tickets(fixtures: dict, first: int, last: int) -> None:
    """Tickets ``first..last``: about 30 % open (new, open, pending), the rest resolved or
    closed; two messages each; a running resolution clock on each open ticket. Organisation,
    kind, priority and state vary independently (``g`` mod 20, then its quotients)."""
    from django.db import connection, transaction

    from atiende.tickets.models import State, Ticket, Workflow

    now = f"'{NOW.isoformat()}'::timestamptz"
    workflow = Workflow.objects.get(slug="default")
    states = {s.category: s.pk for s in State.objects.filter(workflow=workflow)}
    # 10 slots: 1 new, 1 open, 1 pending, 3 resolved, 4 closed.
    slots = [states["new"], states["open"], states["pending"]] + [states["resolved"]] * 3
    slots += [states["closed"]] * 4
    orgs = [o.pk for o in fixtures["organisations"]]
    contacts = [c.pk for c in fixtures["contacts"]]
    agents = [a.pk for a in fixtures["agents"]] + ["NULL"] * 5
    groups = [g.pk for g in fixtures["groups"]] + ["NULL"]
    services = [s.pk for s in fixtures["services"]] + ["NULL"]
    words = "ARRAY[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
    open_states = _array(slots[:3])
    subject = (
        f"initcap(({words})[1 + g % 97]) || ' ' || ({words})[1 + (g / 97) % 97] || ' ' || "
        "(ARRAY['en la sede', 'since this morning', 'intermitente', 'after the upgrade'])"
        "[1 + g % 4] || ' #' || g"
    )
    description = (
        f"'El cliente reporta ' || ({words})[1 + (g * 7) % 97] || ' y ' || "
        f"({words})[1 + (g * 13) % 97] || '. Customer reports ' || ({words})[1 + (g * 31) % 97]"
    )
    overrides = {
        "number": "number",
        "kind": "kind",
        "subject": "subject",
        "description": "description",
        "priority": "priority",
        "state_id": "state_id",
        "state_entered_at": "created",
        "channel": "channel",
        "organisation_id": "org",
        "requester_id": "contact",
        "service_id": "service",
        "assignee_id": "assignee",
        "group_id": "grp",
        "created_at": "created",
        "updated_at": "created",
        "sla_policy_id": f"CASE WHEN is_open THEN {fixtures['policy'].pk} END",
        "next_due_at": f"CASE WHEN is_open THEN {now} + (g % 20000) * interval '1 minute'"
        " - interval '2 hours' END",
    }
    template = Ticket(
        workflow=workflow, kind="incident", channel="email", subject="", number="", flags=[]
    )
    columns, expressions, constants = [], [], []
    for field in Ticket._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.attname in overrides:
            expressions.append(overrides[field.attname])
        else:
            expressions.append("%s")
            constants.append(field.get_db_prep_save(getattr(template, field.attname), connection))
    columns.append("search_document")
    expressions.append(
        "setweight(to_tsvector('simple', lower(number || ' ' || subject)), 'A')"
        " || setweight(to_tsvector('spanish', lower(subject)), 'A')"
        " || setweight(to_tsvector('english', lower(subject)), 'A')"
        " || to_tsvector('spanish', lower(description))"
        " || to_tsvector('english', lower(description))"
        " || to_tsvector('simple', lower(description))"
    )
    # Built from this script's constants only; % is the modulo operator here.
    ticket_sql = f"""
        INSERT INTO tickets_ticket ({", ".join(columns)})
        SELECT {", ".join(expressions)}
        FROM (
            SELECT g, 'BENCH-' || g AS number,
                (ARRAY['incident', 'incident', 'request', 'problem'])[1 + (g / 20) % 4] AS kind,
                {subject} AS subject, {description} AS description,
                (ARRAY['low', 'normal', 'normal', 'high', 'urgent'])[1 + (g / 80) % 5]
                    AS priority,
                ({_array(slots)})[1 + (g / 400) % 10] AS state_id,
                ({_array(slots)})[1 + (g / 400) % 10] = ANY({open_states}) AS is_open,
                (ARRAY['email', 'phone', 'portal', 'whatsapp', 'api'])[1 + (g / 11) % 5]
                    AS channel,
                ({_array(orgs)})[1 + g % {len(orgs)}] AS org,
                ({_array(contacts)})[1 + g % {len(contacts)}] AS contact,
                ({_array(services)})[1 + (g / 5) % {len(services)}]::bigint AS service,
                ({_array(agents)})[1 + (g / 13) % {len(agents)}]::bigint AS assignee,
                ({_array(groups)})[1 + (g / 17) % {len(groups)}]::bigint AS grp,
                {now} - (%s - g) * interval '30 seconds' AS created
            FROM generate_series(%s, %s) AS g
        ) AS rows
    """.replace(" % ", " %% ")  # noqa: S608
    message_sql = """
        INSERT INTO tickets_message (ticket_id, kind, author_id, author_contact_id, channel,
            text, html, created_at)
        SELECT t.id, m.kind, NULL, CASE WHEN m.kind = 'public' THEN t.requester_id END,
            t.channel, CASE WHEN m.n = 1 THEN t.description
            ELSE 'Gracias, lo revisamos. We are looking into it.' END, '',
            t.created_at + (m.n - 1) * interval '10 minutes'
        FROM tickets_ticket t
        CROSS JOIN (VALUES (1, 'public'), (2, 'internal')) AS m(n, kind)
        WHERE t.id BETWEEN %(low)s AND %(high)s
    """
    clock_sql = """
        INSERT INTO sla_clock (ticket_id, target_id, name, position, cycle, minutes,
            warning_percent, started_at, pauses, pause_reason, business_time_used,
            warn_at, due_at, end_reason, next_check_at)
        SELECT t.id, %(target)s, 'resolution', 0, 1, 480, 80, t.created_at, '[]'::jsonb, '',
            interval '0', t.next_due_at - interval '96 minutes', t.next_due_at, '',
            t.next_due_at
        FROM tickets_ticket t
        WHERE t.id BETWEEN %(low)s AND %(high)s AND t.next_due_at IS NOT NULL
    """
    step = 100_000
    with connection.cursor() as cursor:
        for low in range(first, last + 1, step):
            high = min(low + step - 1, last)
            with transaction.atomic():
                cursor.execute(ticket_sql, [*constants, last, low, high])
                cursor.execute(
                    "SELECT min(id), max(id) FROM tickets_ticket WHERE number = ANY(%s)",
                    [[f"BENCH-{low}", f"BENCH-{high}"]],
                )
                id_low, id_high = cursor.fetchone()
                cursor.execute(message_sql, {"low": id_low, "high": id_high})
                cursor.execute(
                    clock_sql, {"low": id_low, "high": id_high, "target": fixtures["target"].pk}
                )
            print(f"  … {high:,}", flush=True)
        cursor.execute("ANALYZE")


def ticket_with_messages(fixtures: dict, count: int):
    """One ticket opened and answered through the real actions: ``count`` messages."""
    from atiende.tickets import actions
    from atiende.tickets.models import Ticket

    organisation = fixtures["organisations"][0]
    ticket = actions.open_ticket(
        actor=None,
        channel="email",
        organisation=organisation,
        subject="Calls drop after 30 seconds on the main trunk",
        description="Every outbound call drops at 30 s since this morning.",
        requester=fixtures["contacts"][0],
        auto_reply=False,
    )
    agent = fixtures["agents"][0]
    for n in range(count - 1):
        if n % 3 == 2:
            actions.add_note(ticket, actor=agent, channel="web", text=f"Internal check {n}.")
        else:
            actions.reply(ticket, actor=agent, channel="web", text=f"Update {n}: still testing.")
    Ticket.objects.filter(pk=ticket.pk).update(number="BENCH-50-MESSAGES")
    return Ticket.objects.get(pk=ticket.pk)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def _times(client, url: str, runs: int) -> tuple[float, float, float, float, int]:
    """p50 and p95 of the wall time and of this process's CPU time (Django's share, without
    the database server's), in ms."""
    for _ in range(5):
        response = client.get(url)
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return (
        statistics.median(wall),
        _percentile(wall, 0.95),
        statistics.median(cpu),
        _percentile(cpu, 0.95),
        response.status_code,
    )


def measure(fixtures: dict, size: int, runs: int) -> None:
    from django.test import Client

    from atiende import clock as clock_module

    agent = fixtures["agents"][0]
    client = Client(HTTP_HOST="localhost")
    client.force_login(agent)
    organisation = fixtures["organisations"][3]
    pages = [
        ("list default", "/desk/"),
        (
            "list filtered",
            f"/desk/?queue=open&kind=incident&priority=high&organisation={organisation.pk}",
        ),
        ("list mine", "/desk/?queue=mine"),
        ("search 1 word", "/desk/?queue=&text=troncal"),
        ("search rare", "/desk/?queue=&text=77777"),
        ("search 2 words", "/desk/?queue=&text=troncal+llamadas"),
        ("queue counts", "/desk/queues/"),
        ("ticket 50 msgs", f"/desk/tickets/{fixtures['big'].pk}/"),
    ]
    # The clock of the data: SLA states read as at NOW.
    clock_module_now = clock_module.now
    clock_module.now = lambda: NOW
    try:
        print(f"\n{size:,} tickets, {runs} requests per page (ms)")
        print(f"load average before: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
        print(f"{'page':<16} {'p50':>8} {'p95':>8} {'cpu p50':>8} {'cpu p95':>8}  status")
        for name, url in pages:
            p50, p95, cpu50, cpu95, status = _times(client, url, runs)
            print(
                f"{name:<16} {p50:>8.1f} {p95:>8.1f} {cpu50:>8.1f} {cpu95:>8.1f}  {status}",
                flush=True,
            )
    finally:
        clock_module.now = clock_module_now


if __name__ == "__main__":
    sys.exit(main())
