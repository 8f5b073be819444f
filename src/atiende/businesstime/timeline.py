"""Precomputed open-time tables: O(log n) ``add`` and ``elapsed`` with ``bisect``.

A :class:`Timeline` holds, for a contiguous range of UTC years, the sorted open intervals of a
calendar as integer microseconds since the epoch, with prefix sums of open time. Years are
built lazily (once, under a lock) when a query falls outside the range; the flat arrays are
then rebuilt and swapped in as one tuple, so readers never see a half-built table.

With ``F(t)`` = open time from the start of the table to ``t``:

* ``elapsed(a, b) = F(b) - F(a)``;
* ``add(t, n)`` is the earliest ``u`` with ``F(u) = F(t) + n``: the interval where the
  cumulative open time first reaches the target, so a target used up exactly at a closing
  time returns that closing time.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from datetime import date

from .errors import CalendarError
from .intervals import Interval
from .localtime import DAY_SECONDS, EPOCH_ORDINAL

US = 1_000_000
DAY_US = DAY_SECONDS * US
# Building a year looks at the neighbouring days and holiday years, so stay clear of the
# limits of ``datetime``.
MIN_YEAR = 2
MAX_YEAR = 9997
# A calendar with no open time in this many consecutive years is considered never open.
EMPTY_YEARS_LIMIT = 5

# (lo, hi, starts, ends, cumulative_before, cumulative_after, first_year, last_year)
Table = tuple[int, int, list[int], list[int], list[int], list[int], int, int]


def year_start_us(year: int) -> int:
    return (date(year, 1, 1).toordinal() - EPOCH_ORDINAL) * DAY_US


def year_of_us(t: int) -> int:
    return date.fromordinal(t // DAY_US + EPOCH_ORDINAL).year


class Timeline:
    """Open intervals of a calendar with prefix sums, extended year by year on demand.

    ``build(lo, hi)`` must return the normal list of open intervals inside ``[lo, hi)``, in
    UTC seconds. All other times here are integer microseconds since the epoch.
    """

    def __init__(self, build: Callable[[int, int], list[Interval]]) -> None:
        self._build = build
        self._years: dict[int, list[Interval]] = {}
        self._table: Table | None = None
        self._lock = threading.Lock()

    # -- queries ------------------------------------------------------------------------------

    def is_open(self, t: int) -> bool:
        table = self._table
        if table is None or not table[0] <= t < table[1]:
            table = self._cover(t, t)
        starts, ends = table[2], table[3]
        i = bisect_right(starts, t) - 1
        return i >= 0 and t < ends[i]

    def next_open(self, t: int) -> int:
        table = self._table
        if table is None or not table[0] <= t < table[1]:
            table = self._cover(t, t)
        while True:
            starts, ends = table[2], table[3]
            i = bisect_right(starts, t) - 1
            if i >= 0 and t < ends[i]:
                return t
            if i + 1 < len(starts):
                return starts[i + 1]
            table = self._extend_forward(table, 1)

    def elapsed(self, a: int, b: int) -> int:
        """Open time in ``[a, b)``."""
        if b <= a:
            return 0
        table = self.table_covering(a, b)
        starts, ends, before = table[2], table[3], table[4]
        i = bisect_right(starts, a) - 1
        if i < 0:
            fa = 0
        else:
            end = ends[i]
            fa = before[i] + (a if a < end else end) - starts[i]
        i = bisect_right(starts, b) - 1
        if i < 0:
            return 0
        end = ends[i]
        return before[i] + (b if b < end else end) - starts[i] - fa

    def add(self, t: int, n: int) -> int:
        """The earliest instant at which ``n > 0`` microseconds of open time have elapsed."""
        table = self._table
        if table is None or not table[0] <= t < table[1]:
            table = self._cover(t, t)
        while True:
            starts, ends, before, after = table[2], table[3], table[4], table[5]
            i = bisect_right(starts, t) - 1
            if i < 0:
                target = n
            else:
                end = ends[i]
                target = before[i] + (t if t < end else end) - starts[i] + n
            j = bisect_left(after, target)
            if j < len(after):
                return starts[j] + target - before[j]
            table = self._extend_forward(table, target - (after[-1] if after else 0))

    def intervals_between(self, a: int, b: int) -> list[Interval]:
        """The open intervals clipped to ``[a, b)``."""
        if b <= a:
            return []
        table = self.table_covering(a, b)
        starts, ends = table[2], table[3]
        out: list[Interval] = []
        i = bisect_right(ends, a)
        while i < len(starts) and starts[i] < b:
            out.append((max(starts[i], a), min(ends[i], b)))
            i += 1
        return out

    def table_covering(self, a: int, b: int) -> Table:
        """A table whose range contains ``[a, b]``."""
        table = self._table
        if table is None or not (table[0] <= a and b <= table[1]):
            table = self._cover(a, b)
        return table

    # -- building -----------------------------------------------------------------------------

    def _cover(self, a: int, b: int) -> Table:
        first, last = year_of_us(a), year_of_us(b)
        if not MIN_YEAR <= first <= last <= MAX_YEAR:
            raise OverflowError(
                f"business time is only computed for the years {MIN_YEAR} to {MAX_YEAR}"
            )
        with self._lock:
            table = self._table
            if table is not None:
                if table[0] <= a and b < table[1]:
                    return table
                first, last = min(first, table[6]), max(last, table[7])
            return self._rebuild(first, last)

    def _extend_forward(self, table: Table, missing: int) -> Table:
        """Add years after ``table`` until roughly ``missing`` more open time is covered."""
        first, last = table[6], table[7]
        total = table[5][-1] if table[5] else 0
        per_year = total / (last - first + 1)
        extra = int(missing / per_year) + 1 if per_year > 0 else 1
        new_last = last + extra
        if new_last > MAX_YEAR:
            raise OverflowError(f"the result would be after the year {MAX_YEAR}")
        with self._lock:
            current = self._table
            assert current is not None
            if current[7] >= new_last:
                return current
            table = self._rebuild(min(first, current[6]), new_last)
        empty = 0
        for year in range(new_last, table[6] - 1, -1):
            if self._years[year]:
                break
            empty += 1
        if empty >= EMPTY_YEARS_LIMIT:
            raise CalendarError(
                "",
                f"the calendar has no open time in the {empty} years up to {new_last}; "
                "it is never open (an intersection of disjoint hours?)",
            )
        return table

    def _rebuild(self, first: int, last: int) -> Table:
        """Build missing years and swap in the flat table for ``first..last``. Hold the lock."""
        for year in range(first, last + 1):
            if year not in self._years:
                lo = year_start_us(year) // US
                hi = year_start_us(year + 1) // US
                self._years[year] = self._build(lo, hi)
        starts: list[int] = []
        ends: list[int] = []
        for year in range(first, last + 1):
            for start, end in self._years[year]:
                if ends and ends[-1] == start * US:  # open across the new year: join
                    ends[-1] = end * US
                else:
                    starts.append(start * US)
                    ends.append(end * US)
        before: list[int] = []
        after: list[int] = []
        running = 0
        for start, end in zip(starts, ends, strict=True):
            before.append(running)
            running += end - start
            after.append(running)
        table: Table = (
            year_start_us(first),
            year_start_us(last + 1),
            starts,
            ends,
            before,
            after,
            first,
            last,
        )
        self._table = table
        return table


class AlwaysTimeline:
    """The timeline of a calendar that is always open: pure arithmetic, no tables."""

    def is_open(self, t: int) -> bool:
        return True

    def next_open(self, t: int) -> int:
        return t

    def elapsed(self, a: int, b: int) -> int:
        return b - a if b > a else 0

    def add(self, t: int, n: int) -> int:
        return t + n

    def intervals_between(self, a: int, b: int) -> list[Interval]:
        return [(a, b)] if a < b else []
