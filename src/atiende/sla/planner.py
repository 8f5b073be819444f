"""Planning a ticket's SLA clocks (S1–S12, T3, C5).

The ticket actions call these functions explicitly, inside their own transaction and with the
ticket row locked (through :mod:`atiende.sla.hooks`); nothing here runs from a save hook or a
signal. Each function loads the ticket's clocks once, changes them in memory, writes them back
with their history events and the ticket's ``next_due_at``, and returns the warnings and
breaches it raised, for the hooks to announce.

Rules (see README.md):

* **Start.** A clock starts at ticket creation, on entering one of its ``start_states``, or when
  the previous target (by position) is met.
* **Meet.** By an agent's public reply (S9: the first one meets ``first_response``; for a
  recurring ``update`` target each reply meets the current cycle and starts the next, S8), by
  entering one of its ``meet_states``, or by resolution.
* **Pause (S12).** While the ticket is in one of the target's ``pause_states`` (default: the
  ``pending`` category) the clock is paused; resuming re-plans the due time from the start with
  every pause skipped (``Calendar.add(start, minutes, pauses)``).
* **Resolution.** Entering a resolved state meets the resolution targets and stops the clocks
  that were running and are not met by it (a reply is no longer owed); entering a closed state
  stops everything left. Reopening resumes what the resolution ended, the resolved period
  counting as a pause.
* **Re-plan (T3).** A change of priority (kind, plan…) chooses the policy again; clocks of
  targets kept by name take the new terms from their original start, the others stop, new
  targets are added. A history event says why.
* A clock found overdue when it pauses, is met or stops is breached then, unless the sweep
  already did: every breach is raised exactly once.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from atiende.sla.models import Clock, EndReason, MeetEvent, Policy, StartEvent, Target
from atiende.sla.policy import active_rules, channel_calendar_for, select_policy, targets_of
from atiende.tickets import history
from atiende.tickets.codes import EventCode, StateCategory
from atiende.tickets.models import HistoryEvent, State, Ticket

ENDED = (StateCategory.RESOLVED, StateCategory.CLOSED)
WRITABLE = [
    "target",
    "minutes",
    "warning_percent",
    "calendar",
    "channel_calendar",
    "started_at",
    "pauses",
    "paused_since",
    "pause_reason",
    "business_time_used",
    "warn_at",
    "due_at",
    "warned_at",
    "breached_at",
    "met_at",
    "stopped_at",
    "end_reason",
    "next_check_at",
]


@dataclass(frozen=True)
class Raised:
    """A warning or breach raised now; the hooks announce it once the rows are written."""

    kind: str  # "warning" or "breach"
    clock: Clock


def target_calendar(ticket: Ticket, target: Target):
    """The calendar a target runs on for ``ticket``: its own (None: 24×7), or for a target on
    the ``plan`` calendar, the calendar of the organisation's support plan (S2)."""
    if target.calendar_from_plan:
        from atiende.packs.runtime import plan_calendar

        return plan_calendar(ticket)
    return target.calendar


def target_minutes(ticket: Ticket, target: Target) -> Decimal | None:
    """The minutes of a target for ``ticket``: its own, or for a target by city class (S6)
    those of the city class of the ticket's site (the default without a site); None when that
    class has no fixed target (the clock is then never due)."""
    site = ticket.site if target.minutes_by_city_class else None
    return target.minutes_for(site.city_class if site is not None else None)


def matches(state: State, names) -> bool:
    """Whether ``state`` is named in ``names`` by its code or by its category."""
    return state.code in names or state.category in names


def iso(value: datetime | None) -> str | None:
    """An instant as ISO 8601 in UTC (how clocks and history store instants)."""
    return value.astimezone(UTC).isoformat() if value is not None else None


def plan(clock: Clock, now: datetime) -> None:
    """Recompute ``warn_at``, ``due_at`` and ``next_check_at`` of a running clock.

    Flags follow the plan in force: a warning or breach whose instant moved into the future
    (a re-plan gave more time) is cleared, so the sweep raises it again if it comes due.
    """
    if not clock.is_open:
        clock.next_check_at = None
        return
    if not clock.is_started or clock.is_paused:
        clock.warn_at = clock.due_at = clock.next_check_at = None
        return
    if clock.minutes is None:  # no fixed target (S6): measured, never due
        clock.warn_at = clock.due_at = clock.next_check_at = None
        clock.warned_at = clock.breached_at = None
        return
    calendar = clock.business_calendar()
    pauses = clock.pause_intervals()
    clock.due_at = calendar.add(clock.started_at, clock.minutes, pauses)
    clock.warn_at = None
    if 0 < clock.warning_percent < 100:
        share = Decimal(clock.minutes) * clock.warning_percent / 100
        clock.warn_at = calendar.add(clock.started_at, share, pauses)
    if clock.warned_at is not None and (clock.warn_at is None or clock.warn_at > now):
        clock.warned_at = None
    if clock.breached_at is not None and clock.due_at > now:
        clock.breached_at = None
    if clock.warn_at is not None and clock.warned_at is None and clock.breached_at is None:
        clock.next_check_at = clock.warn_at
    elif clock.breached_at is None:
        clock.next_check_at = clock.due_at
    else:
        clock.next_check_at = None


class _Work:
    """One ticket's clocks, changed in memory and written back together by :meth:`save`."""

    def __init__(self, ticket: Ticket, *, now: datetime, actor, channel: str, load: bool = True):
        self.ticket = ticket
        self.now = now
        self.actor = actor
        self.channel = channel
        self.clocks: list[Clock] = []
        if load:
            self.clocks = list(
                Clock.objects.filter(ticket=ticket)
                .select_related("target", "calendar", "channel_calendar")
                .order_by("position", "cycle")
            )
        for clock in self.clocks:
            clock.ticket = ticket
        self.loaded = {clock.pk: _snapshot(clock) for clock in self.clocks}
        self.raised: list[Raised] = []
        self.started: list[Clock] = []
        self.met: list[Clock] = []
        self.paused: list[Clock] = []
        self.resumed: list[Clock] = []
        self.stopped: list[Clock] = []
        self._periods: list | None = None

    # -- reading ------------------------------------------------------------------------------

    def open_clocks(self) -> list[Clock]:
        return [clock for clock in self.clocks if clock.is_open]

    def latest(self) -> dict[str, Clock]:
        """The last cycle of each target name."""
        result: dict[str, Clock] = {}
        for clock in self.clocks:
            if clock.name not in result or clock.cycle > result[clock.name].cycle:
                result[clock.name] = clock
        return result

    def previous_of(self, clock: Clock) -> Clock | None:
        earlier = [c for c in self.latest().values() if c.position < clock.position]
        return max(earlier, key=lambda c: c.position) if earlier else None

    # -- creating -----------------------------------------------------------------------------

    def add_clock(self, target: Target, channel_calendar, cycle: int = 1) -> Clock:
        clock = Clock(
            ticket=self.ticket,
            target=target,
            name=target.name,
            position=target.position,
            cycle=cycle,
            minutes=target_minutes(self.ticket, target),
            warning_percent=target.warning_percent,
            calendar=target_calendar(self.ticket, target),
            channel_calendar=channel_calendar,
        )
        self.clocks.append(clock)
        return clock

    def take_terms(self, clock: Clock, target: Target, channel_calendar) -> None:
        clock.target = target
        clock.position = target.position
        clock.minutes = target_minutes(self.ticket, target)
        clock.warning_percent = target.warning_percent
        clock.calendar = target_calendar(self.ticket, target)
        clock.channel_calendar = channel_calendar

    # -- transitions of one clock ---------------------------------------------------------------

    def start(self, clock: Clock, at: datetime) -> None:
        clock.started_at = at
        # S6: the site (and its city class) may have been set since the clock was added.
        clock.minutes = target_minutes(self.ticket, clock.target)
        if at < self.now:
            # Started in the past (re-plan): its pauses come from the state history.
            clock.pauses, clock.paused_since, clock.pause_reason = self.derived_pauses(clock, at)
        elif matches(self.ticket.state, clock.target.pause_states):
            clock.paused_since = at
            clock.pause_reason = self.ticket.state.code
        plan(clock, self.now)
        self.started.append(clock)

    def close_pause(self, clock: Clock) -> None:
        if clock.paused_since is None:
            return
        clock.pauses = [
            *clock.pauses,
            {"from": iso(clock.paused_since), "to": iso(self.now), "reason": clock.pause_reason},
        ]
        clock.paused_since = None
        clock.pause_reason = ""

    def breach_if_overdue(self, clock: Clock) -> None:
        if clock.due_at is not None and clock.due_at <= self.now and clock.breached_at is None:
            clock.breached_at = self.now
            history.record(
                self.ticket,
                EventCode.SLA_BREACHED,
                actor=None,
                channel=self.channel,
                at=self.now,
                target=clock.name,
                cycle=clock.cycle,
                due=iso(clock.due_at),
            )
            self.raised.append(Raised("breach", clock))

    def measure(self, clock: Clock) -> None:
        clock.business_time_used = clock.business_calendar().elapsed(
            clock.started_at, self.now, clock.pause_intervals()
        )

    def meet(self, clock: Clock, reason: str) -> None:
        self.close_pause(clock)
        plan(clock, self.now)
        self.breach_if_overdue(clock)
        self.measure(clock)
        clock.met_at = self.now
        clock.end_reason = reason
        clock.next_check_at = None
        self.met.append(clock)

    def stop(self, clock: Clock, reason: str) -> None:
        if clock.is_started:
            self.close_pause(clock)
            plan(clock, self.now)
            self.breach_if_overdue(clock)
            self.measure(clock)
        clock.stopped_at = self.now
        clock.end_reason = reason
        clock.next_check_at = None
        self.stopped.append(clock)

    def pause(self, clock: Clock, state: State) -> None:
        self.breach_if_overdue(clock)
        self.measure(clock)
        clock.paused_since = self.now
        clock.pause_reason = state.code
        plan(clock, self.now)
        self.paused.append(clock)

    def resume(self, clock: Clock) -> None:
        self.close_pause(clock)
        plan(clock, self.now)
        self.resumed.append(clock)

    def reopen(self, clock: Clock) -> None:
        """Resume a clock the resolution ended; the resolved period counts as a pause."""
        ended = clock.ended_at()
        if clock.is_started and ended is not None and ended < self.now:
            clock.pauses = [
                *clock.pauses,
                {"from": iso(ended), "to": iso(self.now), "reason": EndReason.RESOLUTION.value},
            ]
        clock.met_at = clock.stopped_at = None
        clock.end_reason = ""
        plan(clock, self.now)
        self.resumed.append(clock)

    def next_cycle(self, clock: Clock) -> None:
        follower = self.add_clock(clock.target, clock.channel_calendar, cycle=clock.cycle + 1)
        self.start(follower, self.now)

    def start_successors(self) -> None:
        """Start the clocks waiting for their previous target, now met."""
        progress = True
        while progress:
            progress = False
            for clock in self.open_clocks():
                if clock.is_started or clock.target.starts_on != StartEvent.PREVIOUS_MET:
                    continue
                previous = self.previous_of(clock)
                if previous is not None and previous.met_at is not None:
                    self.start(clock, previous.met_at)
                    progress = True

    def derived_pauses(self, clock: Clock, since: datetime):
        """Pauses of ``clock`` from ``since`` on, read from the ticket's state history."""
        if self._periods is None:
            self._periods = state_periods(self.ticket)
        pauses, paused_since, reason = [], None, ""
        for start, end, code, category in self._periods:
            if end is not None and end <= since:
                continue
            if code in clock.target.pause_states or category in clock.target.pause_states:
                begin = max(start, since)
                if end is None:
                    paused_since, reason = begin, code
                else:
                    pauses.append({"from": iso(begin), "to": iso(end), "reason": code})
        return pauses, paused_since, reason

    # -- writing ------------------------------------------------------------------------------

    def record(self, code: EventCode, clocks: list[Clock], **data) -> None:
        if clocks:
            names = [f"{c.name}#{c.cycle}" if c.target.recurring else c.name for c in clocks]
            if code == EventCode.SLA_STARTED:
                data.update(no_fixed_target(self.ticket, clocks))
            history.record(
                self.ticket,
                code,
                actor=self.actor,
                channel=self.channel,
                at=self.now,
                targets=", ".join(names),
                names=[c.name for c in clocks],
                **data,
            )

    def save(self, *, policy_changed: bool = False) -> list[Raised]:
        new = [clock for clock in self.clocks if clock.pk is None]
        old = [
            clock
            for clock in self.clocks
            if clock.pk is not None and self.loaded.get(clock.pk) != _snapshot(clock)
        ]
        if new:
            Clock.objects.bulk_create(new)
        if old:
            Clock.objects.bulk_update(old, WRITABLE)
        late = [c.name for c in self.met if c.breached_at is not None]
        self.record(EventCode.SLA_MET, self.met, late=late)
        self.record(EventCode.SLA_STOPPED, self.stopped)
        by_reason: dict[str, list[Clock]] = {}
        for clock in self.paused:
            by_reason.setdefault(clock.pause_reason, []).append(clock)
        for state, clocks in by_reason.items():
            self.record(EventCode.SLA_PAUSED, clocks, state=state)
        self.record(EventCode.SLA_RESUMED, self.resumed)
        due = [c.due_at for c in self.clocks if c.is_running and c.due_at is not None]
        next_due = min(due, default=None)
        if policy_changed or next_due != self.ticket.next_due_at:
            self.ticket.next_due_at = next_due
            Ticket.objects.filter(pk=self.ticket.pk).update(
                next_due_at=next_due, sla_policy=self.ticket.sla_policy
            )
        return self.raised


def no_fixed_target(ticket: Ticket, clocks: list[Clock]) -> dict:
    """History data naming the started clocks that have no fixed target (S6: the site's city
    class has none), ``{"no_fixed_target": ["travel"], "city_class": "remote"}``; empty when
    every clock has one."""
    names = [c.name for c in clocks if c.is_started and c.minutes is None]
    if not names:
        return {}
    site = ticket.site
    return {"no_fixed_target": names, "city_class": site.city_class if site else None}


def _snapshot(clock: Clock) -> tuple:
    return tuple(getattr(clock, Clock._meta.get_field(name).attname) for name in WRITABLE)


def state_periods(ticket: Ticket) -> list[tuple[datetime, datetime | None, str, str]]:
    """``(from, to, state code, category)`` for each stay of the ticket in a state."""
    events = list(
        HistoryEvent.objects.filter(ticket=ticket, code=EventCode.STATE_CHANGED)
        .order_by("created_at", "id")
        .values_list("created_at", "data")
    )
    categories = dict(
        State.objects.filter(workflow_id=ticket.workflow_id).values_list("code", "category")
    )
    code = events[0][1].get("old") if events else ticket.state.code
    start = ticket.created_at
    periods = []
    for at, data in events:
        periods.append((start, at, code, categories.get(code, "")))
        start, code = at, data.get("new")
    periods.append((start, None, code, categories.get(code, "")))
    return periods


# --- what the ticket actions call ----------------------------------------------------------


def plan_new_ticket(ticket: Ticket, *, now: datetime, actor, channel: str) -> list[Raised]:
    """Choose the policy of a ticket just opened and start its clocks.

    A ticket no rule matches gets no policy; when the desk has rules at all, that is recorded
    (``sla.no_policy``) so that the gap in the configuration shows on the ticket.
    """
    rules = active_rules(ticket.pack_id)
    policy = select_policy(ticket, rules)
    ticket.sla_policy = policy
    work = _Work(ticket, now=now, actor=actor, channel=channel, load=False)
    if policy is None:
        if rules:
            history.record(ticket, EventCode.SLA_NO_POLICY, actor=actor, channel=channel, at=now)
        return []
    channel_calendar = channel_calendar_for(policy, ticket.channel)
    for target in targets_of(policy):
        work.add_clock(target, channel_calendar)
    for clock in work.clocks:
        target = clock.target
        if target.starts_on == StartEvent.CREATED:
            work.start(clock, ticket.created_at)
        elif target.starts_on == StartEvent.STATE and matches(ticket.state, target.start_states):
            work.start(clock, now)
    history.record(
        ticket,
        EventCode.SLA_PLANNED,
        actor=actor,
        channel=channel,
        at=now,
        policy=policy.slug,
        due={clock.name: iso(clock.due_at) for clock in work.clocks},
        **no_fixed_target(ticket, work.clocks),
    )
    return work.save(policy_changed=True)


def on_public_reply(
    ticket: Ticket, *, by_agent: bool, now: datetime, actor, channel: str
) -> list[Raised]:
    """An agent's public reply meets first response (S9) and the current update cycle (S8)."""
    if not by_agent or ticket.sla_policy_id is None:
        return []
    work = _Work(ticket, now=now, actor=actor, channel=channel)
    for clock in work.open_clocks():
        if clock.is_started and clock.target.meets_on == MeetEvent.AGENT_REPLY:
            work.meet(clock, EndReason.AGENT_REPLY)
            if clock.target.recurring and ticket.state.category not in ENDED:
                work.next_cycle(clock)
    work.start_successors()
    work.record(EventCode.SLA_STARTED, [c for c in work.started if c.cycle == 1])
    return work.save()


def on_state_entered(
    ticket: Ticket, *, old: State, new: State, now: datetime, actor, channel: str
) -> list[Raised]:
    """Meet, stop, start, pause and resume clocks for the ticket's new state (S12)."""
    if ticket.sla_policy_id is None:
        return []
    work = _Work(ticket, now=now, actor=actor, channel=channel)
    ending = new.category in ENDED
    if old.category in ENDED and not ending:
        for clock in work.latest().values():
            if not clock.is_open and clock.end_reason == EndReason.RESOLUTION:
                work.reopen(clock)
    running = [c for c in work.open_clocks() if c.is_started]
    for clock in running:
        target = clock.target
        if target.meets_on == MeetEvent.STATE and matches(new, target.meet_states):
            work.meet(clock, EndReason.STATE)
        elif target.meets_on == MeetEvent.RESOLUTION and ending:
            work.meet(clock, EndReason.RESOLUTION)
    if new.category == StateCategory.CLOSED:
        for clock in work.open_clocks():
            work.stop(clock, EndReason.RESOLUTION)
    elif new.category == StateCategory.RESOLVED:
        for clock in running:
            if clock.is_open:
                work.stop(clock, EndReason.RESOLUTION)
    for clock in work.open_clocks():
        target = clock.target
        starts = target.starts_on == StartEvent.STATE and matches(new, target.start_states)
        if starts and not clock.is_started:
            work.start(clock, now)
    work.start_successors()
    for clock in work.open_clocks():
        if not clock.is_started or clock in work.started:
            continue
        should_pause = matches(new, clock.target.pause_states)
        if should_pause and not clock.is_paused:
            work.pause(clock, new)
        elif not should_pause and clock.is_paused:
            work.resume(clock)
    work.record(EventCode.SLA_STARTED, work.started)
    return work.save()


def replan(
    ticket: Ticket, *, reason: str, now: datetime, actor, channel: str, **details
) -> list[Raised]:
    """Choose the policy again after ``reason`` (``priority``, ``kind``, ``plan``…) changed (T3).

    Targets kept by name take the new terms from their original start (with their pauses);
    targets the new policy lacks stop; new targets start as if planned from the beginning.
    Writes ``sla.replanned`` when the policy or a due time changed.
    """
    old_policy: Policy | None = ticket.sla_policy
    new_policy = select_policy(ticket)
    work = _Work(ticket, now=now, actor=actor, channel=channel)
    before = {name: clock.due_at for name, clock in work.latest().items() if clock.is_open}
    latest = work.latest()
    keep: set[str] = set()
    if new_policy is not None:
        channel_calendar = channel_calendar_for(new_policy, ticket.channel)
        for target in targets_of(new_policy):
            keep.add(target.name)
            clock = latest.get(target.name)
            if clock is None:
                _add_replanned(work, target, channel_calendar)
                continue
            if clock.stopped_at is not None and clock.end_reason == EndReason.REPLANNED:
                clock.stopped_at = None
                clock.end_reason = ""
            if clock.is_open:
                work.take_terms(clock, target, channel_calendar)
                plan(clock, now)
    for clock in work.open_clocks():
        if clock.name not in keep:
            work.stop(clock, EndReason.REPLANNED)
    work.start_successors()
    ticket.sla_policy = new_policy
    after = {name: clock.due_at for name, clock in work.latest().items() if clock.is_open}
    changes = [
        {"target": name, "old_due": iso(before.get(name)), "new_due": iso(after.get(name))}
        for name, clock in work.latest().items()
        if before.get(name) != after.get(name)
    ]
    policy_changed = (old_policy.pk if old_policy else None) != (
        new_policy.pk if new_policy else None
    )
    if policy_changed or changes:
        history.record(
            ticket,
            EventCode.SLA_REPLANNED,
            actor=actor,
            channel=channel,
            at=now,
            reason=reason,
            old_policy=old_policy.slug if old_policy else None,
            new_policy=new_policy.slug if new_policy else None,
            changes=changes,
            **details,
        )
    if policy_changed and new_policy is None:
        history.record(ticket, EventCode.SLA_NO_POLICY, actor=actor, channel=channel, at=now)
    return work.save(policy_changed=policy_changed)


def _add_replanned(work: _Work, target: Target, channel_calendar) -> None:
    """A target new to the ticket at a re-plan: planned as if it applied from the start."""
    ticket = work.ticket
    clock = work.add_clock(target, channel_calendar)
    if ticket.state.category in ENDED:
        clock.stopped_at = work.now
        clock.end_reason = EndReason.RESOLUTION
        return
    if target.recurring:
        work.start(clock, work.now)
    elif target.starts_on == StartEvent.CREATED:
        work.start(clock, ticket.created_at)
    elif target.starts_on == StartEvent.STATE and matches(ticket.state, target.start_states):
        work._periods = work._periods or state_periods(ticket)
        work.start(clock, work._periods[-1][0])
    if (
        clock.is_open
        and clock.is_started
        and not target.recurring
        and target.meets_on == MeetEvent.AGENT_REPLY
        and ticket.first_response_at is not None
        and ticket.first_response_at >= clock.started_at
    ):
        # Already answered (S9): met at the first response, late if that was after the due.
        clock.paused_since = None
        clock.pause_reason = ""
        plan(clock, work.now)
        clock.met_at = ticket.first_response_at
        clock.end_reason = EndReason.AGENT_REPLY
        if clock.due_at is not None and clock.due_at < clock.met_at:
            clock.breached_at = clock.met_at
        clock.business_time_used = clock.business_calendar().elapsed(
            clock.started_at, clock.met_at, clock.pause_intervals()
        )
        clock.next_check_at = None
