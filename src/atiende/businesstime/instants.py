"""Checking arguments and converting aware datetimes to and from integer microseconds."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from numbers import Real
from typing import Any

from .intervals import Interval, normalize

US = 1_000_000
MINUTE_US = 60 * US
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_us(value: Any, name: str) -> int:
    """Microseconds since the epoch of an aware datetime; ValueError when it is naive."""
    try:
        delta = value - EPOCH
        return (delta.days * 86_400 + delta.seconds) * US + delta.microseconds
    except (TypeError, AttributeError):
        pass
    if isinstance(value, datetime):
        raise ValueError(
            f"{name} is a naive datetime ({value.isoformat()}); business time needs an aware "
            "datetime, e.g. datetime(2026, 3, 20, 17, 30, tzinfo=ZoneInfo('America/Bogota'))"
        )
    raise TypeError(f"{name} must be an aware datetime, got {type(value).__name__}")


def from_us(t: int, zone: tzinfo) -> datetime:
    """The aware datetime, in ``zone``, of microseconds since the epoch."""
    seconds, micro = divmod(t, US)
    result = datetime.fromtimestamp(seconds, zone)
    return result.replace(microsecond=micro) if micro else result


def minutes_to_us(minutes: Any) -> int:
    """A non-negative number of minutes as microseconds, rounded to the second."""
    if type(minutes) is int:
        if minutes < 0:
            raise ValueError(f"minutes must not be negative, got {minutes}")
        return minutes * MINUTE_US
    if isinstance(minutes, bool) or not isinstance(minutes, (Real, Decimal)):
        raise TypeError(f"minutes must be a number, got {type(minutes).__name__}")
    if not math.isfinite(minutes):
        raise ValueError(f"minutes must be a finite number, got {minutes}")
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes}")
    return round(minutes * 60) * US


def pauses_to_us(pauses: Iterable[Any]) -> list[Interval]:
    """Pauses as a normal list of ``[from, to)`` microsecond intervals (``to <= from`` dropped)."""
    out: list[Interval] = []
    for index, pause in enumerate(pauses):
        try:
            start, end = pause
        except (TypeError, ValueError):
            raise TypeError(
                f"pauses[{index}] must be a (from, to) pair of aware datetimes, got {pause!r}"
            ) from None
        a = to_us(start, f"pauses[{index}][0]")
        b = to_us(end, f"pauses[{index}][1]")
        if a < b:
            out.append((a, b))
    return normalize(out)
