"""Property tests: the Calendar agrees with the brute-force oracle on random calendars."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atiende.businesstime import Calendar

from .oracle import Oracle
from .strategies import (
    DAY,
    ZONES,
    add_cases,
    calendar_specs,
    instants,
    pause_lists,
    utc_date,
)
from .timeutils import as_minutes, aware, aware_pauses, utc

PROPERTY = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
INPUT_ZONES = st.sampled_from((*ZONES, "UTC", "Asia/Tokyo"))


@PROPERTY
@given(case=add_cases(max_minutes=72 * 60), input_zone=INPUT_ZONES)
def test_add_matches_oracle(case, input_zone):
    spec, start, seconds, pauses = case
    calendar = Calendar.from_spec(spec)
    expected = Oracle(spec).add(start, seconds, pauses)
    result = calendar.add(
        aware(start, input_zone), as_minutes(seconds), aware_pauses(pauses, input_zone)
    )
    assert utc(result) == aware(expected, "UTC")
    assert result.tzinfo == ZoneInfo(spec["timezone"])
    # What add() consumed, elapsed() measures.
    elapsed = calendar.elapsed(aware(start, "UTC"), result, aware_pauses(pauses, "UTC"))
    assert elapsed == timedelta(seconds=seconds)


@settings(PROPERTY, max_examples=25)
@given(case=add_cases(max_minutes=2000 * 60, with_pauses=False, max_weeks=45, big=True))
def test_add_big_amounts_matches_oracle(case):
    spec, start, seconds, _ = case
    calendar = Calendar.from_spec(spec)
    expected = Oracle(spec).add(start, seconds)
    assert utc(calendar.add(aware(start, "UTC"), as_minutes(seconds))) == aware(expected, "UTC")


@settings(PROPERTY, max_examples=15)
@given(case=add_cases(max_minutes=2000 * 60, with_pauses=True, max_weeks=45, big=True))
def test_add_big_amounts_with_pauses_matches_oracle(case):
    spec, start, seconds, pauses = case
    calendar = Calendar.from_spec(spec)
    expected = Oracle(spec).add(start, seconds, pauses)
    result = calendar.add(aware(start, "UTC"), as_minutes(seconds), aware_pauses(pauses, "UTC"))
    assert utc(result) == aware(expected, "UTC")


@st.composite
def elapsed_cases(draw: st.DrawFn, max_days: int):
    zone = draw(st.sampled_from(ZONES))
    a = draw(instants(zone))
    spec = draw(calendar_specs(zone=zone, around=utc_date(a)))
    b = a + draw(st.integers(-DAY, max_days * DAY))
    pauses = draw(pause_lists(a))
    return spec, a, b, pauses


@PROPERTY
@given(case=elapsed_cases(max_days=10), input_zone=INPUT_ZONES)
def test_elapsed_matches_oracle(case, input_zone):
    spec, a, b, pauses = case
    calendar = Calendar.from_spec(spec)
    expected = Oracle(spec).elapsed(a, b, pauses)
    result = calendar.elapsed(
        aware(a, input_zone), aware(b, input_zone), aware_pauses(pauses, input_zone)
    )
    assert result == timedelta(seconds=expected)


@settings(PROPERTY, max_examples=25)
@given(case=elapsed_cases(max_days=400))
def test_elapsed_long_spans_matches_oracle(case):
    spec, a, b, pauses = case
    calendar = Calendar.from_spec(spec)
    expected = Oracle(spec).elapsed(a, b, pauses)
    assert calendar.elapsed(aware(a, "UTC"), aware(b, "UTC"), aware_pauses(pauses, "UTC")) == (
        timedelta(seconds=expected)
    )


@st.composite
def instant_cases(draw: st.DrawFn):
    zone = draw(st.sampled_from(ZONES))
    t = draw(instants(zone))
    spec = draw(calendar_specs(zone=zone, around=utc_date(t) - timedelta(days=2)))
    return spec, t


@PROPERTY
@given(case=instant_cases(), input_zone=INPUT_ZONES)
def test_is_open_and_next_open_match_oracle(case, input_zone):
    spec, t = case
    calendar = Calendar.from_spec(spec)
    oracle = Oracle(spec)
    assert calendar.is_open(aware(t, input_zone)) == oracle.is_open(t)
    result = calendar.next_open(aware(t, input_zone))
    assert utc(result) == aware(oracle.next_open(t), "UTC")
    assert result.tzinfo == ZoneInfo(spec["timezone"])


@st.composite
def intersection_cases(draw: st.DrawFn):
    zone = draw(st.sampled_from(ZONES))
    start = draw(instants(zone))
    around = utc_date(start)
    first = draw(calendar_specs(zone=zone, around=around))
    second = draw(calendar_specs(around=around))
    seconds = draw(st.integers(0, 24 * 3600))
    pauses = draw(pause_lists(start))
    return first, second, start, seconds, pauses


@settings(PROPERTY, max_examples=60)
@given(case=intersection_cases())
def test_intersection_matches_oracle(case):
    first, second, start, seconds, pauses = case
    calendar = Calendar.from_spec(first).intersect(Calendar.from_spec(second))
    oracle = Oracle(first, second)
    horizon = start + 21 * DAY
    assert calendar.is_open(aware(start, "UTC")) == oracle.is_open(start)
    available = oracle.elapsed(start, horizon, pauses)
    measured = calendar.elapsed(
        aware(start, "UTC"), aware(horizon, "UTC"), aware_pauses(pauses, "UTC")
    )
    assert measured == timedelta(seconds=available)
    if available >= seconds:  # otherwise the oracle would walk too long
        result = calendar.add(aware(start, "UTC"), as_minutes(seconds), aware_pauses(pauses, "UTC"))
        assert utc(result) == aware(oracle.add(start, seconds, pauses), "UTC")
    # The result of an intersection round-trips through its spec.
    assert Calendar.from_spec(calendar.to_spec()) == calendar


@PROPERTY
@given(case=elapsed_cases(max_days=10))
def test_add_of_an_elapsed_amount_matches_oracle(case):
    """Amounts measured up to a random instant: the target is often used up exactly at a
    closing time or at the start of a pause, where the earliest instant must be returned."""
    spec, a, b, pauses = case
    calendar = Calendar.from_spec(spec)
    oracle = Oracle(spec)
    seconds = oracle.elapsed(a, b, pauses)
    expected = oracle.add(a, seconds, pauses)
    assert expected <= max(a, b)
    result = calendar.add(aware(a, "UTC"), as_minutes(seconds), aware_pauses(pauses, "UTC"))
    assert utc(result) == aware(expected, "UTC")
