"""Local wall-clock time <-> UTC, including DST transitions.

Times are integer seconds. *UTC seconds* count from 1970-01-01T00:00Z; *wall seconds* count
from 1970-01-01 00:00 on the local wall clock (so ``wall = utc + utc_offset``). The local
date of a wall second ``w`` has ordinal ``w // DAY_SECONDS + EPOCH_ORDINAL``.

The rule implemented here: a UTC instant belongs to a wall-clock interval ``[a, b)`` when its
wall time (the fold of a repeated hour does not matter) lies in ``[a, b)``. So a repeated hour
inside the interval counts twice, a skipped hour does not count, and an interval opening in a
spring-forward gap opens at the first instant after the gap.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

DAY_SECONDS = 86_400
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SECOND = timedelta(seconds=1)
# Offsets are sampled this often when looking for transitions. No zone has had two
# transitions this close together in modern times.
_SAMPLE_STEP = 3 * 3600

Segment = tuple[int, int, int]  # [start, end) in UTC seconds, constant UTC offset in seconds


def utc_offset(zone: ZoneInfo, utc_seconds: int) -> int:
    """The zone's UTC offset, in seconds, at a UTC instant."""
    offset = datetime.fromtimestamp(utc_seconds, zone).utcoffset()
    assert offset is not None
    return offset // _SECOND


def offset_segments(zone: ZoneInfo, lo: int, hi: int) -> list[Segment]:
    """Split ``[lo, hi)`` (UTC seconds) into pieces of constant UTC offset."""
    segments: list[Segment] = []
    seg_start = lo
    offset = utc_offset(zone, lo)
    t = lo
    while t < hi:
        probe = min(t + _SAMPLE_STEP, hi)
        if utc_offset(zone, probe) == offset:
            t = probe
            continue
        # The offset changes in (t, probe]: find the first second with the new offset.
        before, after = t, probe
        while after - before > 1:
            middle = (before + after) // 2
            if utc_offset(zone, middle) == offset:
                before = middle
            else:
                after = middle
        segments.append((seg_start, after, offset))
        seg_start = t = after
        offset = utc_offset(zone, after)
    segments.append((seg_start, hi, offset))
    return segments


def wall_to_utc(segments: list[Segment], wall_start: int, wall_end: int) -> list[tuple[int, int]]:
    """The UTC instants whose wall time lies in ``[wall_start, wall_end)``, as intervals.

    ``segments`` must cover the instants concerned. Usually one interval; two when the range
    contains part of a repeated (fall-back) hour; clipped when it touches a spring-forward gap.
    """
    out: list[tuple[int, int]] = []
    for seg_start, seg_end, offset in segments:
        start = wall_start - offset
        end = wall_end - offset
        if start < seg_start:
            start = seg_start
        if end > seg_end:
            end = seg_end
        if start < end:
            out.append((start, end))
    return out


def wall_seconds_of_day(zone: ZoneInfo, utc_seconds: int) -> tuple[date, int]:
    """The local date and the wall-clock second of that day at a UTC instant."""
    local = datetime.fromtimestamp(utc_seconds, zone)
    return local.date(), local.hour * 3600 + local.minute * 60 + local.second
