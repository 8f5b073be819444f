"""Hypothesis strategies: random calendars, instants (DST days on purpose), amounts, pauses.

Instants are integer UTC seconds; specs are plain dicts in the configuration format.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import holidays
from hypothesis import strategies as st

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ZONES = (
    "America/Bogota",
    "America/Caracas",
    "America/Guayaquil",
    "America/New_York",
    "Europe/Madrid",
)
COUNTRY_OF_ZONE = {
    "America/Bogota": "CO",
    "America/Caracas": "VE",
    "America/Guayaquil": "EC",
    "America/New_York": "US",
    "Europe/Madrid": "ES",
}
DST_DATES = {
    "America/New_York": (date(2026, 3, 8), date(2026, 11, 1), date(2027, 3, 14), date(2027, 11, 7)),
    "Europe/Madrid": (date(2026, 3, 29), date(2026, 10, 25), date(2027, 3, 28), date(2027, 10, 31)),
}
ALL_DST_DATES = tuple(d for dates in DST_DATES.values() for d in dates)
START_2026 = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
END_2027 = int(datetime(2028, 1, 1, tzinfo=UTC).timestamp())
DAY = 86_400


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def utc_seconds(day: date) -> int:
    return (day.toordinal() - date(1970, 1, 1).toordinal()) * DAY


def utc_date(t: int) -> date:
    return datetime.fromtimestamp(t, UTC).date()


@st.composite
def day_intervals(draw: st.DrawFn) -> list[str]:
    """The intervals of one weekday: closed, whole, split shifts, or around the DST hours."""
    shape = draw(st.sampled_from(("closed", "whole", "split", "split", "split", "night")))
    if shape == "closed":
        return []
    if shape == "whole":
        return ["00:00-24:00"]
    step = draw(st.sampled_from((1, 15, 30, 60)))
    count = draw(st.integers(1, 3))
    # "night" keeps the points in 00:00-06:00 (and 24:00), where DST transitions happen.
    top = (360 if shape == "night" else 1440) // step
    points = draw(
        st.lists(st.integers(0, top), min_size=2 * count, max_size=2 * count, unique=True)
    )
    points = sorted(p * step for p in points)
    if shape == "night" and draw(st.booleans()):
        points[-1] = 1440
    return [f"{hhmm(a)}-{hhmm(b)}" for a, b in zip(points[::2], points[1::2], strict=True)]


def weekly_open_minutes(spec: dict[str, Any]) -> int:
    total = 0
    for intervals in spec["week"].values():
        for text in intervals:
            a, b = text.split("-")
            ha, ma = a.split(":")
            hb, mb = b.split(":")
            total += int(hb) * 60 + int(mb) - int(ha) * 60 - int(ma)
    return total


@st.composite
def calendar_specs(draw: st.DrawFn, zone: str | None = None, around: date | None = None) -> dict:
    """A random valid spec; closed and open dates fall in the weeks after ``around``."""
    zone = zone or draw(st.sampled_from(ZONES))
    around = around or date(2026, 6, 1)
    week = {day: draw(day_intervals()) for day in DAYS}
    if not any(week.values()):
        week["wed"] = ["09:00-17:00"]
    spec: dict[str, Any] = {"timezone": zone, "week": week}
    country = draw(st.sampled_from((None, "CO", COUNTRY_OF_ZONE[zone])))
    near = st.integers(-3, 21).map(lambda k: around + timedelta(days=k))
    closed = draw(st.lists(near, max_size=4))
    if closed:
        spec["closed"] = [d.isoformat() for d in closed]
    candidates = set(closed)
    if country is not None:
        spec["holidays"] = {"country": country}
        found = holidays.country_holidays(country, years=(around.year, around.year + 1))
        candidates |= {d for d in found if -3 <= (d - around).days <= 60}
    if candidates and draw(st.booleans()):
        opened = draw(st.lists(st.sampled_from(sorted(candidates)), max_size=3))
        spec["open"] = [d.isoformat() for d in opened]
    return spec


@st.composite
def instants(draw: st.DrawFn, zone: str | None = None) -> int:
    """A UTC second in 2026-2027, often within two days of a DST transition."""
    if draw(st.booleans()):
        t = draw(st.integers(START_2026, END_2027 - 1))
    else:
        day = draw(st.sampled_from(DST_DATES.get(zone or "", ALL_DST_DATES)))
        t = utc_seconds(day) + draw(st.integers(-2 * DAY, 2 * DAY))
    if draw(st.booleans()):
        t -= t % 60
    return t


@st.composite
def pause_lists(draw: st.DrawFn, start: int) -> list[tuple[int, int]]:
    """Up to three pauses near ``start``: overlapping, unsorted, some with ``to <= from``."""
    pairs = draw(
        st.lists(
            st.tuples(
                st.integers(start - DAY, start + 6 * DAY),
                st.integers(-3600, 3 * DAY),
            ),
            max_size=3,
        )
    )
    return [(p, p + length) for p, length in pairs]


@st.composite
def add_cases(
    draw: st.DrawFn,
    max_minutes: int,
    with_pauses: bool = True,
    max_weeks: int = 3,
    big: bool = False,
) -> tuple[dict, int, int, list[tuple[int, int]]]:
    """(spec, start, seconds, pauses); the amount needs at most about ``max_weeks`` weeks.

    ``big`` draws amounts in the upper three quarters of the range only.
    """
    zone = draw(st.sampled_from(ZONES))
    start = draw(instants(zone))
    spec = draw(calendar_specs(zone=zone, around=utc_date(start)))
    limit = min(max_minutes, weekly_open_minutes(spec) * max_weeks) * 60
    seconds = draw(st.integers(limit // 4 if big else 0, limit))
    pauses = draw(pause_lists(start)) if with_pauses else []
    return spec, start, seconds, pauses
