"""Case numbers (T1): a per-kind prefix and a zero-padded sequence, never reused.

The next value is taken with one ``UPDATE … RETURNING`` inside the creating transaction:
on PostgreSQL the row lock serialises concurrent creators, on SQLite the write lock does.
A rolled-back creation gives its value back together with the ticket it never created,
so a number seen by anyone is never given to another ticket.
"""

from django.db import connection, transaction

from atiende.tickets.codes import Kind
from atiende.tickets.models import CaseSequence

DEFAULT_PREFIXES = {Kind.INCIDENT: "INC", Kind.REQUEST: "REQ", Kind.PROBLEM: "PRB"}


def format_number(prefix: str, value: int, padding: int) -> str:
    return f"{prefix}-{value:0{padding}d}"


def next_number(key: str) -> str:
    """Take the next case number of sequence ``key``; call inside the creating transaction."""
    assert transaction.get_connection().in_atomic_block, "call inside transaction.atomic()"
    table = CaseSequence._meta.db_table
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET last_value = last_value + 1 WHERE key = %s "  # noqa: S608
                "RETURNING prefix, padding, last_value",
                [key],
            )
            row = cursor.fetchone()
        if row is not None:
            prefix, padding, value = row
            return format_number(prefix, value, padding)
        _create_sequence(key)
    raise RuntimeError(f"case-number sequence {key!r} could not be created")


def _create_sequence(key: str) -> None:
    prefix = DEFAULT_PREFIXES.get(key, key[:8].upper())
    with transaction.atomic():
        CaseSequence.objects.get_or_create(key=key, defaults={"prefix": prefix})
