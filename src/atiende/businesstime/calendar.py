"""The :class:`Calendar`: business-time arithmetic over opening hours."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from functools import lru_cache, reduce
from typing import Any
from zoneinfo import ZoneInfo

from .explain import Step, explain_steps
from .instants import EPOCH, MINUTE_US, US, from_us, minutes_to_us, pauses_to_us, to_us
from .intervals import Interval, intersect
from .openhours import OpenHours
from .spec import ALWAYS_SPEC, CalendarSpec, dump_calendar_spec, parse_spec
from .texts import check_language
from .timeline import AlwaysTimeline, Timeline

Pauses = Iterable[tuple[datetime, datetime]]


class Calendar:
    """Opening hours in a time zone, minus holidays and closed dates.

    Build one with :meth:`from_spec` or :meth:`always`. Calendars are immutable and safe to
    share between threads; ``from_spec`` returns the same (cached) instance for equal specs,
    so the precomputed tables are built once per process.

    Business time is real elapsed time during which the calendar is open. All datetimes must
    be timezone-aware; results are given in :attr:`timezone`.
    """

    __slots__ = ("__weakref__", "_hours", "_members", "_timeline", "_zone")

    def __init__(self, zone_name: str, members: tuple[CalendarSpec, ...]) -> None:
        """Private: use :meth:`from_spec`, :meth:`always` or :meth:`intersect`."""
        self._zone = ZoneInfo(zone_name)
        self._members = members
        self._hours = tuple(OpenHours(member) for member in members)
        if all(member.always_open for member in members):
            self._timeline: Timeline | AlwaysTimeline = AlwaysTimeline()
        else:
            self._timeline = Timeline(self._build)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any]) -> Calendar:
        """Build a calendar from a spec (see :mod:`atiende.businesstime.spec`).

        Raises :class:`CalendarError` naming the faulty field when the spec is invalid.
        """
        zone_name, members = parse_spec(spec)
        return _calendar(zone_name, _simplify(members))

    @classmethod
    def always(cls) -> Calendar:
        """The 24x7 calendar (UTC): business time equals real time."""
        return _always()

    def intersect(self, other: Calendar) -> Calendar:
        """Open exactly when both calendars are open (they may be in different zones).

        The result gives its answers in this calendar's zone.
        """
        if not isinstance(other, Calendar):
            raise TypeError(f"can only intersect with a Calendar, got {type(other).__name__}")
        return _calendar(self._zone.key, _simplify(self._members + other._members))

    def to_spec(self) -> dict[str, Any]:
        """The normalized spec: ``Calendar.from_spec(c.to_spec()) == c``."""
        if len(self._members) == 1 and self._members[0].timezone == self._zone.key:
            return dump_calendar_spec(self._members[0])
        return {
            "timezone": self._zone.key,
            "intersection": [dump_calendar_spec(member) for member in self._members],
        }

    # -- queries ------------------------------------------------------------------------------

    @property
    def timezone(self) -> ZoneInfo:
        """The zone results are given in."""
        return self._zone

    def is_open(self, t: datetime) -> bool:
        """Whether the calendar is open at instant ``t``."""
        return self._timeline.is_open(to_us(t, "t"))

    def next_open(self, t: datetime) -> datetime:
        """The first open instant at or after ``t`` (``t`` itself when open)."""
        return from_us(self._timeline.next_open(to_us(t, "t")), self._zone)

    def add(self, start: datetime, minutes: float, pauses: Pauses = ()) -> datetime:
        """The earliest instant at which ``minutes`` open, unpaused minutes have elapsed.

        ``minutes`` may be fractional; it is rounded to the second. A target used up exactly
        at a closing time gives that closing time. ``pauses`` are real-time ``(from, to)``
        intervals during which the clock is stopped.
        """
        # The hot path: to_us(), minutes_to_us() and from_us() inlined.
        try:
            delta = start - EPOCH
            t = (delta.days * 86_400 + delta.seconds) * US + delta.microseconds
        except (TypeError, AttributeError):
            t = to_us(start, "start")  # raises the appropriate error
        n = minutes * MINUTE_US if type(minutes) is int and minutes > 0 else minutes_to_us(minutes)
        if pauses:
            paused = pauses_to_us(pauses)
            if paused and n:
                return from_us(self._add_paused(t, n, paused), self._zone)
        if n == 0:
            return start.astimezone(self._zone)
        seconds, micro = divmod(self._timeline.add(t, n), US)
        result = datetime.fromtimestamp(seconds, self._zone)
        return result.replace(microsecond=micro) if micro else result

    def elapsed(self, start: datetime, end: datetime, pauses: Pauses = ()) -> timedelta:
        """The open, unpaused time in ``[start, end)``; zero when ``end <= start``."""
        try:
            delta = start - EPOCH
            a = (delta.days * 86_400 + delta.seconds) * US + delta.microseconds
            delta = end - EPOCH
            b = (delta.days * 86_400 + delta.seconds) * US + delta.microseconds
        except (TypeError, AttributeError):
            a = to_us(start, "start")  # raise the appropriate error
            b = to_us(end, "end")
        timeline = self._timeline
        result = timeline.elapsed(a, b)
        if pauses and result:
            for p, q in pauses_to_us(pauses):
                if p < b and q > a:
                    result -= timeline.elapsed(max(p, a), min(q, b))
        elif pauses:
            pauses_to_us(pauses)  # check them anyway
        return timedelta(microseconds=result)

    def explain(
        self, start: datetime, minutes: float, pauses: Pauses = (), language: str = "es"
    ) -> list[Step]:
        """How :meth:`add` reaches its result: counted and skipped steps, with reasons.

        The last step ends at ``add(start, minutes, pauses)``; an empty list when
        ``minutes`` is zero. ``language`` ("es" or "en") is used for the ``text`` of each step
        and for holiday names.
        """
        check_language(language)
        t = to_us(start, "start")
        n = minutes_to_us(minutes)
        paused = pauses_to_us(pauses) if pauses else []
        if n == 0:
            return []
        due = self._add_paused(t, n, paused) if paused else self._timeline.add(t, n)
        return explain_steps(self._timeline, self._hours, self._zone, t, due, paused, language)

    # -- internals ----------------------------------------------------------------------------

    def _build(self, lo: int, hi: int) -> list[Interval]:
        return reduce(intersect, (hours.build(lo, hi) for hours in self._hours))

    def _add_paused(self, t: int, n: int, paused: list[Interval]) -> int:
        timeline = self._timeline
        for p, q in paused:
            if q <= t:
                continue
            if p > t:
                available = timeline.elapsed(t, p)
                if available >= n:
                    break
                n -= available
            t = q
        return timeline.add(t, n)

    # -- identity -----------------------------------------------------------------------------

    def _key(self) -> tuple[str, frozenset[CalendarSpec]]:
        return self._zone.key, frozenset(self._members)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Calendar):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the spec (the tables and locks are rebuilt on demand)."""
        return (Calendar.from_spec, (self.to_spec(),))

    def __repr__(self) -> str:
        return f"Calendar.from_spec({self.to_spec()!r})"


def _simplify(members: tuple[CalendarSpec, ...]) -> tuple[CalendarSpec, ...]:
    """Drop duplicates and always-open members (they change nothing in an intersection)."""
    unique = tuple(dict.fromkeys(members))
    restricted = tuple(member for member in unique if not member.always_open)
    return restricted or unique[:1]


@lru_cache(maxsize=256)
def _calendar(zone_name: str, members: tuple[CalendarSpec, ...]) -> Calendar:
    return Calendar(zone_name, members)


@lru_cache(maxsize=1)
def _always() -> Calendar:
    return Calendar.from_spec(ALWAYS_SPEC)
