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


def pack_slug_constraints(prefix: str) -> list:
    """A slug unique within its process pack, and among the rows that have no pack."""
    return [
        models.UniqueConstraint(
            fields=["pack", "slug"],
            name=f"{prefix}_unique_slug_per_pack",
            violation_error_code="slug_taken",
            violation_error_message=_("This slug is already used: choose another one."),
        ),
        models.UniqueConstraint(
            fields=["slug"],
            condition=models.Q(pack__isnull=True),
            name=f"{prefix}_unique_slug_without_pack",
            violation_error_code="slug_taken",
            violation_error_message=_("This slug is already used: choose another one."),
        ),
    ]


class PackSlugMixin:
    """Reports a taken slug (see :func:`pack_slug_constraints`) on the ``slug`` field."""

    def validate_constraints(self, exclude=None):
        from django.core.exceptions import NON_FIELD_ERRORS

        try:
            super().validate_constraints(exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict({})
            general = errors.pop(NON_FIELD_ERRORS, [])
            taken = [e for e in general if getattr(e, "code", None) == "slug_taken"]
            rest = [e for e in general if getattr(e, "code", None) != "slug_taken"]
            if taken:
                errors.setdefault("slug", []).extend(taken[:1])
            if rest:
                errors[NON_FIELD_ERRORS] = rest
            raise ValidationError(errors) from None
