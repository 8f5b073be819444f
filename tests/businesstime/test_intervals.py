"""Interval math, local time mapping and the precomputed timeline tables."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from atiende.businesstime.intervals import clip, intersect, normalize, subtract, total
from atiende.businesstime.localtime import offset_segments, wall_to_utc
from atiende.businesstime.timeline import Timeline, year_start_us

intervals = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8)


def points(items):
    return {t for a, b in items for t in range(a, b)}


@given(intervals)
def test_normalize_keeps_the_set_and_makes_it_normal(items):
    result = normalize(items)
    assert points(result) == points(items)
    for (_, end), (start, _) in pairwise(result):
        assert end < start  # sorted, disjoint, not touching
    assert all(a < b for a, b in result)


@given(intervals, intervals)
def test_intersect_and_subtract_are_set_operations(a, b):
    a, b = normalize(a), normalize(b)
    assert points(intersect(a, b)) == points(a) & points(b)
    assert points(subtract(a, b)) == points(a) - points(b)
    assert total(intersect(a, b)) == len(points(a) & points(b))
    assert normalize(intersect(a, b)) == intersect(a, b)
    assert normalize(subtract(a, b)) == subtract(a, b)


@given(intervals, st.integers(0, 60), st.integers(0, 60))
def test_clip(items, lo, hi):
    assert points(clip(items, lo, hi)) == {t for t in points(items) if lo <= t < hi}


def utc_seconds(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp())


def test_offset_segments_find_the_transitions_to_the_second():
    zone = ZoneInfo("America/New_York")
    segments = offset_segments(zone, utc_seconds(2026, 1, 1), utc_seconds(2027, 1, 1))
    assert [(s, e, o // 3600) for s, e, o in segments] == [
        (utc_seconds(2026, 1, 1), utc_seconds(2026, 3, 8, 7), -5),
        (utc_seconds(2026, 3, 8, 7), utc_seconds(2026, 11, 1, 6), -4),
        (utc_seconds(2026, 11, 1, 6), utc_seconds(2027, 1, 1), -5),
    ]
    # Colombia last changed its clocks in 1993.
    bogota = ZoneInfo("America/Bogota")
    assert len(offset_segments(bogota, utc_seconds(1994, 1, 1), utc_seconds(2028, 1, 1))) == 1
    assert len(offset_segments(bogota, utc_seconds(1992, 1, 1), utc_seconds(1994, 1, 1))) == 3


def test_wall_to_utc_repeated_hour_gives_two_pieces():
    zone = ZoneInfo("America/New_York")
    segments = offset_segments(zone, utc_seconds(2026, 10, 31), utc_seconds(2026, 11, 3))
    midnight = utc_seconds(2026, 11, 1)  # as wall seconds: 2026-11-01 00:00 local
    pieces = wall_to_utc(segments, midnight + 5400, midnight + 10800)  # 01:30-03:00
    assert pieces == [
        (utc_seconds(2026, 11, 1, 5, 30), utc_seconds(2026, 11, 1, 6)),
        (utc_seconds(2026, 11, 1, 6, 30), utc_seconds(2026, 11, 1, 8)),
    ]


def test_timeline_joins_intervals_across_years_and_extends_on_demand():
    calls = []

    def build(lo, hi):  # open all the time
        calls.append((lo, hi))
        return [(lo, hi)]

    timeline = Timeline(build)
    start = year_start_us(2026) + 10
    year = year_start_us(2027) - year_start_us(2026)
    assert timeline.add(start, 2 * year) == start + 2 * year
    assert len(calls) >= 3
    table = timeline.table_covering(start, start)
    assert len(table[2]) == 1  # one interval: joined at the new years
    assert timeline.elapsed(year_start_us(2025), year_start_us(2029)) == (
        year_start_us(2029) - year_start_us(2025)
    )
    assert timeline.next_open(start) == start
    assert timeline.is_open(year_start_us(2030))
