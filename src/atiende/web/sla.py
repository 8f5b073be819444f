"""Service levels as the desk shows them (S3-S12): badges on list rows and ticket clocks.

The clocks come from ``atiende.sla.queries`` (one query per page); this module only decides
how each reads: its tone (a CSS class) and its remaining business time in words.
"""

from django.utils.translation import gettext as _

from atiende.core.statements import Statement
from atiende.sla.models import ClockState
from atiende.sla.queries import (
    ClockView,
    clocks_for_tickets,
    clocks_visible_to,
    ticket_clocks,
    tickets_clocks,
)
from atiende.web.labels import business_time

# Started clocks that still count (or wait for a resume): what a list row shows.
RUNNING_STATES = (ClockState.RUNNING, ClockState.BREACHED, ClockState.PAUSED)


def tone(clock: ClockView) -> str:
    """``breached``, ``paused``, ``at-risk`` (past its warning time) or ``running``; the
    stylesheet colours ``sla-<tone>``. Met, stopped and waiting clocks read ``done``."""
    if clock.state == ClockState.BREACHED:
        return "breached"
    if clock.state == ClockState.PAUSED:
        return "paused"
    if clock.state == ClockState.RUNNING:
        return "at-risk" if clock.at_risk or clock.warned else "running"
    return "done"


def remaining_text(clock: ClockView) -> str:
    """``1 h 20 min left``, ``5 min overdue``, ``paused, 2 h left``; empty when not counting."""
    if clock.remaining_seconds is None:
        return ""
    span = business_time(clock.remaining_seconds)
    if clock.state == ClockState.PAUSED:
        return _("paused, %(time)s left") % {"time": span}
    if clock.remaining_seconds < 0:
        return _("%(time)s overdue") % {"time": span}
    return _("%(time)s left") % {"time": span}


# The clock reads of the desk pages, compiled once per connection (core.statements).
_TICKET_CLOCKS = Statement(ticket_clocks)
_OPEN_CLOCKS = Statement(lambda ids: tickets_clocks(ids, open_only=True))


def ticket_clocks_for(user, ticket) -> list[ClockView]:
    """``clocks_visible_to(user, ticket)``: the ticket page's clocks (one query, none
    without a policy)."""
    return clocks_visible_to(user, ticket, read=lambda: _TICKET_CLOCKS.rows(ticket.pk))


def attach_running_clocks(tickets: list, viewer) -> None:
    """Give each ticket of a list page ``running_clocks``: its started, unfinished clocks
    (one query for the whole page, none when no ticket has a policy)."""
    clocks = clocks_for_tickets(tickets, viewer, open_only=True, read=_OPEN_CLOCKS.rows)
    for ticket in tickets:
        ticket.running_clocks = [c for c in clocks[ticket.pk] if c.state in RUNNING_STATES]


# What the portal shows of a customer's clocks: due times of what runs, and what was met.
PORTAL_STATES = (ClockState.RUNNING, ClockState.PAUSED, ClockState.MET)


def portal_commitments(user, ticket) -> list[ClockView]:
    """The first response and resolution a customer reads on its ticket page (no warnings nor
    breaches: ``sla.queries.clocks_visible_to`` decides); one query, none without a policy."""
    return [c for c in clocks_visible_to(user, ticket) if c.state in PORTAL_STATES]
