"""The open intervals of one simple calendar spec, and why an instant is closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from zoneinfo import ZoneInfo

from .holidaydates import holiday_dates, holiday_name
from .intervals import Interval, clip, normalize
from .localtime import (
    DAY_SECONDS,
    EPOCH_ORDINAL,
    offset_segments,
    wall_seconds_of_day,
    wall_to_utc,
)
from .spec import CalendarSpec


class ClosedReason(StrEnum):
    """Why a calendar is closed at some instant."""

    AFTER_HOURS = "after_hours"  # a working day, outside its intervals (night, lunch break)
    CLOSED_DAY = "closed_day"  # a weekday without intervals (e.g. the weekend)
    HOLIDAY = "holiday"  # a holiday of the calendar's country
    CLOSED_DATE = "closed_date"  # a date listed in ``closed``


@dataclass(frozen=True)
class Closure:
    reason: ClosedReason
    day: date  # the local date concerned
    holiday: str | None = None  # the holiday's name, for HOLIDAY


class OpenHours:
    """Turns one :class:`CalendarSpec` into UTC open intervals."""

    def __init__(self, spec: CalendarSpec) -> None:
        self.spec = spec
        self.zone = ZoneInfo(spec.timezone)

    def closed_ordinals(self, first_year: int, last_year: int) -> set[int]:
        """Ordinals of the local dates closed all day by holidays or ``closed``."""
        spec = self.spec
        days: set[date] = {d for d in spec.closed if first_year <= d.year <= last_year}
        if spec.holidays is not None:
            for year in range(first_year, last_year + 1):
                days |= holiday_dates(spec.holidays.country, spec.holidays.subdivision, year)
        return {d.toordinal() for d in days - spec.open}

    def build(self, lo: int, hi: int) -> list[Interval]:
        """The normal list of open intervals inside ``[lo, hi)`` (UTC seconds)."""
        week = self.spec.week
        # Local dates differ from UTC dates by less than a day; take a margin of two.
        first = lo // DAY_SECONDS + EPOCH_ORDINAL - 2
        last = (hi - 1) // DAY_SECONDS + EPOCH_ORDINAL + 2
        segments = offset_segments(self.zone, lo - 3 * DAY_SECONDS, hi + 3 * DAY_SECONDS)
        closed = self.closed_ordinals(date.fromordinal(first).year, date.fromordinal(last).year)
        out: list[Interval] = []
        for ordinal in range(first, last + 1):
            day = week[(ordinal - 1) % 7]  # ordinal 1 (0001-01-01) was a Monday
            if not day or ordinal in closed:
                continue
            midnight = (ordinal - EPOCH_ORDINAL) * DAY_SECONDS
            for start, end in day:
                out.extend(wall_to_utc(segments, midnight + start, midnight + end))
        return clip(normalize(out), lo, hi)

    def closure(self, utc_seconds: int, language: str = "es") -> Closure | None:
        """Why the calendar is closed at this instant, or None when it is open."""
        spec = self.spec
        day, second = wall_seconds_of_day(self.zone, utc_seconds)
        if day not in spec.open:
            if spec.holidays is not None:
                name = holiday_name(spec.holidays.country, spec.holidays.subdivision, day, language)
                if name is not None:
                    return Closure(ClosedReason.HOLIDAY, day, name)
            if day in spec.closed:
                return Closure(ClosedReason.CLOSED_DATE, day)
        intervals = spec.week[day.weekday()]
        if not intervals:
            return Closure(ClosedReason.CLOSED_DAY, day)
        if any(start <= second < end for start, end in intervals):
            return None
        return Closure(ClosedReason.AFTER_HOURS, day)
