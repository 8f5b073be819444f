"""Small factories for SLA configuration: calendars, policies with targets, rules and hours."""

import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

from atiende.sla.models import (
    BusinessCalendar,
    ChannelHours,
    MeetEvent,
    Policy,
    PolicyRule,
    PriorityMatrix,
    Target,
)

BOGOTA = ZoneInfo("America/Bogota")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
ALL_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# S1: WeKall Mon–Fri 07:30–12:30 and 14:00–18:00 Bogotá, Colombian public holidays excluded.
WEKALL_HOURS = {
    "timezone": "America/Bogota",
    "week": {day: ["07:30-12:30", "14:00-18:00"] for day in WEEKDAYS},
    "holidays": {"country": "CO"},
}
# S1: Aldeamo conventional plan Mon–Sun 07:00–21:00, VIP 7×24, e-mail channel 08:00–20:00.
ALDEAMO_CONVENTIONAL = {
    "timezone": "America/Bogota",
    "week": {day: ["07:00-21:00"] for day in ALL_DAYS},
}
ALDEAMO_VIP = {"timezone": "America/Bogota", "week": {day: ["00:00-24:00"] for day in ALL_DAYS}}
ALDEAMO_EMAIL = {"timezone": "America/Bogota", "week": {day: ["08:00-20:00"] for day in ALL_DAYS}}

_seq = itertools.count(1)


def calendar(spec=None, **fields) -> BusinessCalendar:
    n = next(_seq)
    fields.setdefault("slug", f"calendar-{n}")
    fields.setdefault("name", f"Calendar {n}")
    item = BusinessCalendar(spec=spec if spec is not None else WEKALL_HOURS, **fields)
    item.full_clean()
    item.save()
    return item


def target(name: str, minutes, **fields) -> dict:
    """A target definition; what meets it follows from its name unless given."""
    defaults = {
        "first_response": {"meets_on": MeetEvent.AGENT_REPLY},
        "update": {"meets_on": MeetEvent.AGENT_REPLY, "recurring": True},
        "resolution": {"meets_on": MeetEvent.RESOLUTION},
    }.get(name, {"meets_on": MeetEvent.STATE})
    return {"name": name, "minutes": Decimal(str(minutes)), **defaults, **fields}


def policy(slug=None, *, targets, rules=({},), channel_hours=None, position=None) -> Policy:
    """A policy with ``targets`` (dicts from :func:`target`), matched by ``rules``."""
    n = next(_seq)
    item = Policy.objects.create(slug=slug or f"policy-{n}", name=slug or f"Policy {n}")
    for index, fields in enumerate(targets):
        fields = dict(fields)
        fields.setdefault("position", index)
        made = Target(policy=item, **fields)
        made.full_clean()
        made.save()
    for fields in rules:
        fields = dict(fields)
        fields.setdefault("position", position if position is not None else n)
        rule = PolicyRule(policy=item, **fields)
        rule.full_clean()
        rule.save()
    for channel, hours in (channel_hours or {}).items():
        ChannelHours.objects.create(policy=item, channel=channel, calendar=hours)
    return item


def use_priorities(*priorities: str) -> PriorityMatrix:
    """Make a plain list of priorities the default scheme (Aldeamo: high, medium, low)."""
    PriorityMatrix.objects.filter(is_default=True).update(is_default=False)
    matrix = PriorityMatrix(
        slug=f"list-{next(_seq)}", name="List", priorities=list(priorities), is_default=True
    )
    matrix.full_clean()
    matrix.save()
    return matrix
