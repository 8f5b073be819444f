"""Template filters shared by the desk and the portal."""

from django import template
from django.utils import translation

from atiende.sla.models import ClockState
from atiende.web import sla
from atiende.web.labels import impact_name, priority_name, target_name

register = template.Library()


@register.filter
def state_label(state) -> str:
    """A workflow state's name in the active language (labels are configuration data)."""
    if state is None:
        return ""
    return state.label(translation.get_language() or "en")


@register.filter
def priority_label(code: str) -> str:
    return priority_name(code or "")


@register.filter
def impact_label(code: str) -> str:
    return impact_name(code or "")


@register.filter
def person(user) -> str:
    """How a user is named on a page: full name if known, else the user name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@register.filter
def target_label(code: str) -> str:
    """Name of an SLA target (``first_response`` → First response)."""
    return target_name(code or "")


@register.filter
def clock_tone(clock) -> str:
    """``running``, ``at-risk``, ``breached``, ``paused`` or ``done`` (CSS ``sla-<tone>``)."""
    return sla.tone(clock)


@register.filter
def clock_remaining(clock) -> str:
    """Remaining business time in words (``1 h 20 min left``, ``5 min overdue``)."""
    return sla.remaining_text(clock)


@register.filter
def clock_state_label(clock) -> str:
    """The clock's state in the active language (Running, Paused, Met, …)."""
    return str(ClockState(clock.state).label)
