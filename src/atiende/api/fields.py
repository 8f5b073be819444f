"""Serializer fields shared by the API's input serializers.

Lookups resolve ids (or slugs) only among the objects the requesting user may see: an
object of another organisation is "not found", exactly like one that does not exist (R3).
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from atiende.tickets.attachments import Upload

MAX_ID = 2**63 - 1
# Slugs, case numbers, service codes and user names: no spaces, no control characters.
_NAME_RE = re.compile(r"^[\w.@+-]{1,150}$")
MAX_FILES = 10


class Text(serializers.CharField):
    """A string field that refuses numbers, booleans and other non-strings."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class Id(serializers.IntegerField):
    """A positive database id; refuses booleans and values no column can hold."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class _Lookup(serializers.Field):
    """An object the requesting user may see, by id (or unique name).

    A serializer that already read the object with another one (one query for two fields)
    offers it through ``known_object(field_name, lookup)``; it returns ``None`` for anything
    it did not read, and the field then queries as usual.
    """

    default_error_messages = {
        "invalid": gettext_lazy("Give the id (a number) of the %(noun)s."),
        "invalid_or_name": gettext_lazy("Give the id (a number) or the %(name)s of the %(noun)s."),
        "not_found": gettext_lazy("There is no %(noun)s “%(value)s” that you can use here."),
    }

    def __init__(
        self,
        visible: Callable[[object], QuerySet],
        *,
        noun: str,
        name_field: str | None = None,
        name_label: str = "",
        **kwargs,
    ):
        self.visible = visible
        self.noun = noun
        self.name_field = name_field
        self.name_label = name_label or name_field or ""
        super().__init__(**kwargs)

    def _fail(self, key: str, **values):
        message = self.error_messages[key] % {
            "noun": self.noun,
            "name": self.name_label,
            **values,
        }
        raise serializers.ValidationError(message, code=key)

    def lookup_for(self, data) -> dict:
        """The ORM lookup ``data`` asks for (``{"pk": 12}``, ``{"slug": "acme"}``); a
        ValidationError when it is neither an id nor a name."""
        if isinstance(data, int) and not isinstance(data, bool):
            lookup = {"pk": data}
        elif isinstance(data, str) and data.strip().isdigit() and data.strip().isascii():
            lookup = {"pk": int(data.strip())}
        elif self.name_field and isinstance(data, str) and _NAME_RE.match(data.strip()):
            lookup = {self.name_field: data.strip()}
        else:
            self._fail("invalid_or_name" if self.name_field else "invalid")
        if "pk" in lookup and not 1 <= lookup["pk"] <= MAX_ID:
            self._fail("not_found", value=data)
        return lookup

    def to_internal_value(self, data):
        lookup = self.lookup_for(data)
        known = getattr(self.parent, "known_object", None)
        found = known(self.field_name, lookup) if known else None
        if found is not None:
            return found
        queryset = self.visible(self.context["request"].user)
        try:
            return queryset.get(**lookup)
        except queryset.model.DoesNotExist:
            self._fail("not_found", value=data)

    def to_representation(self, value):
        return value.pk


@extend_schema_field(OpenApiTypes.INT)
class IdLookup(_Lookup):
    """An object given by its id."""


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}]})
class IdOrNameLookup(_Lookup):
    """An object given by its id or by a unique name (slug, code, user name, case number)."""


class UploadField(serializers.FileField):
    """One uploaded file, checked against the size limit before it is read into memory."""

    def to_internal_value(self, data):
        file = super().to_internal_value(data)
        limit = settings.ATIENDE_ATTACHMENT_MAX_BYTES
        if file.size > limit:
            raise serializers.ValidationError(
                _("“%(name)s” is %(size)s bytes; attachments may be at most %(limit)s bytes.")
                % {"name": file.name, "size": file.size, "limit": limit},
                code="attachment_too_large",
            )
        return Upload(filename=file.name, content=file.read())


def uploads(**kwargs) -> serializers.ListField:
    """Up to ``MAX_FILES`` files sent as repeated multipart parts of one name."""
    kwargs.setdefault("required", False)
    return serializers.ListField(
        child=UploadField(), max_length=MAX_FILES, allow_empty=not kwargs["required"], **kwargs
    )


def version_field() -> Id:
    return Id(
        required=False,
        help_text=gettext_lazy(
            "The ticket's version as you last read it: if the ticket changed since, the "
            "answer is 409 and nothing is changed."
        ),
    )
