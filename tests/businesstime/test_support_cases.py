"""Explicit cases from the real support processes (WeKall, Aldeamo, 24x7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from atiende.businesstime import Calendar

from .calendars import ALDEAMO, ALL_DAYS, BOGOTA, WEKALL
from .timeutils import bogota

HOURS = 60  # minutes


@pytest.fixture(scope="module")
def wekall() -> Calendar:
    return Calendar.from_spec(WEKALL)


@pytest.fixture(scope="module")
def aldeamo() -> Calendar:
    return Calendar.from_spec(ALDEAMO)


class TestWeKall:
    def test_urgent_friday_afternoon_before_a_monday_holiday_is_due_tuesday(self, wekall):
        # Monday 2026-03-23 is Saint Joseph's Day (moved to Monday) in Colombia.
        due = wekall.add(bogota(2026, 3, 20, 17, 30), 1 * HOURS)
        assert due == bogota(2026, 3, 24, 8, 0)
        assert due.tzinfo is BOGOTA

    def test_target_used_up_exactly_at_closing_time_returns_the_closing_time(self, wekall):
        assert wekall.add(bogota(2026, 3, 2, 17, 0), 1 * HOURS) == bogota(2026, 3, 2, 18, 0)
        assert wekall.add(bogota(2026, 3, 2, 11, 30), 1 * HOURS) == bogota(2026, 3, 2, 12, 30)
        # ...and one more second goes on the next opening.
        assert wekall.add(bogota(2026, 3, 2, 17, 0), 60 + 1 / 60) == bogota(2026, 3, 3, 7, 30, 1)

    def test_sixteen_business_hours(self, wekall):
        # Monday gives 9 h (5 + 4); Tuesday 07:30-12:30 and 14:00-16:00 the remaining 7 h.
        assert wekall.add(bogota(2026, 3, 2, 7, 30), 16 * HOURS) == bogota(2026, 3, 3, 16, 0)

    def test_start_while_closed_counts_from_the_next_opening(self, wekall):
        assert wekall.add(bogota(2026, 3, 7, 10, 0), 30) == bogota(2026, 3, 9, 8, 0)  # Saturday
        assert wekall.add(bogota(2026, 3, 2, 13, 0), 30) == bogota(2026, 3, 2, 14, 30)  # lunch
        assert wekall.add(bogota(2026, 3, 2, 5, 0), 30) == bogota(2026, 3, 2, 8, 0)  # night

    def test_holy_week_2027_thursday_and_friday_are_holidays(self, wekall):
        # 2027-03-25 Maundy Thursday, 2027-03-26 Good Friday.
        assert not wekall.is_open(bogota(2027, 3, 25, 9, 0))
        assert not wekall.is_open(bogota(2027, 3, 26, 9, 0))
        assert wekall.add(bogota(2027, 3, 24, 17, 0), 4 * HOURS) == bogota(2027, 3, 29, 10, 30)
        # Tuesday 9 h + Wednesday 9 h, then Monday 07:30-12:30 and 14:00-15:00.
        assert wekall.add(bogota(2027, 3, 23, 7, 30), 24 * HOURS) == bogota(2027, 3, 29, 15, 0)
        assert wekall.next_open(bogota(2027, 3, 24, 18, 0)) == bogota(2027, 3, 29, 7, 30)

    def test_year_end_holidays(self, wekall):
        # Tuesday 2026-12-08 Immaculate Conception.
        assert wekall.add(bogota(2026, 12, 7, 17, 0), 2 * HOURS) == bogota(2026, 12, 9, 8, 30)
        # Friday 2026-12-25 Christmas (the 24th is a working day).
        assert wekall.add(bogota(2026, 12, 24, 17, 0), 2 * HOURS) == bogota(2026, 12, 28, 8, 30)
        # Friday 2027-01-01 New Year's Day.
        assert wekall.add(bogota(2026, 12, 31, 17, 0), 2 * HOURS) == bogota(2027, 1, 4, 8, 30)
        # Epiphany moves to Monday 2027-01-11, so the Friday ticket is due on Tuesday the 12th.
        assert wekall.add(bogota(2027, 1, 8, 17, 0), 2 * HOURS) == bogota(2027, 1, 12, 8, 30)
        # In 2026 Epiphany was Monday 2026-01-12.
        assert not wekall.is_open(bogota(2026, 1, 12, 9, 0))
        assert wekall.add(bogota(2026, 1, 9, 17, 0), 2 * HOURS) == bogota(2026, 1, 13, 8, 30)

    def test_year_end_elapsed_counts_26_working_days(self, wekall):
        # 2026-12-07 .. 2027-01-17 has 30 weekdays, 4 of them holidays (Dec 8, Dec 25, Jan 1,
        # Jan 11): 26 days of 9 h.
        elapsed = wekall.elapsed(bogota(2026, 12, 7), bogota(2027, 1, 18))
        assert elapsed == timedelta(hours=26 * 9)

    def test_custom_closed_date(self):
        calendar = Calendar.from_spec({**WEKALL, "closed": ["2026-12-24"]})
        assert not calendar.is_open(bogota(2026, 12, 24, 9, 0))
        assert calendar.add(bogota(2026, 12, 23, 17, 0), 2 * HOURS) == bogota(2026, 12, 28, 8, 30)

    def test_open_date_overrides_a_holiday(self):
        calendar = Calendar.from_spec({**WEKALL, "open": ["2026-03-23"]})
        assert calendar.is_open(bogota(2026, 3, 23, 9, 0))
        assert calendar.add(bogota(2026, 3, 20, 17, 30), 1 * HOURS) == bogota(2026, 3, 23, 8, 0)

    def test_two_thousand_hours(self, wekall):
        start = bogota(2026, 1, 2, 7, 30)
        due = wekall.add(start, 2000 * HOURS)
        assert wekall.elapsed(start, due) == timedelta(hours=2000)
        assert wekall.add(start, 2000 * HOURS - 1) < due
        assert wekall.is_open(due - timedelta(seconds=1))

    def test_elapsed_is_the_inverse_of_add(self, wekall):
        start = bogota(2026, 3, 20, 17, 30)
        for minutes in (1, 30, 60, 61, 9 * 60, 16 * 60, 100 * 60):
            due = wekall.add(start, minutes)
            assert wekall.elapsed(start, due) == timedelta(minutes=minutes)

    def test_pauses_stop_the_clock(self, wekall):
        start = bogota(2026, 3, 2, 8, 0)
        # Waiting for the customer from 09:00 to 10:00 and (overlapping) 09:30 to 11:00.
        pauses = [
            (bogota(2026, 3, 2, 9, 30), bogota(2026, 3, 2, 11, 0)),
            (bogota(2026, 3, 2, 9, 0), bogota(2026, 3, 2, 10, 0)),
            (bogota(2026, 3, 2, 15, 0), bogota(2026, 3, 2, 14, 0)),  # to <= from: ignored
        ]
        assert wekall.add(start, 2 * HOURS, pauses) == bogota(2026, 3, 2, 12, 0)
        assert wekall.elapsed(start, bogota(2026, 3, 2, 12, 0), pauses) == timedelta(hours=2)

    def test_target_used_up_exactly_when_a_pause_starts(self, wekall):
        pauses = [(bogota(2026, 3, 2, 9, 0), bogota(2026, 3, 3, 9, 0))]
        assert wekall.add(bogota(2026, 3, 2, 8, 0), 60, pauses) == bogota(2026, 3, 2, 9, 0)
        assert wekall.add(bogota(2026, 3, 2, 8, 0), 61, pauses) == bogota(2026, 3, 3, 9, 1)

    def test_pause_across_closed_time_changes_nothing_there(self, wekall):
        pauses = [(bogota(2026, 3, 2, 18, 0), bogota(2026, 3, 3, 7, 30))]
        assert wekall.add(bogota(2026, 3, 2, 17, 0), 2 * HOURS, pauses) == bogota(2026, 3, 3, 8, 30)


class TestAldeamo:
    def test_two_hours_at_half_past_eight_in_the_evening(self, aldeamo):
        assert aldeamo.add(bogota(2026, 3, 20, 20, 30), 2 * HOURS) == bogota(2026, 3, 21, 8, 30)

    def test_open_on_sundays_and_holidays(self, aldeamo):
        assert aldeamo.is_open(bogota(2026, 3, 22, 7, 0))  # Sunday
        assert aldeamo.is_open(bogota(2026, 3, 23, 12, 0))  # holiday, but no holidays here
        assert not aldeamo.is_open(bogota(2026, 3, 22, 21, 0))
        assert aldeamo.next_open(bogota(2026, 3, 22, 21, 0)) == bogota(2026, 3, 23, 7, 0)


class TestAlwaysOpen:
    def test_business_time_is_real_time(self):
        always = Calendar.always()
        start = bogota(2026, 3, 20, 17, 30)
        due = always.add(start, 90)
        assert due == start + timedelta(minutes=90)
        assert due.tzinfo is UTC or due.utcoffset() == timedelta(0)
        assert always.elapsed(start, due) == timedelta(minutes=90)
        assert always.elapsed(due, start) == timedelta(0)
        assert always.is_open(start)
        assert always.next_open(start) == start

    def test_always_is_the_24x7_spec(self):
        spec = {
            "timezone": "UTC",
            "week": {day: ["00:00-24:00"] for day in ALL_DAYS},
        }
        assert Calendar.from_spec(spec) == Calendar.always()
        assert Calendar.always().to_spec() == spec

    def test_pauses_on_24x7(self):
        always = Calendar.always()
        start = datetime(2026, 1, 1, tzinfo=UTC)
        pauses = [(start + timedelta(hours=1), start + timedelta(hours=3))]
        assert always.add(start, 2 * HOURS, pauses) == start + timedelta(hours=4)
        assert always.elapsed(start, start + timedelta(hours=4), pauses) == timedelta(hours=2)

    def test_24x7_with_holidays_is_closed_on_holidays(self):
        spec = {
            "timezone": "America/Bogota",
            "week": {day: ["00:00-24:00"] for day in ALL_DAYS},
            "holidays": {"country": "CO"},
        }
        calendar = Calendar.from_spec(spec)
        # 2026-12-31 23:00 plus 2 h skips New Year's Day.
        assert calendar.add(bogota(2026, 12, 31, 23, 0), 2 * HOURS) == bogota(2027, 1, 2, 1, 0)
        elapsed = calendar.elapsed(bogota(2026, 12, 31), bogota(2027, 1, 3))
        assert elapsed == timedelta(days=2)
