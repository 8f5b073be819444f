"""Template filters shared by the desk and the portal."""

from django import template
from django.utils import translation

from atiende.web.labels import impact_name, priority_name

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
