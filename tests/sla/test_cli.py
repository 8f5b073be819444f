"""``atiende sla due`` and ``atiende sla elapsed``, called in-process."""

import argparse
import io
import json

import pytest

from atiende.cli import EXIT_CONFIG, CommandError
from atiende.commands import sla as cli
from tests.sla import configs


@pytest.fixture
def calendar_file(tmp_path):
    path = tmp_path / "wekall.yaml"
    path.write_text(
        "timezone: America/Bogota\n"
        "week:\n"
        "  mon: ['07:30-12:30', '14:00-18:00']\n"
        "  tue: ['07:30-12:30', '14:00-18:00']\n"
        "  wed: ['07:30-12:30', '14:00-18:00']\n"
        "  thu: ['07:30-12:30', '14:00-18:00']\n"
        "  fri: ['07:30-12:30', '14:00-18:00']\n"
        "holidays: {country: CO}\n",
        encoding="utf-8",
    )
    return str(path)


def _run(*argv):
    parser = argparse.ArgumentParser(prog="atiende")
    cli.add_arguments(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sla", *argv])
    out = io.StringIO()
    assert cli.run(args, stdout=out) == 0
    return out.getvalue().splitlines()


def _fails(*argv) -> str:
    with pytest.raises(CommandError) as caught:
        _run(*argv)
    assert caught.value.exit_code == EXIT_CONFIG
    return caught.value.message


def test_it_prints_the_due_instant_over_a_holiday_weekend(calendar_file):
    lines = _run(
        "due", "--calendar", calendar_file, "--start", "2026-11-13T17:30-05:00", "--minutes", "60"
    )
    assert lines == ["2026-11-17T08:00:00-05:00"]


def test_it_explains_in_the_language_asked(calendar_file, settings):
    settings.LANGUAGE_CODE = "es"
    base = ["due", "--calendar", calendar_file, "--start", "2026-11-13T17:30-05:00"]
    spanish = _run(*base, "--minutes", "60", "--explain")
    assert spanish[0] == "2026-11-17T08:00:00-05:00"
    assert any("festivo" in line for line in spanish[1:])
    english = _run(*base, "--minutes", "60", "--explain", "--language", "en")
    assert any("holiday" in line for line in english[1:])
    assert len(english) == len(spanish)


def test_it_skips_pauses_and_accepts_bracketed_zones(calendar_file):
    lines = _run(
        "due",
        "--calendar",
        calendar_file,
        "--start",
        "2026-11-23T09:00[America/Bogota]",
        "--minutes",
        "480",
        "--pause",
        "2026-11-23T10:00[America/Bogota]/2026-11-24T09:00-05:00",
    )
    assert lines == ["2026-11-24T17:30:00-05:00"]


def test_it_prints_elapsed_business_minutes(calendar_file):
    base = ["elapsed", "--calendar", calendar_file]
    friday = "2026-11-13T17:30-05:00"
    assert _run(*base, "--start", friday, "--end", "2026-11-17T08:00-05:00") == ["60"]
    assert _run(*base, "--start", friday, "--end", "2026-11-13T17:31:30-05:00") == ["1.5"]
    paused = _run(
        *base,
        "--start", friday,
        "--end", "2026-11-17T08:00-05:00",
        "--pause", "2026-11-13T17:40-05:00/2026-11-13T17:50-05:00",
    )  # fmt: skip
    assert paused == ["50"]


def test_it_reads_json_calendars(tmp_path):
    path = tmp_path / "vip.json"
    path.write_text(json.dumps(configs.ALDEAMO_VIP), encoding="utf-8")
    lines = _run(
        "due", "--calendar", str(path), "--start", "2026-03-04T23:00-05:00", "--minutes", "7.5"
    )
    assert lines == ["2026-03-04T23:07:30-05:00"]


def test_it_explains_what_is_wrong_and_where(tmp_path, calendar_file):
    start = ["--start", "2026-11-13T17:30-05:00", "--minutes", "60"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("timezone: America/Bogota\nweek:\n  mon: ['07:30-25:00']\n", encoding="utf-8")
    message = _fails("due", "--calendar", str(bad), *start)
    assert "bad.yaml" in message and "week.mon[0]" in message
    bad.write_text("timezone: Mars/Olympus\nweek: {mon: ['08:00-17:00']}\n", encoding="utf-8")
    assert "timezone" in _fails("due", "--calendar", str(bad), *start)
    bad.write_text("timezone: [unclosed\n", encoding="utf-8")
    assert "bad.yaml:" in _fails("due", "--calendar", str(bad), *start)
    assert "does not exist" in _fails("due", "--calendar", str(tmp_path / "none.yaml"), *start)
    naive = _fails(
        "due", "--calendar", calendar_file, "--start", "2026-11-13T17:30", "--minutes", "60"
    )
    assert "--start" in naive and "offset" in naive
    zone = _fails(
        "due", "--calendar", calendar_file, "--start", "2026-11-13T17:30[Mars/Olympus]",
        "--minutes", "60",
    )  # fmt: skip
    assert "Mars/Olympus" in zone
    assert "--minutes" in _fails(
        "due", "--calendar", calendar_file, "--start", "2026-11-13T17:30Z", "--minutes", "-5"
    )
    assert "--pause #1" in _fails(
        "elapsed", "--calendar", calendar_file, "--start", "2026-11-13T17:30Z",
        "--end", "2026-11-14T17:30Z", "--pause", "2026-11-13T18:00Z",
    )  # fmt: skip
    assert "--end" in _fails(
        "elapsed", "--calendar", calendar_file, "--start", "2026-11-13T17:30Z",
        "--end", "2026-11-12T17:30Z",
    )  # fmt: skip
