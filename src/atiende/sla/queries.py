"""Reading SLA state for the ticket page, lists and explanations (S3, S10, S12).

The caller has already obtained the ticket through ``access_ticket_for`` (or filtered a list
through ``tickets_visible_to``): these functions never widen what a user can see.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from atiende import clock as clock_module
from atiende.businesstime import Step
from atiende.core.errors import ActionError
from atiende.sla.models import Clock, ClockState
from atiende.tickets.models import Ticket

SLA_FILTERS = ("breached", "at_risk")


@dataclass(frozen=True)
class ClockView:
    """One SLA clock as shown on a ticket, times in the viewer's zone."""

    name: str
    cycle: int
    recurring: bool
    state: str  # a ClockState value: waiting, running, paused, met, breached, stopped
    started_at: datetime | None
    due_at: datetime | None  # None while paused or not started
    met_at: datetime | None
    # Business seconds left before the due time; negative once overdue. While paused: what
    # is left when it resumes. None when met, stopped or not started.
    remaining_seconds: float | None
    warned: bool
    breached: bool
    paused: bool
    paused_since: datetime | None
    # Running and past its warning time, not yet due (the ``at_risk`` list filter's test).
    at_risk: bool = False


def _zone(viewer) -> ZoneInfo:
    name = getattr(viewer, "time_zone", "") or settings.TIME_ZONE
    return ZoneInfo(name)


def _local(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    return value.astimezone(zone) if value is not None else None


def remaining(clock: Clock, now: datetime) -> timedelta | None:
    """Business time left on a clock (negative when overdue), or None when not counting."""
    if not clock.is_open or not clock.is_started or clock.minutes is None:
        return None  # None minutes: no fixed target (S6), nothing is owed by a time
    total = timedelta(seconds=float(clock.minutes) * 60)
    if clock.is_paused:
        return total - clock.business_time_used
    calendar = clock.business_calendar()
    if clock.due_at >= now:
        return calendar.elapsed(now, clock.due_at)
    return -calendar.elapsed(clock.due_at, now)


def ticket_clocks(ticket_id: int) -> QuerySet[Clock]:
    """The query :func:`clocks_for` reads: the ticket's clocks with their target and
    calendars (joined, not fetched per clock), in target order."""
    return (
        Clock.objects.filter(ticket_id=ticket_id)
        .select_related("target", "calendar", "channel_calendar")
        .order_by("position", "name", "cycle")
    )


def clocks_for(
    ticket: Ticket, viewer, *, now: datetime | None = None, read=None
) -> list[ClockView]:
    """The ticket's clocks in target order; of a recurring target only its latest cycle.

    One query whatever the number of clocks. ``read``: a callable giving the rows of
    ``ticket_clocks(ticket.pk)`` (for a caller that runs that query its own way).
    """
    now = now or clock_module.now()
    zone = _zone(viewer)
    clocks = read() if read is not None else list(ticket_clocks(ticket.pk))
    latest: dict[str, Clock] = {}
    for item in clocks:
        latest[item.name] = item  # ordered by cycle: the last one wins
    return [_view(item, now, zone) for item in latest.values()]


def _view(item: Clock, now: datetime, zone: ZoneInfo) -> ClockView:
    left = remaining(item, now)
    overdue = item.is_running and item.due_at is not None and item.due_at <= now
    return ClockView(
        name=item.name,
        cycle=item.cycle,
        recurring=item.target.recurring,
        state=item.state(now).value,
        started_at=_local(item.started_at, zone),
        due_at=_local(item.due_at, zone),
        met_at=_local(item.met_at, zone),
        remaining_seconds=left.total_seconds() if left is not None else None,
        warned=item.warned_at is not None,
        breached=item.breached_at is not None or overdue,
        paused=item.is_paused,
        paused_since=_local(item.paused_since, zone),
        at_risk=item.is_running
        and item.breached_at is None
        and not overdue
        and item.warn_at is not None
        and item.warn_at <= now,
    )


def has_sla(ticket: Ticket) -> bool:
    """False when no policy applies to the ticket ("no SLA")."""
    return ticket.sla_policy_id is not None


def _open_clocks():
    return Clock.objects.filter(ticket=OuterRef("pk"), met_at__isnull=True, stopped_at__isnull=True)


def filter_tickets_by_sla(
    queryset: QuerySet[Ticket], which: str, *, now: datetime | None = None
) -> QuerySet[Ticket]:
    """Tickets with a breached clock, or with a clock at risk (past its warning threshold).

    ``breached``: a clock missed its due time (flagged by the sweep, or running past due).
    ``at_risk``: a running clock past its warning time and not yet due.
    """
    now = now or clock_module.now()
    if which == "breached":
        condition = Exists(
            Clock.objects.filter(ticket=OuterRef("pk"), breached_at__isnull=False)
        ) | Exists(_open_clocks().filter(paused_since__isnull=True, due_at__lte=now))
    elif which == "at_risk":
        condition = Exists(
            _open_clocks().filter(
                paused_since__isnull=True,
                breached_at__isnull=True,
                warn_at__lte=now,
                due_at__gt=now,
            )
        )
    else:
        raise ActionError(
            _("Unknown SLA filter %(value)s: use breached or at_risk.") % {"value": which},
            code="invalid_filter",
            field="sla",
        )
    return queryset.filter(condition)


def order_by_next_due(queryset: QuerySet[Ticket], *, descending: bool = False) -> QuerySet:
    """Sort by the earliest running due time (``next_due_at``); tickets without one last."""
    key = (
        F("next_due_at").desc(nulls_last=True)
        if descending
        else F("next_due_at").asc(nulls_last=True)
    )
    return queryset.order_by(key, "-id")


def tickets_due_before(queryset: QuerySet[Ticket], moment: datetime) -> QuerySet[Ticket]:
    """Tickets with a running clock due at or before ``moment`` (uses the indexed column)."""
    return queryset.filter(Q(next_due_at__isnull=False) & Q(next_due_at__lte=moment))


def explain_clock(
    ticket: Ticket, name: str, *, language: str, cycle: int | None = None
) -> list[Step]:
    """Why a clock's due time is what it is: counted and skipped stretches, pauses included
    (S12: pause and resume are visible in the explanation). Empty when not started."""
    clocks = Clock.objects.filter(ticket_id=ticket.pk, name=name).select_related(
        "calendar", "channel_calendar"
    )
    item = clocks.filter(cycle=cycle).first() if cycle else clocks.order_by("-cycle").first()
    if item is None:
        raise ActionError(
            _("This ticket has no SLA target %(name)s.") % {"name": name},
            code="unknown_target",
            field="name",
        )
    if not item.is_started or item.minutes is None:
        return []
    pauses = item.pause_intervals()
    if item.paused_since is not None:
        pauses.append((item.paused_since, clock_module.now()))
    return item.business_calendar().explain(
        item.started_at, item.minutes, pauses, language=language
    )


# --- appended for the API, the desk and the portal -----------------------------------------

# What a customer may read of its ticket's service levels: when the first response and the
# resolution are due, without warnings or breaches (decision in api/README.md).
CUSTOMER_TARGETS = ("first_response", "resolution")


def clocks_visible_to(
    user, ticket: Ticket, *, now: datetime | None = None, read=None
) -> list[ClockView]:
    """The ticket's clocks as ``user`` may read them; no policy ("no SLA"): an empty list.

    Staff read every clock (:func:`clocks_for`). Customers read the first response and the
    resolution only, with nothing about warnings or breaches: a clock past its due time still
    reads ``running`` (its due time says the rest), no remaining time, and ``warned``,
    ``breached`` and ``at_risk`` are False. One query (none without a policy); ``read`` as
    for :func:`clocks_for`.
    """
    if not has_sla(ticket):
        return []
    views = clocks_for(ticket, user, now=now, read=read)
    if user.is_agent:
        return views
    return [
        replace(
            view,
            state=ClockState.RUNNING.value if view.state == ClockState.BREACHED else view.state,
            remaining_seconds=None,
            warned=False,
            breached=False,
            at_risk=False,
        )
        for view in views
        if view.name in CUSTOMER_TARGETS
    ]


def tickets_clocks(ticket_ids: list[int], *, open_only: bool = False) -> QuerySet[Clock]:
    """The query :func:`clocks_for_tickets` reads: the clocks of several tickets with their
    target and calendars, by ticket and target order (``open_only``: not met nor stopped)."""
    clocks = Clock.objects.filter(ticket_id__in=ticket_ids)
    if open_only:
        clocks = clocks.filter(met_at__isnull=True, stopped_at__isnull=True)
    return clocks.select_related("target", "calendar", "channel_calendar").order_by(
        "ticket_id", "position", "name", "cycle"
    )


def clocks_for_tickets(
    tickets, viewer, *, now: datetime | None = None, open_only: bool = False, read=None
) -> dict[int, list[ClockView]]:
    """The clocks of several tickets (a list page) in one query: ticket id → the views
    :func:`clocks_for` gives for that ticket. Tickets without a policy get an empty list (and
    no query is made when none has one). ``open_only`` leaves out met and stopped clocks: what
    a list shows is what still runs. ``read``: a callable giving, for a list of ticket ids,
    the rows of ``tickets_clocks(ids, open_only=open_only)`` (a caller's own way to run it)."""
    now = now or clock_module.now()
    zone = _zone(viewer)
    result: dict[int, list[ClockView]] = {ticket.pk: [] for ticket in tickets}
    ids = [ticket.pk for ticket in tickets if has_sla(ticket)]
    if not ids:
        return result
    rows = read(ids) if read is not None else tickets_clocks(ids, open_only=open_only)
    latest: dict[tuple[int, str], Clock] = {}
    for item in rows:
        latest[(item.ticket_id, item.name)] = item  # ordered by cycle: the last one wins
    for (ticket_id, _name), item in latest.items():
        result[ticket_id].append(_view(item, now, zone))
    return result


def tickets_after_in_due_order(
    queryset: QuerySet[Ticket], due_at: datetime | None, ticket_id: int
) -> QuerySet[Ticket]:
    """The tickets that follow the position (``due_at``, ``ticket_id``) in the order of
    :func:`order_by_next_due` (earliest due time first, tickets without one last, then newest
    first): the keyset of the next page."""
    if due_at is None:
        return queryset.filter(next_due_at__isnull=True, pk__lt=ticket_id)
    return queryset.filter(
        Q(next_due_at__gt=due_at)
        | Q(next_due_at=due_at, pk__lt=ticket_id)
        | Q(next_due_at__isnull=True)
    )


def tickets_before_in_due_order(
    queryset: QuerySet[Ticket], due_at: datetime | None, ticket_id: int
) -> QuerySet[Ticket]:
    """The tickets that precede the position (``due_at``, ``ticket_id``) in the order of
    :func:`order_by_next_due`, nearest first (the exact reverse order): the keyset of the
    previous page."""
    if due_at is None:
        before = Q(next_due_at__isnull=False) | Q(pk__gt=ticket_id)
    else:
        before = Q(next_due_at__lt=due_at) | Q(next_due_at=due_at, pk__gt=ticket_id)
    return queryset.filter(before).order_by(F("next_due_at").desc(nulls_first=True), "id")
