"""Small model fields shared by several apps."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone: use an IANA name such as America/Bogota."),
            params={"value": value},
            code="invalid_time_zone",
        )


def default_language() -> str:
    return settings.LANGUAGE_CODE


def default_time_zone() -> str:
    return settings.TIME_ZONE


class LanguageField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("choices", [("es", _("Spanish")), ("en", _("English"))])
        kwargs.setdefault("default", default_language)
        super().__init__(*args, **kwargs)


class TimeZoneField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("default", default_time_zone)
        kwargs.setdefault("validators", [validate_time_zone])
        super().__init__(*args, **kwargs)
