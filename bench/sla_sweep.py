"""Benchmark: the SLA sweep's cost follows the due clocks, not the open tickets (S10).

Creates its own PostgreSQL database ``atiende_bench_sla`` (dropped at the end unless --keep),
fills it with open tickets that each have one running SLA clock, of which ``--due`` are past
their due time, and times ``sweep_until_done`` (raising every breach, writing its history
event) first with 100,000 open tickets, then with 1,000,000. Prints the figures; asserts
nothing (benchmarks are not tests).

    .venv/bin/python bench/sla_sweep.py [--due 1000] [--sizes 100000,1000000] [--keep]

The server is reached through ``ATIENDE_BENCH_PG`` (default
``postgres://postgres@127.0.0.1:5432/postgres``); the bench database is created beside it.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

import psycopg

NAME = "atiende_bench_sla"
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
RUNS = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--due", type=int, default=1000, help="clocks past due (default 1000)")
    parser.add_argument(
        "--sizes", default="100000,1000000", help="open-ticket counts, comma-separated"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    admin_url = os.environ.get("ATIENDE_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(admin_url)
    bench_url = urlunsplit(parts._replace(path=f"/{NAME}"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {NAME}")
        admin.execute(f"CREATE DATABASE {NAME}")
    try:
        run(bench_url, sizes, args.due)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
    return 0


def run(url: str, sizes: list[int], due: int) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ATIENDE_HOME", tempfile.mkdtemp(prefix="atiende-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "atiende.settings"
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)
    fixtures = make_fixtures()
    print(f"{'open tickets':>14} {'due':>6} {'sweep (s)':>10} {'runs (s)':>24} {'due/s':>9}")
    created = 0
    for size in sizes:
        started = time.perf_counter()
        add_tickets(fixtures, created + 1, size, due)
        created = size
        print(f"  (filled to {size:,} in {time.perf_counter() - started:.1f} s)", flush=True)
        timings = []
        for _ in range(RUNS):
            make_due(due)
            timings.append(timed_sweep(due))
        median = statistics.median(timings)
        runs = ", ".join(f"{t:.3f}" for t in timings)
        print(f"{size:>14,} {due:>6,} {median:>10.3f} {runs:>24} {due / median:>9,.0f}")
    show_plan()


def make_fixtures() -> dict:
    from atiende.customers.models import Contact, Organisation
    from atiende.sla.models import MeetEvent, Policy, Target
    from atiende.tickets.models import State, Workflow

    organisation = Organisation.objects.create(name="Bench", slug="bench")
    contact = Contact.objects.create(
        organisation=organisation, name="Bench", email="bench@example.com"
    )
    policy = Policy.objects.create(slug="bench", name="Bench")
    target = Target.objects.create(
        policy=policy,
        name="first_response",
        minutes=60,
        meets_on=MeetEvent.AGENT_REPLY,
        warning_percent=0,
    )
    workflow = Workflow.objects.get(slug="default")
    state = State.objects.get(workflow=workflow, code="new")
    return {
        "organisation": organisation,
        "contact": contact,
        "policy": policy,
        "target": target,
        "workflow": workflow,
        "state": state,
    }


def _insert_select(model, template, overrides: dict, source: str, params: list):
    """INSERT … SELECT with every column: constants from ``template``; ``overrides`` maps a
    field to SQL, or to (SQL, parameters)."""
    from django.db import connection

    columns, expressions, values = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.attname in overrides:
            expression = overrides[field.attname]
            if isinstance(expression, tuple):
                expression, extra = expression
                values.extend(extra)
            expressions.append(expression)
        else:
            expressions.append("%s")
            values.append(field.get_db_prep_save(getattr(template, field.attname), connection))
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *params])


def add_tickets(fixtures: dict, first: int, last: int, due: int) -> None:
    """Tickets ``first..last`` (numbers), each with one running clock; none due yet."""
    from django.db import connection, transaction

    from atiende.sla.models import Clock
    from atiende.tickets.models import Ticket

    ticket = Ticket(
        number="",
        kind="incident",
        subject="Calls drop after 30 seconds",
        priority="normal",
        workflow=fixtures["workflow"],
        state=fixtures["state"],
        channel="email",
        organisation=fixtures["organisation"],
        requester=fixtures["contact"],
        created_at=NOW - timedelta(minutes=30),
        updated_at=NOW - timedelta(minutes=30),
        sla_policy=fixtures["policy"],
    )
    # Not due: spread over the coming days (one second apart).
    future = "%s::timestamptz + g * interval '1 second'"
    with transaction.atomic():
        _insert_select(
            Ticket,
            ticket,
            {"number": "'BENCH-' || g", "next_due_at": (future, [NOW + timedelta(days=1)])},
            "FROM generate_series(%s, %s) AS g",
            [first, last],
        )
        clock = Clock(
            ticket_id=0,
            target=fixtures["target"],
            name="first_response",
            minutes=60,
            warning_percent=0,
            started_at=NOW - timedelta(minutes=30),
        )
        _insert_select(
            Clock,
            clock,
            {"ticket_id": "t.id", "due_at": "t.next_due_at", "next_check_at": "t.next_due_at"},
            "FROM tickets_ticket t LEFT JOIN sla_clock c ON c.ticket_id = t.id WHERE c.id IS NULL",
            [],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tickets_ticket")
        cursor.execute("ANALYZE sla_clock")


def make_due(due: int) -> None:
    """Put ``due`` clocks (spread over all tickets) past due, as yet unraised."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM tickets_historyevent WHERE code = 'sla.breached'")
        # Back to the planned (future) due time kept on the ticket.
        cursor.execute(
            "UPDATE sla_clock c SET breached_at = NULL, due_at = t.next_due_at, "
            "next_check_at = t.next_due_at FROM tickets_ticket t "
            "WHERE c.ticket_id = t.id AND c.breached_at IS NOT NULL"
        )
        cursor.execute("SELECT count(*) FROM sla_clock")
        (total,) = cursor.fetchone()
        step = max(total // due, 1)
        cursor.execute(
            "UPDATE sla_clock SET due_at = %s, next_check_at = %s "
            "WHERE id IN (SELECT id FROM sla_clock WHERE mod(id, %s) = 0 ORDER BY id LIMIT %s)",
            [NOW - timedelta(minutes=1), NOW - timedelta(minutes=1), step, due],
        )
        cursor.execute("ANALYZE sla_clock")


def timed_sweep(due: int) -> float:
    from django.db import connection

    from atiende.sla.sweep import sweep_until_done

    connection.ensure_connection()
    started = time.perf_counter()
    handled = sweep_until_done(NOW)
    elapsed = time.perf_counter() - started
    if handled != due:
        print(f"  ! swept {handled} clocks, expected {due}", file=sys.stderr)
    return elapsed


def show_plan() -> None:
    from django.db import connection, transaction

    from atiende.sla.models import Clock

    query = (
        Clock.objects.filter(next_check_at__lte=NOW)
        .select_related("ticket")
        .only("pk", "ticket__id")
        .order_by("next_check_at")
        .select_for_update(skip_locked=True, of=("ticket",))[:500]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        print("plan of the sweep's selection:")
        for (line,) in cursor.fetchall():
            print("  " + line)


if __name__ == "__main__":
    sys.exit(main())
