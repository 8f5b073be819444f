"""Users in and out (administrators only, R2)."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from atiende.accounts.roles import Role
from atiende.api.fields import IdOrNameLookup, Text
from atiende.api.serializers import ContactRef, OrganisationRef, StrictSerializer
from atiende.api.serializers_customers import LANGUAGES
from atiende.customers.access import organisations_visible_to


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.CharField()
    name = serializers.SerializerMethodField()
    role = serializers.ChoiceField(choices=Role.choices)
    organisation = OrganisationRef(allow_null=True)
    contact = ContactRef(allow_null=True)
    language = serializers.CharField()
    time_zone = serializers.CharField()
    is_active = serializers.BooleanField()

    def get_name(self, user) -> str:
        return user.get_full_name()


class UserCreateSerializer(StrictSerializer):
    """Customer users need an organisation (id or slug); staff have none. Without a
    password the user cannot sign in with one (API token or a later password reset)."""

    username = Text(max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=Role.choices)
    organisation = IdOrNameLookup(
        organisations_visible_to,
        noun=gettext_lazy("organisation"),
        name_field="slug",
        name_label=gettext_lazy("slug"),
        required=False,
        allow_null=True,
    )
    password = Text(
        required=False,
        write_only=True,
        trim_whitespace=False,
        max_length=128,
        style={"input_type": "password"},
    )
    name = Text(required=False, allow_blank=True, default="", max_length=150)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)
