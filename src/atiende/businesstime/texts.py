"""Human-readable texts for :meth:`Calendar.explain`, in Spanish ("es") and English ("en")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

LANGUAGES = ("es", "en")

_WEEKDAY_NAMES = {
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_WEEKDAY_ABBREVIATIONS = {
    "es": ("lun", "mar", "mié", "jue", "vie", "sáb", "dom"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_AND = {"es": "y", "en": "and"}

# Placeholders: start, end, duration (real time of the step), total (business time counted
# so far), holiday, days.
_TEMPLATES = {
    "es": {
        "counted": "Cuenta {duration}: {start} → {end} (acumulado: {total}).",
        "after_hours": "No cuenta {start} → {end} ({duration}): fuera del horario de atención.",
        "closed_day": "No cuenta {start} → {end} ({duration}): día sin atención ({days}).",
        "holiday": "No cuenta {start} → {end} ({duration}): festivo «{holiday}» ({days}).",
        "closed_date": "No cuenta {start} → {end} ({duration}): fecha sin atención ({days}).",
        "pause": "No cuenta {start} → {end} ({duration}): reloj en pausa.",
    },
    "en": {
        "counted": "Counts {duration}: {start} → {end} (total so far: {total}).",
        "after_hours": "Skips {start} → {end} ({duration}): outside business hours.",
        "closed_day": "Skips {start} → {end} ({duration}): closed all day ({days}).",
        "holiday": "Skips {start} → {end} ({duration}): holiday “{holiday}” ({days}).",
        "closed_date": "Skips {start} → {end} ({duration}): closed date ({days}).",
        "pause": "Skips {start} → {end} ({duration}): clock paused.",
    },
}


def check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {language!r}")


def format_duration(value: timedelta) -> str:
    """``1 d 2 h 30 min`` (same abbreviations in both languages); ``0 min`` when zero."""
    seconds = int(value.total_seconds())
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    parts = [
        f"{amount} {unit}"
        for amount, unit in ((days, "d"), (hours, "h"), (minutes, "min"), (seconds, "s"))
        if amount
    ]
    return " ".join(parts) or "0 min"


def format_instant(value: datetime, language: str, after: datetime | None = None) -> str:
    """``vie 2026-03-20 17:30``; only the time when ``after`` is on the same local date."""
    clock = value.strftime("%H:%M:%S" if value.second or value.microsecond else "%H:%M")
    if value.replace(fold=1 - value.fold).utcoffset() != value.utcoffset():
        clock = f"{clock} {value.tzname()}"  # a repeated hour: say which one
    if after is not None and after.date() == value.date():
        return clock
    weekday = _WEEKDAY_ABBREVIATIONS[language][value.weekday()]
    return f"{weekday} {value.date().isoformat()} {clock}"


def format_days(days: Sequence[date], language: str, weekdays_only: bool = False) -> str:
    """``sábado y domingo`` (weekday names) or ``2026-12-24`` (dates)."""
    if weekdays_only:
        words = list(dict.fromkeys(_WEEKDAY_NAMES[language][d.weekday()] for d in days))
    else:
        words = [d.isoformat() for d in days]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {_AND[language]} {words[-1]}"


def render_step(
    kind: str,
    start: datetime,
    end: datetime,
    duration: timedelta,
    total: timedelta,
    holiday: str | None,
    days: Sequence[date],
    language: str,
) -> str:
    return _TEMPLATES[language][kind].format(
        start=format_instant(start, language),
        end=format_instant(end, language, after=start),
        duration=format_duration(duration),
        total=format_duration(total),
        holiday=holiday or "",
        days=format_days(days, language, weekdays_only=kind == "closed_day"),
    )
