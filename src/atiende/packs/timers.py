"""Timed workflow transitions (T4): e.g. WeKall's resolved → closed 48 hours after resolution.

A transition with trigger ``timer`` is taken once the ticket has spent ``after_minutes`` (real
time) in its source state (``Ticket.state_entered_at``). :func:`apply_due` is run every minute
by the ``packs.timers`` periodic job; each ticket is moved by
:func:`atiende.tickets.actions.apply_timer` in its own transaction with the ticket locked and
the condition read again under the lock, so two workers never move a ticket twice. On
PostgreSQL the candidates are read with ``SKIP LOCKED``: a ticket another worker (or an agent)
holds is taken on the next run.
"""

from datetime import datetime, timedelta

from django.db import connection, transaction

from atiende.tickets.models import Ticket, Transition, Trigger

BATCH = 500


def timer_transitions() -> list[Transition]:
    return list(
        Transition.objects.filter(trigger=Trigger.TIMER, after_minutes__isnull=False)
        .select_related("source", "target")
        .order_by("after_minutes", "id")
    )


def due_ticket_ids(transition: Transition, now: datetime, limit: int = BATCH) -> list[int]:
    cutoff = now - timedelta(minutes=float(transition.after_minutes))
    return list(
        Ticket.objects.filter(
            state_id=transition.source_id,
            state_entered_at__lte=cutoff,
            merged_into__isnull=True,
        )
        .order_by("state_entered_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def apply_one(pk: int, transition: Transition, now: datetime) -> bool:
    """Move ticket ``pk`` along ``transition`` if still due; whether it moved."""
    from atiende.tickets import actions

    with transaction.atomic():
        rows = Ticket.objects.filter(pk=pk, state_id=transition.source_id)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        ticket = rows.first()
        if ticket is None:  # moved meanwhile, or held by another worker
            return False
        return actions.apply_timer(ticket, transition=transition, now=now) is not None


def apply_due(now: datetime, limit: int = BATCH) -> int:
    """Take every timed transition that came due; return how many tickets moved."""
    moved = 0
    for transition in timer_transitions():
        for pk in due_ticket_ids(transition, now, limit):
            if apply_one(pk, transition, now):
                moved += 1
    return moved
