"""Parsing, validation and dumping of calendar specs.

A *simple* spec describes one set of opening hours::

    {
        "timezone": "America/Bogota",
        "week": {"mon": ["07:30-12:30", "14:00-18:00"], ...},
        "holidays": {"country": "CO"},          # optional, "subdivision" optional
        "closed": ["2026-12-24"],               # optional
        "open": [],                             # optional
    }

An *intersection* spec (what :meth:`Calendar.to_spec` gives for ``a.intersect(b)`` when the
result is not a simple calendar) lists simple specs that must all be open at once; its optional
``timezone`` is the zone results are given in (default: the first member's)::

    {"timezone": "America/Bogota", "intersection": [{...}, {...}]}

Every problem is reported as a :class:`CalendarError` whose message starts with the path of the
field (``week.mon[1]``, ``intersection[0].holidays.country``...) and says how to fix it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .errors import CalendarError
from .holidaydates import check_holiday_source

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_SECONDS = 86_400
FULL_DAY = ((0, DAY_SECONDS),)

SIMPLE_FIELDS = ("timezone", "week", "holidays", "closed", "open")
INTERSECTION_FIELDS = ("timezone", "intersection")
HOLIDAY_FIELDS = ("country", "subdivision")

_INTERVAL_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# A week: for each weekday (Monday first) the sorted, disjoint, non-touching open intervals
# of the local day, in seconds since local midnight; the end may be DAY_SECONDS ("24:00").
Week = tuple[tuple[tuple[int, int], ...], ...]


@dataclass(frozen=True)
class HolidaySource:
    """National (and optionally regional) holidays taken from the ``holidays`` package."""

    country: str
    subdivision: str | None = None


@dataclass(frozen=True)
class CalendarSpec:
    """A validated, normalized simple calendar spec. Hashable; equal specs mean equal hours."""

    timezone: str
    week: Week
    holidays: HolidaySource | None = None
    closed: frozenset[date] = frozenset()
    open: frozenset[date] = frozenset()

    @property
    def always_open(self) -> bool:
        """True when every instant is open: whole days all week, no holidays, no closed dates."""
        return self.holidays is None and not self.closed and all(d == FULL_DAY for d in self.week)


ALWAYS_SPEC: dict[str, Any] = {
    "timezone": "UTC",
    "week": {day: ["00:00-24:00"] for day in WEEKDAYS},
}


# --------------------------------------------------------------------------------------------
# Parsing


def parse_spec(spec: Any) -> tuple[str, tuple[CalendarSpec, ...]]:
    """Parse a simple or intersection spec into (output zone name, member specs)."""
    if not isinstance(spec, Mapping):
        raise CalendarError("", f"a calendar spec must be a mapping (dict), got {_type_name(spec)}")
    if "intersection" not in spec:
        member = parse_calendar_spec(spec)
        return member.timezone, (member,)
    _check_keys(spec, INTERSECTION_FIELDS, "")
    items = spec["intersection"]
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence) or not items:
        raise CalendarError(
            "intersection",
            "expected a non-empty list of calendar specs that must all be open at once",
        )
    members: list[CalendarSpec] = []
    for index, item in enumerate(items):
        path = f"intersection[{index}]"
        if isinstance(item, Mapping) and "intersection" in item:
            raise CalendarError(path, "nested intersections are not allowed; list the members")
        members.append(parse_calendar_spec(item, path))
    zone_name = members[0].timezone
    if "timezone" in spec:
        zone_name = _parse_timezone(spec["timezone"], "timezone")
    return zone_name, tuple(members)


def parse_calendar_spec(spec: Any, path: str = "") -> CalendarSpec:
    """Parse and validate one simple calendar spec."""
    if not isinstance(spec, Mapping):
        raise CalendarError(
            path, f"a calendar spec must be a mapping (dict), got {_type_name(spec)}"
        )
    _check_keys(spec, SIMPLE_FIELDS, path)
    for required in ("timezone", "week"):
        if required not in spec:
            example = "'America/Bogota'" if required == "timezone" else "{mon: ['08:00-17:00']}"
            raise CalendarError(_join(path, required), f"missing; add it, e.g. {example}")
    timezone = _parse_timezone(spec["timezone"], _join(path, "timezone"))
    week = _parse_week(spec["week"], _join(path, "week"))
    holidays = None
    if spec.get("holidays") is not None:
        holidays = _parse_holidays(spec["holidays"], _join(path, "holidays"))
    closed = _parse_dates(spec.get("closed"), _join(path, "closed"))
    open_dates = _parse_dates(spec.get("open"), _join(path, "open"))
    return CalendarSpec(timezone, week, holidays, closed, open_dates)


def _parse_timezone(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CalendarError(
            path, f"expected an IANA time zone name such as 'America/Bogota', got {value!r}"
        )
    name = value.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        hint = _suggest(name, sorted(available_timezones()))
        raise CalendarError(
            path,
            f"unknown time zone {name!r}; use an IANA name such as 'America/Bogota' or 'UTC'"
            + hint,
        ) from None
    return name


def _parse_week(value: Any, path: str) -> Week:
    if not isinstance(value, Mapping):
        raise CalendarError(
            path,
            "expected a mapping from weekday (mon..sun) to a list of intervals, "
            f"e.g. {{mon: ['07:30-12:30']}}, got {_type_name(value)}",
        )
    days: list[tuple[tuple[int, int], ...]] = [() for _ in WEEKDAYS]
    for key, intervals in value.items():
        if key not in WEEKDAYS:
            raise CalendarError(
                path,
                f"unknown weekday {key!r}; use one of {', '.join(WEEKDAYS)}"
                + _suggest(str(key).lower(), WEEKDAYS),
            )
        days[WEEKDAYS.index(key)] = _parse_day(intervals, f"{path}.{key}")
    if not any(days):
        raise CalendarError(
            path,
            "no day has opening hours, so the calendar would never be open; "
            "give at least one day an interval such as '08:00-17:00'",
        )
    return tuple(days)


def _parse_day(value: Any, path: str) -> tuple[tuple[int, int], ...]:
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise CalendarError(
            path,
            "expected a list of intervals such as ['07:30-12:30', '14:00-18:00'] "
            f"(or [] when closed), got {value!r}",
        )
    parsed: list[tuple[int, int]] = []
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        start, end = _parse_interval(item, item_path)
        for other_index, (other_start, other_end) in enumerate(parsed):
            if start < other_end and other_start < end:
                raise CalendarError(
                    item_path,
                    f"{item!r} overlaps {format_interval(other_start, other_end)!r} "
                    f"({path}[{other_index}]); make the intervals of one day disjoint",
                )
        parsed.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(parsed):
        if merged and merged[-1][1] == start:  # touching: "07:00-12:00", "12:00-14:00"
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)


def _parse_interval(value: Any, path: str) -> tuple[int, int]:
    fix = "write HH:MM-HH:MM with the end after the start"
    if not isinstance(value, str):
        raise CalendarError(
            path, f"expected a string like '07:30-12:30', got {value!r} ({_type_name(value)})"
        )
    match = _INTERVAL_RE.match(value)
    if match is None:
        raise CalendarError(path, f"{value!r} is not an interval; {fix}, e.g. '07:30-12:30'")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    for hour, minute, is_end in ((h1, m1, False), (h2, m2, True)):
        text = f"{hour:02d}:{minute:02d}"
        valid = (hour < 24 and minute < 60) or (is_end and hour == 24 and minute == 0)
        if not valid:
            raise CalendarError(
                path,
                f"{text!r} in {value!r} is not a time of day; use 00:00 to 23:59 "
                "(and 24:00 only as an end)",
            )
    start = h1 * 3600 + m1 * 60
    end = h2 * 3600 + m2 * 60
    if end < start:
        raise CalendarError(
            path,
            f"{value!r} ends before it starts; {fix} (split a night shift at midnight: "
            "'22:00-24:00' on one day and '00:00-06:00' on the next)",
        )
    if end == start:
        raise CalendarError(path, f"{value!r} is empty; {fix}")
    return start, end


def _parse_holidays(value: Any, path: str) -> HolidaySource:
    if not isinstance(value, Mapping):
        raise CalendarError(
            path,
            "expected a mapping such as {country: CO} or {country: US, subdivision: NY}, "
            f"got {value!r}",
        )
    _check_keys(value, HOLIDAY_FIELDS, path)
    country = value.get("country")
    if not isinstance(country, str) or not country.strip():
        raise CalendarError(
            _join(path, "country"),
            f"expected a country code such as 'CO', got {country!r}",
        )
    subdivision = value.get("subdivision")
    if subdivision is not None and (not isinstance(subdivision, str) or not subdivision.strip()):
        raise CalendarError(
            _join(path, "subdivision"),
            f"expected a subdivision code such as 'NY' (or leave it out), got {subdivision!r}",
        )
    source = HolidaySource(
        country.strip().upper(), subdivision.strip() if subdivision is not None else None
    )
    problem = check_holiday_source(source.country, source.subdivision)
    if problem is not None:
        field, message = problem
        raise CalendarError(_join(path, field), message)
    return source


def _parse_dates(value: Any, path: str) -> frozenset[date]:
    if value is None:
        return frozenset()
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise CalendarError(path, f"expected a list of dates such as ['2026-12-24'], got {value!r}")
    out: set[date] = set()
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        if isinstance(item, datetime):
            raise CalendarError(
                item_path, f"expected a date, got a datetime {item!r}; write YYYY-MM-DD"
            )
        if isinstance(item, date):  # YAML loads unquoted 2026-12-24 as a date
            out.add(item)
            continue
        if isinstance(item, str) and _DATE_RE.match(item.strip()):
            try:
                out.add(date.fromisoformat(item.strip()))
                continue
            except ValueError:
                pass
        raise CalendarError(
            item_path, f"{item!r} is not a valid date; write YYYY-MM-DD, e.g. '2026-12-24'"
        )
    return frozenset(out)


def _check_keys(mapping: Mapping[Any, Any], allowed: Sequence[str], path: str) -> None:
    for key in mapping:
        if key not in allowed:
            raise CalendarError(
                path,
                f"unknown field {key!r}; expected one of {', '.join(allowed)}"
                + _suggest(str(key), allowed),
            )


# --------------------------------------------------------------------------------------------
# Dumping


def format_time(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}"


def format_interval(start: int, end: int) -> str:
    return f"{format_time(start)}-{format_time(end)}"


def dump_calendar_spec(spec: CalendarSpec) -> dict[str, Any]:
    """The normalized dict form of a simple spec (parses back to an equal spec)."""
    out: dict[str, Any] = {
        "timezone": spec.timezone,
        "week": {
            WEEKDAYS[index]: [format_interval(s, e) for s, e in day]
            for index, day in enumerate(spec.week)
            if day
        },
    }
    if spec.holidays is not None:
        holidays: dict[str, str] = {"country": spec.holidays.country}
        if spec.holidays.subdivision is not None:
            holidays["subdivision"] = spec.holidays.subdivision
        out["holidays"] = holidays
    if spec.closed:
        out["closed"] = [d.isoformat() for d in sorted(spec.closed)]
    if spec.open:
        out["open"] = [d.isoformat() for d in sorted(spec.open)]
    return out


# --------------------------------------------------------------------------------------------
# Helpers


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _type_name(value: Any) -> str:
    return type(value).__name__


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
