"""Benchmark of atiende.businesstime against businesstimedelta.

Run from the repository root:

    .venv/bin/python bench/businesstime.py [--budget SECONDS] [--seed N]

Prints figures only (no asserts): operations per second on one core for each case, for
atiende.businesstime and for businesstimedelta on the same inputs, and their ratio. The WeKall
calendar is Mon-Fri 07:30-12:30 and 14:00-18:00, America/Bogota, minus Colombian holidays;
start instants are random (seeded) over 2026-2027.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

try:
    import atiende.businesstime  # noqa: F401
except ImportError:  # not installed: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import businesstimedelta
import holidays
import pytz

from atiende.businesstime import Calendar

WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
WEKALL = {
    "timezone": "America/Bogota",
    "week": {day: ["07:30-12:30", "14:00-18:00"] for day in WORKDAYS},
    "holidays": {"country": "CO"},
}
ALDEAMO = {
    "timezone": "America/Bogota",
    "week": {day: ["07:00-21:00"] for day in (*WORKDAYS, "sat", "sun")},
}
EMAIL_CHANNEL = {
    "timezone": "America/Bogota",
    "week": {day: ["08:00-20:00"] for day in WORKDAYS},
}
INPUTS = 5_000  # distinct random inputs per case


def wekall_rules() -> businesstimedelta.Rules:
    """The WeKall calendar as businesstimedelta rules."""
    zone = pytz.timezone("America/Bogota")
    days = [0, 1, 2, 3, 4]
    return businesstimedelta.Rules(
        [
            businesstimedelta.WorkDayRule(
                start_time=clock(7, 30), end_time=clock(18, 0), working_days=days, tz=zone
            ),
            businesstimedelta.LunchTimeRule(
                start_time=clock(12, 30), end_time=clock(14, 0), working_days=days, tz=zone
            ),
            businesstimedelta.HolidayRule(
                holidays.country_holidays("CO", years=range(2025, 2031)), tz=zone
            ),
        ]
    )


def ops_per_second(function: Callable[[Any], Any], inputs: Sequence[Any], budget: float) -> float:
    """Call ``function`` on the inputs, cycling, for about ``budget`` seconds."""
    calls = 0
    started = time.perf_counter()
    elapsed = 0.0
    while elapsed < budget:
        for item in inputs:
            function(item)
            calls += 1
            if calls % 64 == 0 and time.perf_counter() - started >= budget:
                break
        elapsed = time.perf_counter() - started
    return calls / elapsed


def agreement(
    ours: Callable[[Any], Any], theirs: Callable[[Any], Any], inputs: Sequence[Any], budget: float
) -> str:
    """On how many inputs (as many as ``budget`` seconds allow, at least 5) both libraries
    give the same instant or duration."""
    same = checked = 0
    started = time.perf_counter()
    for item in inputs:
        a, b = ours(item), theirs(item)
        if isinstance(a, datetime):
            a, b = a.astimezone(UTC), b.astimezone(UTC)
        same += a == b
        checked += 1
        if checked >= 5 and time.perf_counter() - started >= budget:
            break
    return f"{same}/{checked}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=1.0, help="seconds per measurement")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    zone = ZoneInfo("America/Bogota")  # as Django gives them; both libraries accept these
    base = datetime(2026, 1, 1, tzinfo=UTC)
    span = int((datetime(2028, 1, 1, tzinfo=UTC) - base).total_seconds())
    starts = [
        (base + timedelta(seconds=rng.randrange(span))).astimezone(zone) for _ in range(INPUTS)
    ]
    week_spans = [(s, s + timedelta(seconds=rng.randrange(14 * 86_400))) for s in starts]
    year_spans = [(s, s + timedelta(seconds=rng.randrange(366 * 86_400))) for s in starts]
    pause_sets = [
        [
            (p, p + timedelta(minutes=rng.randrange(30, 2 * 24 * 60)))
            for p in (s + timedelta(minutes=rng.randrange(0, 3 * 24 * 60)) for _ in range(3))
        ]
        for s in starts
    ]

    build_started = time.perf_counter()
    wekall = Calendar.from_spec(WEKALL)
    wekall.add(starts[0], 16 * 60)
    first_call = time.perf_counter() - build_started
    always = Calendar.always()
    plan_and_channel = Calendar.from_spec(ALDEAMO).intersect(Calendar.from_spec(EMAIL_CHANNEL))
    for calendar in (wekall, plan_and_channel):  # build the tables once, outside the timing
        for s in starts:
            calendar.add(s, 2000 * 60)
        calendar.elapsed(starts[0] - timedelta(days=800), starts[0] + timedelta(days=800))

    rules = wekall_rules()
    sixteen = businesstimedelta.BusinessTimeDelta(rules, hours=16)
    two_thousand = businesstimedelta.BusinessTimeDelta(rules, hours=2000)

    # (case, ours, theirs or None, inputs)
    cases: list[tuple[str, Callable[[Any], Any], Callable[[Any], Any] | None, list[Any]]] = [
        ("add 16 h, WeKall", lambda s: wekall.add(s, 960), lambda s: s + sixteen, starts),
        (
            "add 2,000 h, WeKall",
            lambda s: wekall.add(s, 120_000),
            lambda s: s + two_thousand,
            starts,
        ),
        (
            "elapsed, spans up to 14 days, WeKall",
            lambda ab: wekall.elapsed(*ab),
            lambda ab: rules.difference(*ab).timedelta,
            week_spans,
        ),
        (
            "elapsed, spans up to 1 year, WeKall",
            lambda ab: wekall.elapsed(*ab),
            lambda ab: rules.difference(*ab).timedelta,
            year_spans,
        ),
        (
            "add 16 h with 3 pauses, WeKall",
            lambda sp: wekall.add(sp[0], 960, sp[1]),
            None,
            list(zip(starts, pause_sets, strict=True)),
        ),
        (
            "add 16 h, plan 07-21 ∩ e-mail 08-20",
            lambda s: plan_and_channel.add(s, 960),
            None,
            starts,
        ),
        ("add 16 h, 24x7", lambda s: always.add(s, 960), None, starts),
    ]

    print(f"atiende.businesstime benchmark - Python {platform.python_version()}, one core")
    print(f"first add on a fresh WeKall calendar (builds its tables): {first_call * 1e3:.1f} ms")
    print()
    header = f"{'case':<40} {'ours ops/s':>12} {'btd ops/s':>12} {'ratio':>8}  agree"
    print(header)
    print("-" * len(header))
    for name, ours, theirs, inputs in cases:
        our_rate = ops_per_second(ours, inputs, args.budget)
        if theirs is None:
            print(f"{name:<40} {our_rate:>12,.0f} {'n/a':>12} {'':>8}")
            continue
        their_rate = ops_per_second(theirs, inputs, args.budget)
        agree = agreement(ours, theirs, inputs[:500], args.budget)
        ratio = our_rate / their_rate
        print(f"{name:<40} {our_rate:>12,.0f} {their_rate:>12,.0f} {ratio:>7,.0f}x  {agree}")
    print()
    print("btd = businesstimedelta; ratio = ours / btd;")
    print("agree = inputs on which both give the same result / inputs compared")


if __name__ == "__main__":
    main()
