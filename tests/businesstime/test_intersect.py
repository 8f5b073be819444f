"""Intersections: open exactly when both calendars are open, also across time zones."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from atiende.businesstime import Calendar, CalendarError

from .calendars import ALDEAMO, BOGOTA, EMAIL_CHANNEL, MADRID, WEKALL, WORKDAYS
from .timeutils import bogota

BOGOTA_OFFICE = {
    "timezone": "America/Bogota",
    "week": {day: ["08:00-17:00"] for day in WORKDAYS},
}
MADRID_OFFICE = {
    "timezone": "Europe/Madrid",
    "week": {day: ["09:00-18:00"] for day in WORKDAYS},
}


def test_plan_hours_intersected_with_email_channel_hours():
    plan = Calendar.from_spec(ALDEAMO)  # every day 07:00-21:00
    channel = Calendar.from_spec(EMAIL_CHANNEL)  # Mon-Fri 08:00-20:00
    both = plan.intersect(channel)
    assert both.is_open(bogota(2026, 3, 20, 8, 0))
    assert not both.is_open(bogota(2026, 3, 20, 7, 30))  # plan open, channel closed
    assert not both.is_open(bogota(2026, 3, 20, 20, 0))
    assert not both.is_open(bogota(2026, 3, 21, 10, 0))  # Saturday: channel closed
    # Friday 19:30 + 1 h: 30 min on Friday, the rest on Monday from 08:00.
    assert both.add(bogota(2026, 3, 20, 19, 30), 60) == bogota(2026, 3, 23, 8, 30)
    assert both.elapsed(bogota(2026, 3, 16), bogota(2026, 3, 23)) == timedelta(hours=5 * 12)
    assert both.next_open(bogota(2026, 3, 20, 20, 0)) == bogota(2026, 3, 23, 8, 0)


def test_intersection_is_symmetric_in_what_is_open():
    plan = Calendar.from_spec(ALDEAMO)
    channel = Calendar.from_spec(EMAIL_CHANNEL)
    start = bogota(2026, 3, 20, 19, 30)
    assert plan.intersect(channel).add(start, 600) == channel.intersect(plan).add(start, 600)
    assert plan.intersect(channel) == channel.intersect(plan)  # same zone, same members


def test_intersection_keeps_holidays_of_either_side():
    both = Calendar.from_spec(ALDEAMO).intersect(Calendar.from_spec(WEKALL))
    assert not both.is_open(bogota(2026, 3, 23, 9, 0))  # WeKall's Colombian holiday
    assert both.add(bogota(2026, 3, 20, 17, 30), 60) == bogota(2026, 3, 24, 8, 0)


def test_intersection_across_two_zones_follows_both_dst_rules():
    bogota_office = Calendar.from_spec(BOGOTA_OFFICE)
    madrid_office = Calendar.from_spec(MADRID_OFFICE)
    both = bogota_office.intersect(madrid_office)
    # Until Madrid moves its clocks (2026-03-29), Madrid is 6 h ahead of Bogota: the overlap
    # is 08:00-12:00 in Bogota. Afterwards it is 7 h ahead: 08:00-11:00.
    assert both.elapsed(bogota(2026, 3, 16), bogota(2026, 3, 17)) == timedelta(hours=4)
    assert both.elapsed(bogota(2026, 3, 30), bogota(2026, 3, 31)) == timedelta(hours=3)
    assert both.add(bogota(2026, 3, 16, 8, 0), 6 * 60) == bogota(2026, 3, 17, 10, 0)
    due = both.add(bogota(2026, 3, 30, 8, 0), 6 * 60)
    assert due == bogota(2026, 3, 31, 11, 0)
    assert due.tzinfo is BOGOTA
    # The other way round, results come in Madrid time.
    other = madrid_office.intersect(bogota_office)
    due = other.add(bogota(2026, 3, 30, 8, 0), 6 * 60)
    assert due == datetime(2026, 3, 31, 18, 0, tzinfo=MADRID)
    assert due.tzinfo is MADRID
    assert other != both


def test_intersection_with_always_is_the_same_hours():
    wekall = Calendar.from_spec(WEKALL)
    assert wekall.intersect(Calendar.always()) == wekall
    in_utc = Calendar.always().intersect(wekall)
    assert in_utc.add(bogota(2026, 3, 20, 17, 30), 60) == bogota(2026, 3, 24, 8, 0)
    assert in_utc.add(bogota(2026, 3, 20, 17, 30), 60).utcoffset() == timedelta(0)


def test_intersection_round_trips_through_its_spec():
    both = Calendar.from_spec(BOGOTA_OFFICE).intersect(Calendar.from_spec(MADRID_OFFICE))
    spec = both.to_spec()
    assert spec["timezone"] == "America/Bogota"
    assert len(spec["intersection"]) == 2
    assert Calendar.from_spec(spec) == both
    assert Calendar.from_spec(spec).to_spec() == spec


def test_disjoint_calendars_are_never_open():
    mornings = Calendar.from_spec({"timezone": "America/Bogota", "week": {"mon": ["08:00-12:00"]}})
    evenings = Calendar.from_spec({"timezone": "America/Bogota", "week": {"mon": ["13:00-18:00"]}})
    never = mornings.intersect(evenings)
    start = bogota(2026, 3, 16, 8, 0)
    assert not never.is_open(start)
    assert never.elapsed(start, start + timedelta(days=30)) == timedelta(0)
    with pytest.raises(CalendarError, match="never open"):
        never.add(start, 1)
    with pytest.raises(CalendarError, match="never open"):
        never.next_open(start)
    assert never.add(start, 0) == start


def test_intersect_needs_a_calendar():
    with pytest.raises(TypeError):
        Calendar.always().intersect(ALDEAMO)  # type: ignore[arg-type]


def test_result_zone_of_intersection_in_other_zone():
    both = Calendar.from_spec(MADRID_OFFICE).intersect(Calendar.from_spec(BOGOTA_OFFICE))
    assert both.timezone is MADRID
    assert Calendar.from_spec(BOGOTA_OFFICE).timezone is BOGOTA
