"""A brute-force reference for business time, written from the semantics alone.

It shares no code with ``atiende.businesstime``: it reads the spec dicts itself and steps
through real UTC time minute by minute, converting each minute to local time with
``datetime.fromtimestamp`` and checking the weekday's intervals and the date's status.

An instant is open when its local wall-clock time falls inside an interval of its local
weekday and its local date is neither a holiday nor closed (unless listed in ``open``); an
intersection is open when all its members are. Interval boundaries are whole local minutes
and the zones used in the tests have whole-minute offsets, so openness is constant on each UTC
minute ``[60k, 60k + 60)``; pieces are further cut at pause boundaries.

To keep big amounts affordable, a whole local day may be skipped in one step when it is safe
to count it by arithmetic: a single calendar, the walk is exactly at local midnight, the UTC
offset is the same all day (no DST transition) and no pause touches the day. Such a day has
each wall-clock minute exactly once, so its open time is the sum of its intervals' lengths.
Everything else (transition days, paused days, the first and last day) is stepped minute by
minute.

Times are integer UTC seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HORIZON = 3 * 366 * 86_400  # give up after this much real time


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


class OracleMember:
    """One simple calendar spec."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.zone = ZoneInfo(spec["timezone"])
        self.week: list[list[tuple[int, int]]] = []
        for day in DAYS:
            intervals = []
            for text in spec["week"].get(day) or []:
                start, end = text.split("-")
                intervals.append((_minutes(start), _minutes(end)))
            self.week.append(intervals)
        source = spec.get("holidays")
        self.holidays = (
            holidays.country_holidays(source["country"], subdiv=source.get("subdivision"))
            if source
            else None
        )
        self.closed = {_as_date(d) for d in spec.get("closed") or []}
        self.open = {_as_date(d) for d in spec.get("open") or []}
        self._date_closed: dict[date, bool] = {}

    def date_closed(self, day: date) -> bool:
        if day not in self._date_closed:
            closed = day in self.closed or (self.holidays is not None and day in self.holidays)
            self._date_closed[day] = closed and day not in self.open
        return self._date_closed[day]

    def open_at(self, t: int) -> bool:
        local = datetime.fromtimestamp(t, self.zone)
        day = local.date()
        if self.date_closed(day):
            return False
        minute = local.hour * 60 + local.minute
        return any(a <= minute < b for a, b in self.week[day.weekday()])

    def day_open_seconds(self, day: date) -> int:
        if self.date_closed(day):
            return 0
        return sum(b - a for a, b in self.week[day.weekday()]) * 60

    def whole_day_at(self, t: int) -> tuple[date, int] | None:
        """``(local date, UTC end of that day)`` when ``t`` is a local midnight starting a day
        without a UTC offset change; else None."""
        local = datetime.fromtimestamp(t, self.zone)
        if (local.hour, local.minute, local.second) != (0, 0, 0):
            return None
        day = local.date()
        end = int(datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone).timestamp())
        offset_start = local.utcoffset()
        offset_end = datetime.fromtimestamp(end - 1, self.zone).utcoffset()
        if offset_start != offset_end or end - t != 86_400:
            return None
        return day, end


class Oracle:
    """Business time of one calendar or of the intersection of several."""

    def __init__(self, *specs: Mapping[str, Any]) -> None:
        self.members = [OracleMember(spec) for spec in specs]
        self._minute_open: dict[int, bool] = {}

    def is_open(self, t: int) -> bool:
        minute = t // 60
        if minute not in self._minute_open:
            self._minute_open[minute] = all(m.open_at(minute * 60) for m in self.members)
        return self._minute_open[minute]

    def next_open(self, t: int) -> int:
        if self.is_open(t):
            return t
        x = (t // 60 + 1) * 60
        while x < t + HORIZON:
            if len(self.members) == 1:
                whole = self.members[0].whole_day_at(x)
                if whole is not None and self.members[0].day_open_seconds(whole[0]) == 0:
                    x = whole[1]
                    continue
            if self.is_open(x):
                return x
            x += 60
        raise AssertionError("oracle: never open")

    def _skip(self, t: int, pauses: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
        """``(UTC end, open seconds)`` of a whole local day starting at ``t`` that can be
        counted by arithmetic, or None."""
        if len(self.members) != 1:
            return None
        member = self.members[0]
        whole = member.whole_day_at(t)
        if whole is None:
            return None
        day, end = whole
        if any(p < end and q > t for p, q in pauses):
            return None
        return end, member.day_open_seconds(day)

    def _pieces(self, start: int, pauses: Sequence[tuple[int, int]]) -> Iterable[tuple[int, int]]:
        """``[x, y)`` pieces from ``start`` on, cut at minutes and pause boundaries."""
        cuts = sorted({b for pause in pauses for b in pause if b > start})
        k = 0
        x = start
        while True:
            y = (x // 60 + 1) * 60
            while k < len(cuts) and cuts[k] <= x:
                k += 1
            if k < len(cuts) and cuts[k] < y:
                y = cuts[k]
            yield x, y
            x = y

    @staticmethod
    def _paused(t: int, pauses: Sequence[tuple[int, int]]) -> bool:
        return any(p <= t < q for p, q in pauses)

    def add(self, start: int, seconds: int, pauses: Sequence[tuple[int, int]] = ()) -> int:
        """The earliest instant at which ``seconds`` of open, unpaused time have elapsed."""
        pauses = [(p, q) for p, q in pauses if p < q]
        if seconds == 0:
            return start
        remaining = seconds
        t = start
        while t < start + HORIZON:
            skip = self._skip(t, pauses)
            if skip is not None and skip[1] < remaining:
                remaining -= skip[1]
                t = skip[0]
                continue
            # Step minute by minute through the rest of this local day.
            stop = self._next_midnight(t)
            for x, y in self._pieces(t, pauses):
                if self.is_open(x) and not self._paused(x, pauses):
                    if remaining <= y - x:
                        return x + remaining
                    remaining -= y - x
                t = y
                if y == stop or t >= start + HORIZON:
                    break
        raise AssertionError("oracle: target not reached")

    def elapsed(self, a: int, b: int, pauses: Sequence[tuple[int, int]] = ()) -> int:
        """Open, unpaused seconds in ``[a, b)``."""
        pauses = [(p, q) for p, q in pauses if p < q]
        total = 0
        t = a
        while t < b:
            skip = self._skip(t, pauses)
            if skip is not None and skip[0] <= b:
                total += skip[1]
                t = skip[0]
                continue
            stop = self._next_midnight(t)
            for x, y in self._pieces(t, pauses):
                y = min(y, b)
                if self.is_open(x) and not self._paused(x, pauses):
                    total += y - x
                t = y
                if t >= b or y == stop:
                    break
        return total

    def _next_midnight(self, t: int) -> int | None:
        """The next local midnight after ``t`` (single calendars only)."""
        if len(self.members) != 1:
            return None
        zone = self.members[0].zone
        day = datetime.fromtimestamp(t, zone).date() + timedelta(days=1)
        return int(datetime.combine(day, time(0), tzinfo=zone).timestamp())
