"""The SLA sweep: raise the warnings and breaches that came due (S8, S10).

It reads only the clocks whose ``next_check_at`` has passed, through a partial index on open
clocks, so its cost follows the number of due clocks, not the number of open tickets. Each
warning and each breach is raised exactly once: the clock row records it (``warned_at``,
``breached_at``) in the same transaction as its history event and the outbound hooks.

Several workers may sweep at once. A clock is only ever changed with its ticket's row locked
(the ticket actions lock it too), so the sweep locks the tickets of the due clocks with
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL: a ticket being changed or swept elsewhere
is skipped and seen on the next run. On SQLite writers are serialised (transactions begin
IMMEDIATE), which gives the same guarantee.
"""

from datetime import datetime

from django.db import connection, transaction
from django.db.models import Case, F, Value, When

from atiende import clock
from atiende.sla import hooks
from atiende.sla.models import Clock
from atiende.sla.planner import iso
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent

BATCH = 500
MAX_BATCHES = 200


def sweep(*, now: datetime | None = None, limit: int = BATCH) -> int:
    """Handle one batch of due clocks; return how many were due (0: nothing left to do)."""
    now = now or clock.now()
    with transaction.atomic():
        due = (
            Clock.objects.filter(next_check_at__lte=now)
            .select_related("ticket")
            .only("pk", "ticket__id")
            .order_by("next_check_at")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("ticket",))
        ids = [row.pk for row in due[:limit]]
        if not ids:
            return 0
        # Read again now that the tickets are locked: a change committed just before the
        # lock was taken is seen, and none can happen until this transaction ends.
        clocks = Clock.objects.filter(pk__in=ids, next_check_at__lte=now)
        if hooks.on_warning or hooks.on_breach:
            clocks = clocks.select_related("ticket")
        outcome: dict[str | None, list[Clock]] = {"breach": [], "warning": [], None: []}
        for item in clocks:
            outcome[_check(item, now)].append(item)
        _write(outcome, now)
        for kind in ("warning", "breach"):
            for item in outcome[kind]:
                hooks.emit(kind, item, now=now)
    return len(ids)


def _write(outcome: dict, now: datetime) -> None:
    """Store what was raised: one UPDATE per outcome and one INSERT for the history."""
    breached = [item.pk for item in outcome["breach"]]
    if breached:
        Clock.objects.filter(pk__in=breached).update(
            breached_at=now,
            next_check_at=None,
            warned_at=Case(
                When(warn_at__isnull=False, warned_at__isnull=True, then=Value(now)),
                default=F("warned_at"),
            ),
        )
    warned = [item.pk for item in outcome["warning"]]
    if warned:
        Clock.objects.filter(pk__in=warned).update(warned_at=now, next_check_at=F("due_at"))
    for item in outcome[None]:
        Clock.objects.filter(pk=item.pk).update(next_check_at=item.next_check_at)
    HistoryEvent.objects.bulk_create(
        HistoryEvent(
            ticket_id=item.ticket_id,
            code=EventCode.SLA_BREACHED if kind == "breach" else EventCode.SLA_WARNING,
            data={"target": item.name, "cycle": item.cycle, "due": iso(item.due_at)},
            actor=None,
            channel=Channel.SYSTEM,
            created_at=now,
        )
        for kind in ("warning", "breach")
        for item in outcome[kind]
    )


def _check(item: Clock, now: datetime) -> str | None:
    """Raise what came due on ``item`` and move its ``next_check_at``; the kind raised."""
    kind = None
    if not item.is_running or item.due_at is None:
        item.next_check_at = None
        return None
    if item.breached_at is None and item.due_at <= now:
        # A warning that comes due together with its breach is folded into the breach.
        if item.warn_at is not None and item.warned_at is None:
            item.warned_at = now
        item.breached_at = now
        kind = "breach"
    elif (
        item.warned_at is None
        and item.breached_at is None
        and item.warn_at is not None
        and item.warn_at <= now
    ):
        item.warned_at = now
        kind = "warning"
    if item.warn_at is not None and item.warned_at is None and item.breached_at is None:
        item.next_check_at = item.warn_at
    elif item.breached_at is None:
        item.next_check_at = item.due_at
    else:
        item.next_check_at = None
    return kind


def sweep_until_done(now: datetime | None = None) -> int:
    """Sweep batch after batch until nothing is due (bounded); return the clocks handled."""
    now = now or clock.now()
    total = 0
    for _ in range(MAX_BATCHES):
        handled = sweep(now=now)
        total += handled
        if handled == 0:
            break
    return total
