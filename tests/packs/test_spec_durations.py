"""Durations: "90m", "6h", "1h30m", "3d" or a number of minutes, as Decimal minutes."""

from decimal import Decimal

import pytest

from atiende.packs.spec import format_duration, parse_duration


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("90m", 90),
        ("6h", 360),
        ("1h30m", 90),
        ("3d", 4320),
        ("1d2h3m", 1440 + 120 + 3),
        ("1.5h", 90),
        ("0.5m", Decimal("0.5")),
        (" 45 ", 45),
        ("2H", 120),
        (45, 45),
        (1.5, Decimal("1.5")),
        ("-30m", -30),
    ],
)
def test_it_reads_durations_as_minutes(written, minutes):
    assert parse_duration(written) == Decimal(minutes)


@pytest.mark.parametrize(
    "written", ["", "h", "90 minutes", "1m30h", "abc", True, None, [1], "1,5h"]
)
def test_it_refuses_what_is_not_a_duration(written):
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(written)


@pytest.mark.parametrize(
    ("minutes", "written"),
    [(90, "1h30m"), (60, "1h"), (45, "45m"), (0, "0m"), (Decimal("0.5"), "0.5m"), (4320, "72h")],
)
def test_it_writes_durations_that_read_back(minutes, written):
    assert format_duration(Decimal(minutes)) == written
    assert parse_duration(written) == Decimal(minutes)
