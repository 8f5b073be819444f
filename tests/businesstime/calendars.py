"""Calendars of the real support processes, as specs, and the zones of the explicit tests."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from .timeutils import BOGOTA

__all__ = ["ALDEAMO", "ALL_DAYS", "BOGOTA", "EMAIL_CHANNEL", "MADRID", "NEW_YORK", "WEKALL"]

NEW_YORK = ZoneInfo("America/New_York")
MADRID = ZoneInfo("Europe/Madrid")

WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
ALL_DAYS = (*WORKDAYS, "sat", "sun")

# WeKall: Mon-Fri 07:30-12:30 and 14:00-18:00, Bogota, minus Colombian holidays.
WEKALL = {
    "timezone": "America/Bogota",
    "week": {day: ["07:30-12:30", "14:00-18:00"] for day in WORKDAYS},
    "holidays": {"country": "CO"},
}

# Aldeamo: every day 07:00-21:00, Bogota.
ALDEAMO = {
    "timezone": "America/Bogota",
    "week": {day: ["07:00-21:00"] for day in ALL_DAYS},
}

# An e-mail channel answered Mon-Fri 08:00-20:00, Bogota.
EMAIL_CHANNEL = {
    "timezone": "America/Bogota",
    "week": {day: ["08:00-20:00"] for day in WORKDAYS},
}
