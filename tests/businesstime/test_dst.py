"""Daylight saving time: repeated hours count twice, skipped hours do not count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from atiende.businesstime import Calendar

from .calendars import MADRID, NEW_YORK
from .timeutils import utc


def sunday_only(zone: str, *intervals: str) -> Calendar:
    return Calendar.from_spec({"timezone": zone, "week": {"sun": list(intervals)}})


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


class TestNewYorkSpringForward:
    # Sunday 2026-03-08: 02:00 EST (07:00Z) jumps to 03:00 EDT.

    def test_skipped_hour_does_not_count(self):
        calendar = sunday_only("America/New_York", "01:00-04:00")
        day = (datetime(2026, 3, 8, tzinfo=NEW_YORK), datetime(2026, 3, 9, tzinfo=NEW_YORK))
        assert calendar.elapsed(*day) == timedelta(hours=2)
        # 01:00-02:00 EST gives one hour, then 03:00 EDT + 30 min.
        due = calendar.add(datetime(2026, 3, 8, tzinfo=NEW_YORK), 90)
        assert utc(due) == at(2026, 3, 8, 7, 30)
        assert (due.hour, due.minute) == (3, 30)

    def test_interval_opening_inside_the_gap_opens_after_the_gap(self):
        calendar = sunday_only("America/New_York", "02:30-05:00")
        assert utc(calendar.next_open(datetime(2026, 3, 8, tzinfo=NEW_YORK))) == at(2026, 3, 8, 7)
        assert calendar.is_open(at(2026, 3, 8, 7, 0))
        assert not calendar.is_open(at(2026, 3, 8, 6, 59))
        day = (datetime(2026, 3, 8, tzinfo=NEW_YORK), datetime(2026, 3, 9, tzinfo=NEW_YORK))
        assert calendar.elapsed(*day) == timedelta(hours=2)

    def test_interval_entirely_inside_the_gap_never_opens(self):
        calendar = sunday_only("America/New_York", "02:00-03:00", "10:00-11:00")
        day = (datetime(2026, 3, 8, tzinfo=NEW_YORK), datetime(2026, 3, 9, tzinfo=NEW_YORK))
        assert calendar.elapsed(*day) == timedelta(hours=1)

    def test_whole_day_has_23_hours(self):
        calendar = Calendar.from_spec(
            {"timezone": "America/New_York", "week": {"sun": ["00:00-24:00"]}}
        )
        day = (datetime(2026, 3, 8, tzinfo=NEW_YORK), datetime(2026, 3, 9, tzinfo=NEW_YORK))
        assert calendar.elapsed(*day) == timedelta(hours=23)


class TestNewYorkFallBack:
    # Sunday 2026-11-01: 02:00 EDT (06:00Z) goes back to 01:00 EST; 01:00-02:00 happens twice.

    def test_repeated_hour_counts_twice(self):
        calendar = sunday_only("America/New_York", "01:00-02:00")
        day = (datetime(2026, 11, 1, tzinfo=NEW_YORK), datetime(2026, 11, 2, tzinfo=NEW_YORK))
        assert calendar.elapsed(*day) == timedelta(hours=2)
        assert calendar.is_open(at(2026, 11, 1, 5, 30))  # 01:30 EDT
        assert calendar.is_open(at(2026, 11, 1, 6, 30))  # 01:30 EST
        assert not calendar.is_open(at(2026, 11, 1, 7, 0))  # 02:00 EST

    def test_interval_starting_inside_the_repeated_hour(self):
        calendar = sunday_only("America/New_York", "01:30-03:00")
        day = (datetime(2026, 11, 1, tzinfo=NEW_YORK), datetime(2026, 11, 2, tzinfo=NEW_YORK))
        # 01:30-02:00 EDT, then 01:30-03:00 EST.
        assert calendar.elapsed(*day) == timedelta(hours=2)
        assert not calendar.is_open(at(2026, 11, 1, 6, 15))  # 01:15 EST
        due = calendar.add(datetime(2026, 11, 1, tzinfo=NEW_YORK), 45)
        assert utc(due) == at(2026, 11, 1, 6, 45)  # 01:45 EST, the second 01:45
        assert due.fold == 1
        assert (due.hour, due.minute) == (1, 45)

    def test_whole_day_has_25_hours(self):
        calendar = Calendar.from_spec(
            {"timezone": "America/New_York", "week": {"sun": ["00:00-24:00"]}}
        )
        day = (datetime(2026, 11, 1, tzinfo=NEW_YORK), datetime(2026, 11, 2, tzinfo=NEW_YORK))
        assert calendar.elapsed(*day) == timedelta(hours=25)


class TestMadrid:
    def test_spring_forward_2027(self):
        # Sunday 2027-03-28: 02:00 CET (01:00Z) jumps to 03:00 CEST.
        calendar = sunday_only("Europe/Madrid", "00:00-24:00")
        day = (datetime(2027, 3, 28, tzinfo=MADRID), datetime(2027, 3, 29, tzinfo=MADRID))
        assert calendar.elapsed(*day) == timedelta(hours=23)
        due = calendar.add(datetime(2027, 3, 28, 1, 30, tzinfo=MADRID), 60)
        assert utc(due) == at(2027, 3, 28, 1, 30)
        assert (due.hour, due.minute) == (3, 30)

    def test_fall_back_2026(self):
        # Sunday 2026-10-25: 03:00 CEST (01:00Z) goes back to 02:00 CET.
        calendar = sunday_only("Europe/Madrid", "02:00-04:00")
        day = (datetime(2026, 10, 25, tzinfo=MADRID), datetime(2026, 10, 26, tzinfo=MADRID))
        assert calendar.elapsed(*day) == timedelta(hours=3)
        due = calendar.add(datetime(2026, 10, 25, tzinfo=MADRID), 150)
        assert utc(due) == at(2026, 10, 25, 2, 30)  # 03:30 CET

    def test_office_hours_shift_in_utc(self):
        calendar = Calendar.from_spec(
            {"timezone": "Europe/Madrid", "week": {"mon": ["09:00-18:00"]}}
        )
        assert utc(calendar.next_open(at(2026, 3, 22))) == at(2026, 3, 23, 8)  # CET
        assert utc(calendar.next_open(at(2026, 3, 29))) == at(2026, 3, 30, 7)  # CEST
