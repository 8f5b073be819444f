"""Arguments: aware datetimes only, amounts, pauses, zones of the results."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from atiende.businesstime import Calendar

from .calendars import BOGOTA, WEKALL
from .timeutils import bogota

NAIVE = datetime(2026, 3, 20, 17, 30)  # noqa: DTZ001 - the point of these tests


@pytest.fixture(scope="module")
def wekall() -> Calendar:
    return Calendar.from_spec(WEKALL)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.is_open(NAIVE),
        lambda c: c.next_open(NAIVE),
        lambda c: c.add(NAIVE, 60),
        lambda c: c.add(NAIVE, 0),
        lambda c: c.elapsed(NAIVE, bogota(2026, 3, 21)),
        lambda c: c.elapsed(bogota(2026, 3, 19), NAIVE),
        lambda c: c.explain(NAIVE, 60),
        lambda c: c.add(bogota(2026, 3, 20), 60, [(NAIVE, bogota(2026, 3, 21))]),
        lambda c: c.elapsed(
            bogota(2026, 3, 20), bogota(2026, 3, 21), [(bogota(2026, 3, 20), NAIVE)]
        ),
    ],
)
def test_naive_datetimes_are_a_clear_value_error(wekall, call):
    with pytest.raises(ValueError, match="naive datetime"):
        call(wekall)
    with pytest.raises(ValueError, match="naive datetime"):
        call(Calendar.always())


def test_non_datetimes_are_a_type_error(wekall):
    with pytest.raises(TypeError, match="aware datetime"):
        wekall.add(date(2026, 3, 20), 60)
    with pytest.raises(TypeError, match="aware datetime"):
        wekall.is_open("2026-03-20T10:00:00-05:00")
    with pytest.raises(TypeError, match="pair"):
        wekall.add(bogota(2026, 3, 20), 60, [bogota(2026, 3, 20)])


@pytest.mark.parametrize("minutes", [-1, -0.5, float("nan"), float("inf")])
def test_bad_amounts_are_a_value_error(wekall, minutes):
    with pytest.raises(ValueError, match="minutes"):
        wekall.add(bogota(2026, 3, 20, 9), minutes)


@pytest.mark.parametrize("minutes", ["60", None, True])
def test_non_numeric_amounts_are_a_type_error(wekall, minutes):
    with pytest.raises(TypeError, match="minutes"):
        wekall.add(bogota(2026, 3, 20, 9), minutes)


def test_fractional_minutes_have_seconds_precision(wekall):
    start = bogota(2026, 3, 2, 9, 0)
    assert wekall.add(start, 1.5) == bogota(2026, 3, 2, 9, 1, 30)
    assert wekall.add(start, Decimal("0.25")) == bogota(2026, 3, 2, 9, 0, 15)
    assert wekall.add(start, 1 / 120) == bogota(2026, 3, 2, 9, 0, 0)  # half a second: rounds
    assert wekall.add(start, 0.02) == bogota(2026, 3, 2, 9, 0, 1)  # 1.2 s


def test_add_zero_returns_the_start_in_the_calendar_zone(wekall):
    start = datetime(2026, 3, 21, 12, 0, tzinfo=UTC)  # Saturday: closed
    result = wekall.add(start, 0)
    assert result == start
    assert result.tzinfo is BOGOTA


def test_results_are_in_the_calendar_zone_whatever_the_input_zone(wekall):
    tokyo = datetime(2026, 3, 21, 7, 30, tzinfo=ZoneInfo("Asia/Tokyo"))  # Fri 17:30 Bogota
    due = wekall.add(tokyo, 60)
    assert due == bogota(2026, 3, 24, 8, 0)
    assert due.tzinfo is BOGOTA
    assert wekall.next_open(tokyo).tzinfo is BOGOTA


def test_microseconds_are_kept(wekall):
    start = bogota(2026, 3, 2, 9, 0, 0, 250_000)
    assert wekall.add(start, 1) == bogota(2026, 3, 2, 9, 1, 0, 250_000)
    assert wekall.elapsed(start, bogota(2026, 3, 2, 10)) == timedelta(minutes=59, seconds=59.75)
    assert wekall.next_open(start) == start


def test_elapsed_of_an_empty_or_reversed_range_is_zero(wekall):
    assert wekall.elapsed(bogota(2026, 3, 2, 10), bogota(2026, 3, 2, 10)) == timedelta(0)
    assert wekall.elapsed(bogota(2026, 3, 2, 11), bogota(2026, 3, 2, 10)) == timedelta(0)


def test_pauses_may_be_any_iterable(wekall):
    pauses = ((bogota(2026, 3, 2, 9), bogota(2026, 3, 2, 10)) for _ in range(1))
    assert wekall.add(bogota(2026, 3, 2, 8), 120, pauses) == bogota(2026, 3, 2, 11)
    assert wekall.add(bogota(2026, 3, 2, 8), 120, iter(())) == bogota(2026, 3, 2, 10)


def test_pause_before_the_start_or_after_the_due_time_changes_nothing(wekall):
    pauses = [
        (bogota(2026, 3, 1), bogota(2026, 3, 2, 8)),
        (bogota(2026, 3, 2, 10), bogota(2026, 3, 3)),
    ]
    assert wekall.add(bogota(2026, 3, 2, 8), 120, pauses) == bogota(2026, 3, 2, 10)


def test_start_inside_a_pause(wekall):
    pauses = [(bogota(2026, 3, 2, 7), bogota(2026, 3, 2, 9))]
    assert wekall.add(bogota(2026, 3, 2, 8), 60, pauses) == bogota(2026, 3, 2, 10)


def test_far_future_and_past_years():
    calendar = Calendar.from_spec(WEKALL)
    start = bogota(2099, 12, 31, 17, 0)
    assert calendar.elapsed(start, calendar.add(start, 600)) == timedelta(hours=10)
    old = bogota(1999, 6, 1, 9, 0)
    assert calendar.elapsed(old, calendar.add(old, 600)) == timedelta(hours=10)
    with pytest.raises(OverflowError):
        calendar.add(datetime(9999, 12, 1, tzinfo=UTC), 60)


def test_concurrent_first_use_is_consistent():
    spec = {**WEKALL, "closed": ["2026-06-02"]}  # a calendar no other test has built
    calendar = Calendar.from_spec(spec)
    starts = [bogota(2026, 1, 1) + timedelta(hours=7 * i) for i in range(400)]
    results: dict[int, list[datetime]] = {}

    def work(index: int) -> None:
        results[index] = [calendar.add(s, 2000 * 60) for s in starts]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results[0] == results[1] == results[2] == results[3]


def test_huge_amounts_fail_fast():
    calendar = Calendar.from_spec(WEKALL)
    with pytest.raises(OverflowError):
        calendar.add(bogota(2026, 3, 2, 9), 10**12)
