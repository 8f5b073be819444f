"""What a customer does to its own ticket besides replying: ask for an escalation (E3), confirm
the solution or say it still fails (T4).

Each is one transaction with its history row (T14), like the actions of
:mod:`atiende.tickets.actions`; the caller has already checked with
``tickets.access.access_ticket_for`` that the ticket is the customer's to see.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from atiende import clock
from atiende.core.errors import ActionError
from atiende.tickets import actions, history
from atiende.tickets.attachments import Upload
from atiende.tickets.codes import Channel, EventCode, StateCategory
from atiende.tickets.models import Message, Ticket, Transition, Trigger

REASON_MAX = 2000
# The reason a state change records when the customer confirms or refuses the solution.
CONFIRMED = "customer_confirmed"
STILL_FAILING = "customer_still_failing"
OPEN_CATEGORIES = (StateCategory.NEW, StateCategory.OPEN, StateCategory.PENDING)


def _customer(actor) -> None:
    if actor is None or not actor.is_customer:
        raise ActionError(
            _("Only the customer who reported the ticket can do this."), code="customers_only"
        )


def request_escalation(
    ticket: Ticket,
    *,
    actor,
    reason: str,
    channel: str = Channel.PORTAL,
    now: datetime | None = None,
) -> Ticket:
    """E3: the customer asks for its ticket to be escalated, saying why.

    Allowed while the ticket is open (not resolved, closed or merged). Recorded in the history
    (``ticket.escalation_requested`` with the reason and whether a target was already past
    due), which agents read on the desk; it changes no assignment: the desk decides.
    """
    now = now or clock.now()
    _customer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(
            _("Say why the ticket should be escalated: what is pending and how it affects you."),
            code="required",
            field="reason",
        )
    if len(reason) > REASON_MAX:
        raise ActionError(
            _("Keep the reason under %(max)s characters.") % {"max": REASON_MAX},
            code="too_long",
            field="reason",
        )
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(of=("self",)).select_related("state").get(pk=ticket.pk)
        )
        if ticket.merged_into_id is not None or ticket.state.category not in OPEN_CATEGORIES:
            raise ActionError(
                _(
                    "Only an open ticket can be escalated. If the problem is back after the "
                    "solution, say it still fails; if it is closed, report it again."
                ),
                code="not_open",
                field="reason",
            )
        history.record(
            ticket,
            EventCode.ESCALATION_REQUESTED,
            actor=actor,
            channel=channel,
            at=now,
            reason=reason,
            overdue=_overdue(ticket, now),
        )
        ticket.updated_at = now
        ticket.version += 1
        ticket.save(update_fields=["updated_at", "version"])
    return ticket


def _overdue(ticket: Ticket, now: datetime) -> bool:
    """Whether a running first-response or resolution target is past its due time."""
    from atiende.sla.models import Clock

    return Clock.objects.filter(
        ticket=ticket, due_at__lt=now, met_at__isnull=True, stopped_at__isnull=True
    ).exists()


def _close_transition(ticket: Ticket):
    return (
        Transition.objects.filter(
            workflow_id=ticket.workflow_id,
            source_id=ticket.state_id,
            trigger=Trigger.MANUAL,
            target__category=StateCategory.CLOSED,
        )
        .select_related("target")
        .order_by("target__position")
        .first()
    )


def _require_resolved(ticket: Ticket) -> None:
    if ticket.state.category != StateCategory.RESOLVED or ticket.merged_into_id is not None:
        raise ActionError(
            _("Only a resolved ticket can be confirmed as solved or reported as still failing."),
            code="not_resolved",
        )


def confirm_solved(
    ticket: Ticket, *, actor, channel: str = Channel.PORTAL, now: datetime | None = None
) -> Ticket:
    """T4: the customer confirms the solution of a resolved ticket.

    The workflow's transition from the resolved state to a closed one is taken when there is
    one; otherwise the confirmation is recorded (``ticket.solution_confirmed``) and the ticket
    stays resolved for the desk (or its timer) to close.
    """
    now = now or clock.now()
    _customer(actor)
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(of=("self",)).select_related("state").get(pk=ticket.pk)
        )
        _require_resolved(ticket)
        transition = _close_transition(ticket)
        fields = ["updated_at", "version"]
        if transition is not None:
            actions._enter_state(
                ticket, transition.target, actor=actor, channel=channel, now=now, reason=CONFIRMED
            )
            fields += ["state", "state_entered_at", "resolved_at", "closed_at"]
        else:
            history.record(
                ticket, EventCode.SOLUTION_CONFIRMED, actor=actor, channel=channel, at=now
            )
        ticket.updated_at = now
        ticket.version += 1
        ticket.save(update_fields=fields)
    return ticket


def still_failing(
    ticket: Ticket,
    *,
    actor,
    text: str,
    attachments: Iterable[Upload] = (),
    channel: str = Channel.PORTAL,
    now: datetime | None = None,
) -> Message:
    """T4: the solution did not work. The customer's comment becomes a public message and
    the ticket reopens: through the workflow's customer-reply transition (as any customer
    reply), else its manual transition from the resolved state to an open one."""
    now = now or clock.now()
    _customer(actor)
    if not (text or "").strip():
        raise ActionError(
            _("Say what still fails, so that the desk can pick it up again."),
            code="required",
            field="text",
        )
    with transaction.atomic():
        locked = (
            Ticket.objects.select_for_update(of=("self",)).select_related("state").get(pk=ticket.pk)
        )
        _require_resolved(locked)
        message = actions.reply(
            locked, actor=actor, channel=channel, text=text, attachments=attachments, now=now
        )
        locked.refresh_from_db()
        if locked.state.category == StateCategory.RESOLVED:
            reopen = (
                Transition.objects.filter(
                    workflow_id=locked.workflow_id,
                    source_id=locked.state_id,
                    trigger=Trigger.MANUAL,
                    target__category__in=OPEN_CATEGORIES,
                )
                .select_related("target")
                .order_by("target__position")
                .first()
            )
            if reopen is None:
                raise ActionError(
                    _(
                        "This desk's process does not reopen resolved tickets: report the "
                        "problem again as a new ticket."
                    ),
                    code="no_reopen",
                )
            actions._enter_state(
                locked, reopen.target, actor=actor, channel=channel, now=now, reason=STILL_FAILING
            )
            locked.updated_at = now
            locked.version += 1
            locked.save(
                update_fields=[
                    "state",
                    "state_entered_at",
                    "resolved_at",
                    "closed_at",
                    "updated_at",
                    "version",
                ]
            )
    return message
