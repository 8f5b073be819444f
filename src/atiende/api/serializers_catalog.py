"""Services and support groups in and out (R1, E1, S11)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from atiende.accounts.access import users_visible_to
from atiende.accounts.models import Tier
from atiende.api.fields import IdOrNameLookup, Text
from atiende.api.serializers import StrictSerializer, UserRef
from atiende.customers.access import organisations_visible_to


class ServiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    availability_target = serializers.DecimalField(max_digits=6, decimal_places=3)
    is_active = serializers.BooleanField()
    organisations = serializers.SerializerMethodField(
        help_text=gettext_lazy("Slugs of the subscribed organisations; null for customers.")
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), allow_null=True))
    def get_organisations(self, service):
        if not self.context["request"].user.is_agent:
            return None
        return sorted(organisation.slug for organisation in service.organisations.all())


class ServiceWriteSerializer(StrictSerializer):
    """Create with ``code`` and ``name``; PATCH any subset (``organisations`` replaces the
    subscribers)."""

    code = Text(max_length=64)
    name = Text(max_length=200)
    description = Text(required=False, allow_blank=True)
    availability_target = serializers.DecimalField(
        max_digits=6,
        decimal_places=3,
        min_value=Decimal(0),
        max_value=Decimal(100),
        required=False,
        help_text=gettext_lazy("Monthly availability target in percent (S11)."),
    )
    is_active = serializers.BooleanField(required=False)
    organisations = serializers.ListField(
        child=IdOrNameLookup(
            organisations_visible_to,
            noun=gettext_lazy("organisation"),
            name_field="slug",
            name_label=gettext_lazy("slug"),
        ),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Ids or slugs of the organisations that use the service."),
    )


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    tier = serializers.ChoiceField(choices=Tier.choices)
    is_active = serializers.BooleanField()
    members = UserRef(many=True)


class GroupWriteSerializer(StrictSerializer):
    """Create with ``name`` and ``slug``; PATCH any subset (``members`` replaces them)."""

    name = Text(max_length=200)
    slug = Text(max_length=64)
    tier = serializers.ChoiceField(choices=Tier.choices, required=False)
    is_active = serializers.BooleanField(required=False)
    members = serializers.ListField(
        child=IdOrNameLookup(
            users_visible_to,
            noun=gettext_lazy("user"),
            name_field="username",
            name_label=gettext_lazy("user name"),
        ),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Ids or user names of support staff."),
    )
