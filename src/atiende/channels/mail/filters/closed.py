"""A reply to a closed ticket: a new ticket linked to the closed one (default), or the
closed ticket reopened, per ``ATIENDE_MAIL_CLOSED_TICKET`` (``new`` | ``reopen``).

Reopening needs a manual transition out of the closed state in the ticket's workflow; when
there is none, a new ticket is opened instead (and the note says so).
"""

from django.conf import settings

from atiende.channels.mail.context import Context
from atiende.tickets.codes import OPEN_CATEGORIES, StateCategory
from atiende.tickets.models import Transition, Trigger


def run(ctx: Context) -> None:
    ticket = ctx.ticket
    if ticket is None or ticket.state.category != StateCategory.CLOSED:
        return None
    if ctx.acting_agent is not None:
        return None  # the agent's reply is refused by the ticket actions, and told why
    if settings.ATIENDE_MAIL_CLOSED_TICKET == "reopen" and ctx.acting_agent is None:
        target = reopen_target(ticket)
        if target is not None:
            ctx.reopen_state = target
            return None
        ctx.note(f"{ticket.number} is closed and its workflow cannot reopen it")
    ctx.follow_up_of = ticket
    ctx.ticket = None
    ctx.thread_rule = ""
    return None


def reopen_target(ticket) -> str | None:
    """The code of the first open state a manual transition leads to from the closed one."""
    transition = (
        Transition.objects.filter(
            workflow_id=ticket.workflow_id,
            source_id=ticket.state_id,
            trigger=Trigger.MANUAL,
            target__category__in=OPEN_CATEGORIES,
        )
        .select_related("target")
        .order_by("target__position")
        .first()
    )
    return transition.target.code if transition else None
