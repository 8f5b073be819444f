"""Calendar specs: parsing, normalization, round trip, and errors that name the field."""

from __future__ import annotations

import copy
import pickle
from datetime import date, datetime

import pytest

from atiende.businesstime import Calendar, CalendarError

from .calendars import WEKALL
from .timeutils import bogota

VALID = {
    "timezone": "America/Bogota",
    "week": {"mon": ["07:30-12:30", "14:00-18:00"], "tue": ["00:00-24:00"], "sat": []},
    "holidays": {"country": "CO"},
    "closed": ["2026-12-24"],
    "open": ["2026-12-08"],
}


def test_round_trip_of_a_full_spec():
    calendar = Calendar.from_spec(VALID)
    spec = calendar.to_spec()
    assert spec == {
        "timezone": "America/Bogota",
        "week": {"mon": ["07:30-12:30", "14:00-18:00"], "tue": ["00:00-24:00"]},
        "holidays": {"country": "CO"},
        "closed": ["2026-12-24"],
        "open": ["2026-12-08"],
    }
    assert Calendar.from_spec(spec) == calendar
    assert Calendar.from_spec(spec).to_spec() == spec


def test_equal_specs_give_the_same_cached_calendar():
    assert Calendar.from_spec(WEKALL) is Calendar.from_spec(dict(WEKALL))
    assert hash(Calendar.from_spec(WEKALL)) == hash(Calendar.from_spec(WEKALL))


def test_normalization_sorts_and_joins_touching_intervals():
    calendar = Calendar.from_spec(
        {
            "timezone": "UTC",
            "week": {"mon": ["14:00-18:00", "07:00-12:00", "12:00-13:00"], "wed": None},
            "closed": ["2026-12-31", "2026-01-01", "2026-01-01"],
        }
    )
    assert calendar.to_spec() == {
        "timezone": "UTC",
        "week": {"mon": ["07:00-13:00", "14:00-18:00"]},
        "closed": ["2026-01-01", "2026-12-31"],
    }


def test_subdivision_and_lowercase_country():
    calendar = Calendar.from_spec(
        {
            "timezone": "America/New_York",
            "week": {"mon": ["09:00-17:00"]},
            "holidays": {"country": "us", "subdivision": "NY"},
        }
    )
    assert calendar.to_spec()["holidays"] == {"country": "US", "subdivision": "NY"}


def test_dates_may_be_date_objects_as_yaml_loads_them():
    yaml = pytest.importorskip("yaml")
    spec = yaml.safe_load(
        """
        timezone: America/Bogota
        week:
          mon: ["07:30-12:30", "14:00-18:00"]
          fri: ["07:30-12:30"]
        holidays: {country: CO}
        closed: [2026-12-24]
        open: []
        """
    )
    assert spec["closed"] == [date(2026, 12, 24)]
    calendar = Calendar.from_spec(spec)
    assert not calendar.is_open(bogota(2026, 12, 24, 9, 0))  # a Thursday anyway
    assert calendar.to_spec()["closed"] == ["2026-12-24"]


def spec_with(**changes):
    spec = {"timezone": "America/Bogota", "week": {"mon": ["07:30-12:30"]}}
    spec.update(changes)
    return spec


def week(*intervals):
    return spec_with(week={"mon": list(intervals)})


@pytest.mark.parametrize(
    ("spec", "path", "fragment"),
    [
        (["not", "a", "mapping"], "", "mapping"),
        (spec_with(timezon="UTC"), "", "unknown field 'timezon'"),
        ({"week": {"mon": ["08:00-12:00"]}}, "timezone", "missing"),
        ({"timezone": "UTC"}, "week", "missing"),
        (spec_with(timezone="America/Bogata"), "timezone", "America/Bogota"),
        (spec_with(timezone=5), "timezone", "IANA"),
        (spec_with(week=["07:30-12:30"]), "week", "mapping from weekday"),
        (spec_with(week={"lun": ["07:30-12:30"]}), "week", "unknown weekday 'lun'"),
        (spec_with(week={"monday": ["07:30-12:30"]}), "week", "mon, tue"),
        (spec_with(week={"mon": "07:30-12:30"}), "week.mon", "list of intervals"),
        (spec_with(week={"mon": []}), "week", "never be open"),
        (week("07:30-12:30", 1400), "week.mon[1]", "expected a string"),
        (week("7.30-12.30"), "week.mon[0]", "write HH:MM-HH:MM"),
        (week("07:30-25:00"), "week.mon[0]", "'25:00'"),
        (week("07:60-08:00"), "week.mon[0]", "not a time of day"),
        (week("24:00-24:00"), "week.mon[0]", "24:00 only as an end"),
        (week("12:00-12:00"), "week.mon[0]", "is empty"),
        (week("07:30-12:30", "12:00-13:00"), "week.mon[1]", "overlaps '07:30-12:30'"),
        (week("07:30-12:30", "08:00-09:00"), "week.mon[1]", "week.mon[0]"),
        (spec_with(holidays="CO"), "holidays", "{country: CO}"),
        (spec_with(holidays={"pais": "CO"}), "holidays", "unknown field 'pais'"),
        (spec_with(holidays={}), "holidays.country", "country code"),
        (spec_with(holidays={"country": "XX"}), "holidays.country", "'XX'"),
        (
            spec_with(holidays={"country": "US", "subdivision": "ZZ"}),
            "holidays.subdivision",
            "NY",
        ),
        (spec_with(closed="2026-12-24"), "closed", "list of dates"),
        (spec_with(closed=["2026-02-30"]), "closed[0]", "YYYY-MM-DD"),
        (spec_with(closed=["2026-12-24", "24/12/2026"]), "closed[1]", "'24/12/2026'"),
        (
            spec_with(closed=[datetime(2026, 12, 24, tzinfo=bogota(2026, 1, 1).tzinfo)]),
            "closed[0]",
            "datetime",
        ),
        (spec_with(open=["tomorrow"]), "open[0]", "YYYY-MM-DD"),
        ({"intersection": []}, "intersection", "non-empty list"),
        ({"intersection": [WEKALL, {"intersection": [WEKALL]}]}, "intersection[1]", "nested"),
        ({"intersection": [WEKALL, week("9-10")]}, "intersection[1].week.mon[0]", "HH:MM"),
        ({"intersection": [WEKALL], "timezone": "Mars/Base"}, "timezone", "unknown time zone"),
        ({"intersection": [WEKALL], "week": {}}, "", "unknown field 'week'"),
    ],
)
def test_bad_specs_name_the_field_and_the_fix(spec, path, fragment):
    with pytest.raises(CalendarError) as caught:
        Calendar.from_spec(spec)
    error = caught.value
    assert error.path == path
    assert str(error).startswith(f"{path}: " if path else "")
    assert fragment in str(error)
    assert isinstance(error, ValueError)


def test_end_before_start_message():
    with pytest.raises(CalendarError) as caught:
        Calendar.from_spec(spec_with(week={"mon": ["07:30-12:30", "14:00-12:00"]}))
    assert str(caught.value).startswith(
        "week.mon[1]: '14:00-12:00' ends before it starts; "
        "write HH:MM-HH:MM with the end after the start"
    )


def test_a_date_both_closed_and_open_is_open():
    calendar = Calendar.from_spec(
        spec_with(closed=["2026-03-02"], open=["2026-03-02"])  # a Monday
    )
    assert calendar.is_open(bogota(2026, 3, 2, 8, 0))


def test_calendars_pickle_as_their_spec():
    calendar = Calendar.from_spec(WEKALL).intersect(Calendar.always())
    calendar.add(bogota(2026, 3, 20, 17, 30), 60)  # tables built: still picklable
    assert pickle.loads(pickle.dumps(calendar)) == calendar  # noqa: S301 - our own data
    assert copy.deepcopy(calendar) == calendar
    assert "America/Bogota" in repr(calendar)
