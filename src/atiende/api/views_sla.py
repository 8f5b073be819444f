"""``GET /api/v1/sla/plan``: the SLA a ticket of a loaded pack would get (preview).

An adapter over :func:`atiende.packs.preview.plan`: supervisors, managers and administrators
(``Perm.PREVIEW_SLA``). Nothing is written.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from atiende.accounts.roles import Perm
from atiende.api.serializers import StrictSerializer
from atiende.api.views import ApiView, check_query_params, error_responses
from atiende.core.access import require
from atiende.packs import preview
from atiende.packs.models import Pack

PLAN_PARAMS = (
    "pack",
    "kind",
    "subtype",
    "urgency",
    "impact",
    "priority",
    "plan",
    "channel",
    "city_class",
    "at",
)


class SlaPlanQuerySerializer(StrictSerializer):
    pack = serializers.SlugField(help_text=gettext_lazy("Name of a loaded pack."))
    kind = serializers.CharField()
    subtype = serializers.CharField(required=False, default="")
    urgency = serializers.CharField(required=False, default="")
    impact = serializers.CharField(required=False, default="")
    priority = serializers.CharField(required=False, default="")
    plan = serializers.CharField(required=False, default="")
    channel = serializers.CharField(required=False, default="")
    city_class = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=gettext_lazy(
            "City class of the ticket's site (S6: main, intermediate, remote); empty: a "
            "ticket without a site."
        ),
    )
    at = serializers.DateTimeField(help_text=gettext_lazy("ISO 8601 instant with offset."))

    def validate_pack(self, value):
        pack = Pack.objects.filter(name=value).first()
        if pack is None:
            names = ", ".join(Pack.objects.order_by("name").values_list("name", flat=True))
            raise ValidationError(
                gettext_lazy("No pack named %(name)s is loaded (loaded: %(names)s).")
                % {"name": value, "names": names or "-"}
            )
        return pack


class SlaTargetSerializer(serializers.Serializer):
    name = serializers.CharField()
    due_at = serializers.CharField(
        allow_null=True, help_text="ISO 8601 in the offset of `at`; null: starts later."
    )
    # Only on targets whose time depends on the site's city class (S6).
    city_class = serializers.CharField(
        required=False, help_text="The city class whose time applied (default: no site)."
    )
    fixed = serializers.BooleanField(
        required=False, help_text="False: no fixed target for this city class."
    )
    minutes = serializers.FloatField(
        required=False,
        allow_null=True,
        help_text="The time that applies, in minutes; null: no fixed target.",
    )

    def to_representation(self, instance):
        # The city-class keys only where the preview gives them (DRF would add nulls).
        return {k: v for k, v in super().to_representation(instance).items() if k in instance}


class SlaPlanSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    message = serializers.CharField(allow_null=True)
    priority = serializers.CharField(allow_blank=True)
    policy = serializers.CharField(allow_null=True)
    targets = SlaTargetSerializer(many=True)


class SlaPlanView(ApiView):
    @extend_schema(
        tags=["sla"],
        operation_id="sla_plan",
        summary="The SLA a ticket of a pack would get (preview)",
        parameters=[
            OpenApiParameter(name, str, required=name in ("pack", "kind", "at"))
            for name in PLAN_PARAMS
        ],
        responses={200: SlaPlanSerializer, **error_responses(400, 401, 403)},
    )
    def get(self, request):
        """Supervisors, managers and administrators. ``accepted`` is false, with the pack's
        message, when the ticket would be refused or flagged (no SLA); bad input is a 400."""
        require(request.user, Perm.PREVIEW_SLA)
        check_query_params(request, PLAN_PARAMS)
        data = {k: v for k, v in request.query_params.items() if k in PLAN_PARAMS}
        query = SlaPlanQuerySerializer(data=data)
        query.is_valid(raise_exception=True)
        values = dict(query.validated_data)
        answer = preview.plan(values.pop("pack"), **values)
        return Response(SlaPlanSerializer(answer).data)
