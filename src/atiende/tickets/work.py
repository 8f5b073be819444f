"""Desk work on a ticket beyond the conversation: functional escalation to the next tier
(E1), logged phone calls (C2, C6) and time entries (T12).

Same contract as :mod:`atiende.tickets.actions`: one transaction each, history inside
(T14), ``expected_version`` refuses a change made meanwhile, nothing written when refused.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from atiende import clock
from atiende.accounts.models import SupportGroup, Tier, User
from atiende.core.errors import ActionError
from atiende.tickets import history, search
from atiende.tickets.actions import (
    _locked,
    _refuse_if_finished,
    _refuse_if_merged,
    _require,
    _require_agent,
    _touch,
)
from atiende.tickets.codes import CallDirection, CallOutcome, Channel, EventCode, MessageKind
from atiende.tickets.models import Message, PhoneCall, Ticket, TimeEntry

REASON_MAX = 500
#: Tiers in escalation order when the pack names no functional order.
TIER_ORDER = (Tier.LEVEL1, Tier.LEVEL2, Tier.SPECIALISED)
CALL_MAX_SECONDS = 24 * 3600
TIME_ENTRY_MAX_MINUTES = 24 * 60


# --- functional escalation (E1) ------------------------------------------------------------


def escalation_order(ticket: Ticket) -> list[SupportGroup]:
    """The groups a ticket moves through, first to last (one query): the pack's
    ``escalation.functional`` order, else one active group per tier (level 1 → level 2 →
    specialised) of the ticket's pack: the ticket's own group in its tier, the first by name
    in the others."""
    groups = list(
        SupportGroup.objects.filter(is_active=True, pack_id=ticket.pack_id).order_by("name", "pk")
    )
    spec = (ticket.pack.spec or {}) if ticket.pack_id else {}
    names = list((spec.get("escalation") or {}).get("functional") or [])
    if names:
        by_slug = {group.slug: group for group in groups}
        return [by_slug[name] for name in names if name in by_slug]
    by_tier = {}
    for group in groups:
        # Per tier the ticket's own group, else the tier's first by name.
        if group.tier not in by_tier or group.pk == ticket.group_id:
            by_tier[group.tier] = group
    return [by_tier[tier] for tier in TIER_ORDER if tier in by_tier]


def next_tier(ticket: Ticket, order: list[SupportGroup] | None = None) -> SupportGroup | None:
    """The group an escalation would move ``ticket`` to now (None: there is none)."""
    order = escalation_order(ticket) if order is None else order
    if not order:
        return None
    ids = [group.pk for group in order]
    if ticket.group_id is None:
        # No group yet: the ticket is at the first level, it goes to the second.
        return order[1] if len(order) > 1 else None
    if ticket.group_id not in ids:
        return None
    position = ids.index(ticket.group_id)
    return order[position + 1] if position + 1 < len(order) else None


def escalate(
    ticket: Ticket,
    *,
    actor: User | None,
    channel: str,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Move the ticket to the next support tier (E1). The group changes and the agent is
    cleared (the next tier picks it up); the SLA clocks keep running — an escalation is not a
    new start — and the history names both groups and the reason."""
    now = now or clock.now()
    _require_agent(actor)
    reason = " ".join(reason.split())
    _require(
        bool(reason),
        _("Say why the ticket goes to the next tier: what was tried, what is needed."),
        code="required",
        field="reason",
    )
    _require(
        len(reason) <= REASON_MAX,
        _("The reason is longer than %(max)s characters: shorten it.") % {"max": REASON_MAX},
        code="too_long",
        field="reason",
    )
    with transaction.atomic():
        ticket = _locked(ticket, expected_version)
        _refuse_if_finished(ticket)
        old_group = ticket.group
        target = next_tier(ticket)
        if target is None:
            order = escalation_order(ticket)
            if not order:
                message = _(
                    "No escalation order is configured for this ticket: assign a group instead."
                )
            elif old_group is not None and old_group.pk not in [g.pk for g in order]:
                message = _(
                    "Group %(group)s is not part of the escalation order (%(order)s): assign a "
                    "group instead."
                ) % {"group": old_group.name, "order": " → ".join(g.name for g in order)}
            else:
                message = _(
                    "The ticket is already with the last tier (%(group)s): there is no next one."
                ) % {"group": order[-1].name}
            raise ActionError(message, code="no_next_tier", field="reason")
        old_assignee = ticket.assignee
        ticket.group = target
        ticket.assignee = None
        history.record(
            ticket,
            EventCode.ESCALATED,
            actor=actor,
            channel=channel,
            at=now,
            old_group=old_group.slug if old_group else None,
            new_group=target.slug,
            old_group_name=old_group.name if old_group else None,
            new_group_name=target.name,
            old_assignee=old_assignee.username if old_assignee else None,
            tier=target.tier,
            reason=reason,
        )
        _touch(ticket, now, ["group", "assignee"])
    return ticket


# --- phone calls (C2, C6) ------------------------------------------------------------------


def log_phone_call(
    ticket: Ticket,
    *,
    actor: User | None,
    channel: str,
    direction: str,
    outcome: str,
    duration_seconds: int,
    notes: str = "",
    called_at: datetime | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> PhoneCall:
    """Record a call with the customer; it becomes an internal message (channel phone) on
    the ticket, with the notes as its text."""
    now = now or clock.now()
    called_at = called_at or now
    _require_agent(actor)
    _require(
        direction in CallDirection.values,
        _("Say whether the call came in or went out."),
        code="invalid_direction",
        field="direction",
    )
    _require(
        outcome in CallOutcome.values,
        _("Say whether the call was answered or lost."),
        code="invalid_outcome",
        field="outcome",
    )
    _require(
        0 <= duration_seconds <= CALL_MAX_SECONDS,
        _("The duration must be between 0 and 24 hours."),
        code="invalid_duration",
        field="duration",
    )
    _require(
        outcome == CallOutcome.LOST or bool(notes.strip()),
        _("Write what was said on the call."),
        code="required",
        field="notes",
    )
    _require(
        called_at <= now,
        _("The call time is in the future: give the time the call took place."),
        code="call_in_future",
        field="called_at",
    )
    with transaction.atomic():
        ticket = _locked(ticket, expected_version)
        _refuse_if_merged(ticket)
        message = Message.objects.create(
            ticket=ticket,
            kind=MessageKind.INTERNAL,
            author=actor,
            channel=Channel.PHONE,
            text=notes.strip(),
            created_at=called_at,
        )
        call = PhoneCall.objects.create(
            ticket=ticket,
            message=message,
            direction=direction,
            outcome=outcome,
            duration_seconds=duration_seconds,
            notes=notes.strip(),
            agent=actor,
            called_at=called_at,
        )
        search.index_ticket(ticket)  # the call's notes are searchable (tickets/search.py)
        history.record(
            ticket,
            EventCode.PHONE_CALL,
            actor=actor,
            channel=channel,
            at=now,
            call=call.pk,
            message=message.pk,
            direction=direction,
            outcome=outcome,
            seconds=duration_seconds,
        )
        _touch(ticket, now, [])
    return call


# --- time entries (T12) --------------------------------------------------------------------


def add_time_entry(
    ticket: Ticket,
    *,
    actor: User,
    channel: str,
    minutes: int,
    note: str = "",
    billable: bool = False,
    worked_at: datetime | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> TimeEntry:
    """Time ``actor`` worked on the ticket."""
    now = now or clock.now()
    _require(
        actor is not None and actor.is_agent,
        _("Only support staff may do this."),
        code="agents_only",
    )
    _require(
        isinstance(minutes, int) and 1 <= minutes <= TIME_ENTRY_MAX_MINUTES,
        _("Give the time worked in minutes, from 1 to %(max)s.") % {"max": TIME_ENTRY_MAX_MINUTES},
        code="invalid_minutes",
        field="minutes",
    )
    note = note.strip()
    _require(
        len(note) <= 500,
        _("The note is longer than %(max)s characters: shorten it.") % {"max": 500},
        code="too_long",
        field="note",
    )
    worked_at = worked_at or now
    _require(
        worked_at <= now,
        _("The work date is in the future: give the time the work was done."),
        code="work_in_future",
        field="worked_at",
    )
    with transaction.atomic():
        ticket = _locked(ticket, expected_version)
        _refuse_if_merged(ticket)
        entry = TimeEntry.objects.create(
            ticket=ticket,
            user=actor,
            minutes=minutes,
            note=note,
            billable=billable,
            worked_at=worked_at,
            created_at=now,
        )
        history.record(
            ticket,
            EventCode.TIME_LOGGED,
            actor=actor,
            channel=channel,
            at=now,
            entry=entry.pk,
            minutes=minutes,
            billable=billable,
        )
        _touch(ticket, now, [])
    return entry
