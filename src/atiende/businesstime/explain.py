"""Step-by-step explanations of :meth:`Calendar.add`: what was counted and what was skipped."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Protocol
from zoneinfo import ZoneInfo

from .instants import US, from_us
from .intervals import Interval
from .localtime import DAY_SECONDS, EPOCH_ORDINAL, offset_segments, wall_to_utc
from .openhours import ClosedReason, Closure, OpenHours
from .texts import render_step


class StepKind(StrEnum):
    COUNTED = "counted"  # open and not paused: counts
    AFTER_HOURS = "after_hours"  # a working day outside its hours (night, lunch break)
    CLOSED_DAY = "closed_day"  # a weekday without hours (e.g. the weekend)
    HOLIDAY = "holiday"  # a holiday (``holiday`` has its name)
    CLOSED_DATE = "closed_date"  # a date listed in ``closed``
    PAUSE = "pause"  # the clock was stopped (takes precedence over the other reasons)


@dataclass(frozen=True)
class Step:
    """One stretch of real time between the start and the due instant.

    ``counted`` is the business time counted in this step (zero when skipped) and ``total``
    the business time counted from the start to the end of this step. ``days`` are the local
    dates concerned for day-long reasons (holiday, closed date, closed weekday).
    """

    kind: StepKind
    start: datetime
    end: datetime
    counted: timedelta
    total: timedelta
    holiday: str | None
    days: tuple[date, ...]
    text: str

    @property
    def duration(self) -> timedelta:
        """Real time from ``start`` to ``end`` (computed in UTC: subtracting two datetimes of
        the same zone gives wall-clock time, wrong across a DST change)."""
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)

    @property
    def skipped(self) -> bool:
        return self.kind is not StepKind.COUNTED


class _Timeline(Protocol):
    def intervals_between(self, a: int, b: int) -> list[Interval]: ...


def _day_boundaries(hours: OpenHours, a: int, b: int) -> set[int]:
    """UTC microseconds in ``(a, b)`` where the local date of ``hours`` may change."""
    lo, hi = a // US, -(-b // US)
    segments = offset_segments(hours.zone, lo - 2 * DAY_SECONDS, hi + 2 * DAY_SECONDS)
    out: set[int] = set()
    first = lo // DAY_SECONDS + EPOCH_ORDINAL - 1
    last = hi // DAY_SECONDS + EPOCH_ORDINAL + 1
    for ordinal in range(first, last + 1):
        midnight = (ordinal - EPOCH_ORDINAL) * DAY_SECONDS
        for start, end in wall_to_utc(segments, midnight, midnight + DAY_SECONDS):
            out.update(t * US for t in (start, end) if a < t * US < b)
    return out


def _inside(intervals: Sequence[Interval], starts: Sequence[int], t: int) -> bool:
    i = bisect_right(starts, t) - 1
    return i >= 0 and t < intervals[i][1]


def explain_steps(
    timeline: _Timeline,
    members: Sequence[OpenHours],
    zone: ZoneInfo,
    start: int,
    end: int,
    pauses: list[Interval],
    language: str,
) -> list[Step]:
    """Split ``[start, end)`` into counted and skipped steps (times in microseconds)."""
    if end <= start:
        return []
    open_intervals = timeline.intervals_between(start, end)
    open_starts = [s for s, _ in open_intervals]
    pause_starts = [s for s, _ in pauses]
    points = {start, end}
    for a, b in (*open_intervals, *pauses):
        points.update(t for t in (a, b) if start < t < end)
    for hours in members:
        points |= _day_boundaries(hours, start, end)
    cuts = sorted(points)

    runs: list[_Run] = []
    for a, b in pairwise(cuts):
        closure: Closure | None = None
        if _inside(pauses, pause_starts, a):
            kind = StepKind.PAUSE
        elif _inside(open_intervals, open_starts, a):
            kind = StepKind.COUNTED
        else:
            closure = _main_closure(members, a // US, language)
            kind = StepKind(closure.reason.value) if closure else StepKind.AFTER_HOURS
        run = runs[-1] if runs else None
        same_day_only = kind in (StepKind.HOLIDAY, StepKind.CLOSED_DATE)
        if (
            run is not None
            and run.kind is kind
            and not (same_day_only and closure is not None and closure.day not in run.days)
        ):
            run.end = b
        else:
            run = _Run(kind, a, b, holiday=closure.holiday if closure else None)
            runs.append(run)
        if closure is not None and kind is not StepKind.AFTER_HOURS and closure.day not in run.days:
            run.days.append(closure.day)

    steps: list[Step] = []
    total = 0
    for run in runs:
        counted = run.end - run.start if run.kind is StepKind.COUNTED else 0
        total += counted
        step_start, step_end = from_us(run.start, zone), from_us(run.end, zone)
        days = tuple(run.days)
        steps.append(
            Step(
                kind=run.kind,
                start=step_start,
                end=step_end,
                counted=timedelta(microseconds=counted),
                total=timedelta(microseconds=total),
                holiday=run.holiday,
                days=days,
                text=render_step(
                    run.kind.value,
                    step_start,
                    step_end,
                    timedelta(microseconds=run.end - run.start),
                    timedelta(microseconds=total),
                    run.holiday,
                    days,
                    language,
                ),
            )
        )
    return steps


@dataclass
class _Run:
    kind: StepKind
    start: int
    end: int
    holiday: str | None = None
    days: list[date] = field(default_factory=list)


# When several calendars of an intersection are closed, the most telling reason wins.
_PRIORITY = (
    ClosedReason.HOLIDAY,
    ClosedReason.CLOSED_DATE,
    ClosedReason.CLOSED_DAY,
    ClosedReason.AFTER_HOURS,
)


def _main_closure(members: Sequence[OpenHours], utc_seconds: int, language: str) -> Closure | None:
    closures = [hours.closure(utc_seconds, language) for hours in members]
    found = [c for c in closures if c is not None]
    return min(found, key=lambda c: _PRIORITY.index(c.reason), default=None)
