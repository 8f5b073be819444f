"""Holiday dates and names from the ``holidays`` package, cached per (country, year)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays as holidays_package

# explain() languages -> the ``holidays`` package's language codes, most preferred first.
_LANGUAGE_CODES = {"es": ("es",), "en": ("en_US", "en_GB", "en")}


@lru_cache(maxsize=256)
def check_holiday_source(country: str, subdivision: str | None) -> tuple[str, str] | None:
    """Return ``(field, message)`` when the holidays package cannot serve this source."""
    try:
        entity = holidays_package.country_holidays(country, years=2026)
    except NotImplementedError:
        return (
            "country",
            f"{country!r} is not a country supported by the holidays package; use an "
            "ISO 3166-1 code such as 'CO', 'US' or 'ES'",
        )
    if subdivision is None:
        return None
    try:
        holidays_package.country_holidays(country, subdiv=subdivision, years=2026)
    except NotImplementedError:
        known = ", ".join(getattr(entity, "subdivisions", ())[:40]) or "none"
        return (
            "subdivision",
            f"{subdivision!r} is not a subdivision of {country}; use one of: {known}",
        )
    return None


def _entity_language(country: str, language: str | None) -> str | None:
    if language is None:
        return None
    entity_class = type(holidays_package.country_holidays(country, years=2026))
    supported = getattr(entity_class, "supported_languages", ())
    for code in _LANGUAGE_CODES.get(language, (language,)):
        if code in supported:
            return code
    return None


@lru_cache(maxsize=512)
def holiday_names(
    country: str, subdivision: str | None, year: int, language: str | None = None
) -> dict[date, str]:
    """The holidays of one calendar year as ``{date: name}``. Treat it as read-only."""
    entity = holidays_package.country_holidays(
        country, subdiv=subdivision, years=year, language=_entity_language(country, language)
    )
    return {d: name for d, name in entity.items() if d.year == year}


@lru_cache(maxsize=512)
def holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """The holiday dates of one calendar year."""
    return frozenset(holiday_names(country, subdivision, year))


def holiday_name(country: str, subdivision: str | None, day: date, language: str) -> str | None:
    """The holiday's name on ``day`` in ``language`` ("es"/"en") when available, else None."""
    return holiday_names(country, subdivision, day.year, language).get(day)
