"""Display names for the codes of a priority scheme (T3) and of SLA targets (S3-S12).

A scheme stores stable codes ("high", "organisation"); people read these names. A code
without a name here (a process pack's own) is shown as it is. Functions take the scheme in
force (``tickets.priority.scheme_for``), read once per request by the view.
"""

import math

from django.utils.translation import gettext_lazy as _

from atiende.tickets.priority import PriorityScheme

PRIORITY_NAMES = {
    "urgent": _("Urgent"),
    "high": _("High"),
    "normal": _("Normal"),
    "medium": _("Medium"),
    "low": _("Low"),
}
IMPACT_NAMES = {
    "organisation": _("Whole organisation"),
    "department": _("One department or site"),
    "individual": _("One person"),
}


def priority_name(code: str) -> str:
    """Name of a priority or urgency level."""
    return str(PRIORITY_NAMES.get(code, code))


def impact_name(code: str) -> str:
    return str(IMPACT_NAMES.get(code, code))


def priority_choices(scheme: PriorityScheme) -> list[tuple[str, str]]:
    return [(code, priority_name(code)) for code in scheme.priorities]


def urgency_choices(scheme: PriorityScheme) -> list[tuple[str, str]]:
    return [(code, priority_name(code)) for code in scheme.urgencies]


def impact_choices(scheme: PriorityScheme) -> list[tuple[str, str]]:
    return [(code, impact_name(code)) for code in scheme.impacts]


def matrix_table(scheme: PriorityScheme) -> dict:
    """The urgency × impact matrix as rows of names, for a reference table."""
    return {
        "impacts": [impact_name(impact) for impact in scheme.impacts],
        "rows": [
            (
                priority_name(urgency),
                [priority_name(scheme.matrix[(urgency, impact)]) for impact in scheme.impacts],
            )
            for urgency in scheme.urgencies
        ],
    }


# --- service levels (S3-S12) ----------------------------------------------------------------

# SLA targets are named by stable codes in policies and process packs; a name without an entry
# here (a pack's own stage) is shown as it is.
TARGET_NAMES = {
    "first_response": _("First response"),
    "update": _("Update to the customer"),
    "resolution": _("Resolution"),
    "reception": _("Reception"),
    "registration": _("Case registration"),
    "diagnosis": _("Diagnosis"),
    "travel": _("Field travel"),
    "field_repair": _("Field repair"),
    "verification": _("Documentation and verification"),
    "stability": _("Stability follow-up"),
    "closure": _("Closure"),
}


def target_name(code: str) -> str:
    """Name of an SLA target."""
    return str(TARGET_NAMES.get(code, code))


def business_time(seconds: float) -> str:
    """A span of business time as ``1 h 20 min`` (``45 min``, ``3 h``), rounded up to the
    minute; hours are not folded into days (a business day has no fixed length)."""
    minutes = math.ceil(abs(seconds) / 60)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
