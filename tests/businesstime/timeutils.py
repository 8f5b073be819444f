"""Small helpers to build and compare aware datetimes in the tests."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BOGOTA = ZoneInfo("America/Bogota")


def bogota(*args: int) -> datetime:
    return datetime(*args, tzinfo=BOGOTA)


def aware(t: int, zone: str) -> datetime:
    """UTC seconds as an aware datetime in ``zone``."""
    return datetime.fromtimestamp(t, ZoneInfo(zone))


def aware_pauses(pauses: list[tuple[int, int]], zone: str) -> list[tuple[datetime, datetime]]:
    return [(aware(p, zone), aware(q, zone)) for p, q in pauses]


def utc(value: datetime) -> datetime:
    """The same instant in UTC. Compare instants this way: Python never finds an aware
    datetime inside a repeated hour equal to one of another zone (PEP 495)."""
    return value.astimezone(UTC)


def as_minutes(seconds: int) -> float | int:
    """Whole minutes as an int, otherwise a float number of minutes."""
    return seconds // 60 if seconds % 60 == 0 else seconds / 60
