"""One message of a sender at a time: two intake processes never handle two mails of the same
sender without seeing each other's ticket (C3).

Threading by sender and subject, the re-sent-copy check and the hourly limit of automatic
replies all read what the sender's earlier mail wrote. Two processes taking two mails of one
sender at the same moment would each miss the other's uncommitted ticket and open two. On
PostgreSQL a transaction-scoped advisory lock keyed by the address makes the second wait for
the first's commit (then it reads the first's ticket); mails of different senders still run
side by side. SQLite runs one writing transaction at a time and the embedded default one
intake worker, so nothing is taken there.
"""

import hashlib

from django.db import connection

from atiende.channels.mail.context import Context, Outcome

# The advisory-lock class of sender locks (the first of pg_advisory_xact_lock's two keys).
LOCK_CLASS = 0x4D41  # "MA"


def lock_key(address: str) -> int:
    """A 32-bit key for ``address`` (collisions only make two senders wait for each other)."""
    digest = hashlib.blake2b(address.encode("utf-8", "surrogateescape"), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


def run(ctx: Context) -> Outcome | None:
    # Before any read of what earlier mail wrote (the loop check already reads our outbox and
    # stored mail, with the thread rules, in one query: lookups.facts), so taken on the From
    # address as parsed; statements after the lock see what the sender's last mail committed.
    address = (ctx.parsed.from_address or "").strip().lower()
    if connection.vendor == "postgresql" and "@" in address:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, lock_key(address)])
    return None
