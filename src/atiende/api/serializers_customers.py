"""Organisations and contacts in and out (R1)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from atiende.api.fields import IdOrNameLookup, Text
from atiende.api.serializers import OrganisationRef, StrictSerializer
from atiende.customers.access import organisations_visible_to
from atiende.customers.models import AccountStatus

LANGUAGES = [("es", "es"), ("en", "en")]


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    plan = serializers.CharField()
    account_status = serializers.ChoiceField(choices=AccountStatus.choices)
    language = serializers.CharField()
    time_zone = serializers.CharField()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class OrganisationWriteSerializer(StrictSerializer):
    """Create with ``name`` and ``slug``; PATCH any subset."""

    name = Text(max_length=200)
    slug = Text(max_length=64, help_text=gettext_lazy("Lower-case letters, digits, hyphens."))
    plan = Text(required=False, allow_blank=True, max_length=64)
    account_status = serializers.ChoiceField(choices=AccountStatus.choices, required=False)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)
    time_zone = Text(
        required=False,
        max_length=64,
        help_text=gettext_lazy("IANA time-zone name, e.g. America/Bogota."),
    )
    is_active = serializers.BooleanField(required=False)


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = OrganisationRef()
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    language = serializers.CharField()
    notification_lists = serializers.ListField(child=serializers.CharField())
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class ContactUpdateSerializer(StrictSerializer):
    name = Text(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    phone = Text(required=False, allow_blank=True, max_length=40)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)
    notification_lists = serializers.ListField(
        child=Text(max_length=64),
        required=False,
        max_length=50,
        help_text=gettext_lazy("Names of the notification lists the contact is on (N1)."),
    )
    is_active = serializers.BooleanField(required=False)


class ContactCreateSerializer(ContactUpdateSerializer):
    """A contact of an organisation: staff name it (id or slug); a customer administrator's
    contacts belong to its own organisation."""

    organisation = IdOrNameLookup(
        organisations_visible_to,
        noun=gettext_lazy("organisation"),
        name_field="slug",
        name_label=gettext_lazy("slug"),
        required=False,
    )

    def validate(self, attrs):
        user = self.context["request"].user
        if user.is_customer:
            attrs.setdefault("organisation", user.organisation)
        elif "organisation" not in attrs:
            raise serializers.ValidationError(
                {"organisation": [_("Support staff must give this field.")]}, code="required"
            )
        return attrs
