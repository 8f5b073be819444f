"""The SLA's two explicit seams.

**Inbound**: the ticket actions call these functions, one line each, inside their transaction
with the ticket locked (STYLE rule 6: recomputation is an explicit call, never a save hook).

**Outbound**: ``on_warning`` and ``on_breach`` are lists of callables ``fn(clock, *, now)``
called inside the transaction that raised the warning or breach, after its rows are written
(escalation and notifications register here; S10, E2). Each warning and breach is announced
exactly once. A callable that raises rolls the whole transaction back: the sweep retries it a
minute later, so callables must only write rows (an outbox) and never fail on data.
"""

from collections.abc import Callable
from datetime import datetime

from atiende.sla import planner
from atiende.sla.models import Clock

Hook = Callable[..., None]

on_warning: list[Hook] = []
on_breach: list[Hook] = []


def announce(raised: list[planner.Raised], *, now: datetime) -> None:
    """Call the registered callables for each warning and breach raised."""
    for item in raised:
        emit(item.kind, item.clock, now=now)


def emit(kind: str, clock: Clock, *, now: datetime) -> None:
    for hook in list(on_warning if kind == "warning" else on_breach):
        hook(clock, now=now)


# --- called by atiende.tickets.actions -------------------------------------------------------


def ticket_opened(ticket, *, now: datetime, actor, channel: str) -> None:
    """Choose the policy and start the clocks (S1–S7, C5)."""
    announce(planner.plan_new_ticket(ticket, now=now, actor=actor, channel=channel), now=now)


def public_reply(ticket, *, by_agent: bool, now: datetime, actor, channel: str) -> None:
    """A public reply: an agent's meets first response (S9) and the update cycle (S8)."""
    raised = planner.on_public_reply(
        ticket, by_agent=by_agent, now=now, actor=actor, channel=channel
    )
    announce(raised, now=now)


def state_entered(ticket, *, old, new, now: datetime, actor, channel: str) -> None:
    """The ticket entered state ``new``: meet, stop, start, pause or resume clocks (S12)."""
    raised = planner.on_state_entered(
        ticket, old=old, new=new, now=now, actor=actor, channel=channel
    )
    announce(raised, now=now)


def ticket_changed(ticket, *, reason: str, now: datetime, actor, channel: str, **details) -> None:
    """Something the policy depends on changed (``priority``, ``kind``, ``plan``): re-plan (T3)."""
    raised = planner.replan(ticket, reason=reason, now=now, actor=actor, channel=channel, **details)
    announce(raised, now=now)
