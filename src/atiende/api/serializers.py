"""Shared serializer pieces: strict input, the error body, short references to objects."""

import copy
from collections.abc import Mapping

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail


class StrictSerializer(serializers.Serializer):
    """Fields not listed here are refused with a 400 that names each of them."""

    # Input serializer: unknown (and read-only) fields are errors, reported together with
    # the invalid ones, instead of being ignored.

    def get_fields(self):
        """The declared fields, each a copy of its own.

        DRF deep-copies every declared field for every serializer instance, which rebuilds
        each field from its arguments (a tenth of an API create). A field without children
        holds nothing that validation changes (its validators, choices and messages are
        only read), so a shallow copy, bound to this serializer, is as independent; fields
        with children (lists, dicts, nested serializers) are still deep-copied.
        """
        return {
            name: copy.deepcopy(field) if _has_children(field) else copy.copy(field)
            for name, field in self._declared_fields.items()
        }

    def to_internal_value(self, data):
        unknown = {}
        if isinstance(data, Mapping):
            accepted = {field.field_name for field in self._writable_fields}
            for key in data:
                if key not in accepted:
                    message = _("Unknown field: this endpoint accepts %(fields)s.") % {
                        "fields": ", ".join(sorted(accepted)) or _("no fields")
                    }
                    unknown[str(key)] = [ErrorDetail(message, code="unknown_field")]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, Mapping):
                raise serializers.ValidationError({**unknown, **exc.detail}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


def _has_children(field) -> bool:
    return isinstance(field, serializers.BaseSerializer) or hasattr(field, "child")


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer."""

    detail = serializers.CharField(help_text="What went wrong, in the request's language.")
    code = serializers.CharField(help_text="Stable code for programs, e.g. unknown_field.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per input field (400, and 409 when it concerns a field).",
    )


class OrganisationRef(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class ContactRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.CharField()


class UserRef(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class GroupRef(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class ServiceRef(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class SiteRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TicketRef(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
