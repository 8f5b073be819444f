"""explain(): what was counted and what was skipped, and why, in Spanish and English."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings

from atiende.businesstime import Calendar, Step, StepKind

from .calendars import ALDEAMO, EMAIL_CHANNEL, WEKALL
from .strategies import add_cases
from .timeutils import aware, aware_pauses, bogota, utc


@pytest.fixture(scope="module")
def wekall() -> Calendar:
    return Calendar.from_spec(WEKALL)


def check_consistent(calendar: Calendar, start, minutes, pauses, steps: list[Step]) -> None:
    """Steps are contiguous from start to the due instant and count exactly the amount."""
    due = calendar.add(start, minutes, pauses)
    if minutes == 0:
        assert steps == []
        return
    assert utc(steps[0].start) == utc(start)
    assert utc(steps[-1].end) == utc(due)
    for before, after in pairwise(steps):
        assert utc(before.end) == utc(after.start)
    assert sum((s.counted for s in steps), timedelta(0)) == timedelta(seconds=round(minutes * 60))
    assert steps[-1].total == timedelta(seconds=round(minutes * 60))
    assert steps[-1].kind is StepKind.COUNTED
    for step in steps:
        assert utc(step.start) < utc(step.end)
        assert step.text
        if step.kind is StepKind.COUNTED:
            assert step.counted == step.duration
            assert calendar.is_open(step.start)
        else:
            assert step.counted == timedelta(0)
            if step.kind is not StepKind.PAUSE:
                assert not calendar.is_open(step.start)


def test_friday_before_a_monday_holiday_in_spanish(wekall):
    start = bogota(2026, 3, 20, 17, 30)
    steps = wekall.explain(start, 60)
    assert [s.kind for s in steps] == [
        StepKind.COUNTED,
        StepKind.AFTER_HOURS,
        StepKind.CLOSED_DAY,
        StepKind.HOLIDAY,
        StepKind.AFTER_HOURS,
        StepKind.COUNTED,
    ]
    check_consistent(wekall, start, 60, (), steps)
    holiday = steps[3]
    assert holiday.start == bogota(2026, 3, 23)
    assert holiday.end == bogota(2026, 3, 24)
    assert holiday.days == (bogota(2026, 3, 23).date(),)
    assert "San José" in holiday.holiday
    assert "festivo" in holiday.text and "San José" in holiday.text
    assert steps[2].days == (bogota(2026, 3, 21).date(), bogota(2026, 3, 22).date())
    assert "sábado y domingo" in steps[2].text
    assert "fuera del horario" in steps[1].text
    assert steps[0].text == "Cuenta 30 min: vie 2026-03-20 17:30 → 18:00 (acumulado: 30 min)."
    assert steps[-1].end == bogota(2026, 3, 24, 8, 0)
    assert steps[-1].total == timedelta(hours=1)


def test_friday_before_a_monday_holiday_in_english(wekall):
    steps = wekall.explain(bogota(2026, 3, 20, 17, 30), 60, language="en")
    holiday = steps[3]
    assert holiday.kind is StepKind.HOLIDAY
    assert "Saint Joseph" in holiday.holiday
    assert "holiday" in holiday.text and "Saint Joseph" in holiday.text
    assert "Saturday and Sunday" in steps[2].text
    assert "outside business hours" in steps[1].text
    assert steps[0].text == "Counts 30 min: Fri 2026-03-20 17:30 → 18:00 (total so far: 30 min)."


def test_holy_week_names_each_holiday(wekall):
    steps = wekall.explain(bogota(2027, 3, 24, 17, 0), 4 * 60, language="es")
    holidays = [s for s in steps if s.kind is StepKind.HOLIDAY]
    assert [h.holiday for h in holidays] == ["Jueves Santo", "Viernes Santo"]
    steps = wekall.explain(bogota(2027, 3, 24, 17, 0), 4 * 60, language="en")
    assert [s.holiday for s in steps if s.kind is StepKind.HOLIDAY] == [
        "Maundy Thursday",
        "Good Friday",
    ]


def test_closed_date_and_pause_are_explained():
    calendar = Calendar.from_spec({**WEKALL, "closed": ["2026-12-24"]})
    start = bogota(2026, 12, 23, 10, 0)
    pauses = [(bogota(2026, 12, 23, 11, 0), bogota(2026, 12, 23, 15, 0))]
    steps = calendar.explain(start, 5 * 60, pauses, language="en")
    kinds = [s.kind for s in steps]
    assert kinds[:3] == [StepKind.COUNTED, StepKind.PAUSE, StepKind.COUNTED]
    assert StepKind.CLOSED_DATE in kinds
    closed = next(s for s in steps if s.kind is StepKind.CLOSED_DATE)
    assert "closed date" in closed.text and "2026-12-24" in closed.text
    assert "paused" in steps[1].text
    check_consistent(calendar, start, 5 * 60, pauses, steps)
    spanish = calendar.explain(start, 5 * 60, pauses)
    assert "pausa" in spanish[1].text


def test_zero_minutes_explain_nothing(wekall):
    assert wekall.explain(bogota(2026, 3, 20, 17, 30), 0) == []


def test_unknown_language(wekall):
    with pytest.raises(ValueError, match="language"):
        wekall.explain(bogota(2026, 3, 20, 17, 30), 60, language="fr")


def test_explain_intersection():
    both = Calendar.from_spec(ALDEAMO).intersect(Calendar.from_spec(EMAIL_CHANNEL))
    start = bogota(2026, 3, 20, 19, 30)
    steps = both.explain(start, 60, language="en")
    assert [s.kind for s in steps] == [
        StepKind.COUNTED,
        StepKind.AFTER_HOURS,
        StepKind.CLOSED_DAY,
        StepKind.AFTER_HOURS,
        StepKind.COUNTED,
    ]
    check_consistent(both, start, 60, (), steps)


def test_explain_24x7_is_one_step():
    always = Calendar.always()
    start = bogota(2026, 3, 20, 17, 30)
    steps = always.explain(start, 3000 * 60)
    assert len(steps) == 1
    assert steps[0].counted == timedelta(hours=3000)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=add_cases(max_minutes=200 * 60))
def test_explain_is_consistent_with_add(case):
    spec, start, seconds, pauses = case
    calendar = Calendar.from_spec(spec)
    minutes = seconds / 60
    dt_pauses = aware_pauses(pauses, "UTC")
    for language in ("es", "en"):
        steps = calendar.explain(aware(start, "UTC"), minutes, dt_pauses, language=language)
        check_consistent(calendar, aware(start, "UTC"), minutes, dt_pauses, steps)
