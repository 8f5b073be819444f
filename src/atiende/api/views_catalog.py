"""Services and support groups (R1, E1, S11).

Every signed-in user may list services: staff the whole catalogue, customers the active
services their organisation subscribes to. Support groups are for staff only. Creating or
changing either needs ``Perm.MANAGE_CATALOG``.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from atiende.accounts.access import access_group_for, groups_visible_to
from atiende.accounts.models import User
from atiende.accounts.roles import Perm
from atiende.api.pagination import QUERY_PARAMS
from atiende.api.serializers_catalog import (
    GroupSerializer,
    GroupWriteSerializer,
    ServiceSerializer,
    ServiceWriteSerializer,
)
from atiende.api.views import ApiView, check_query_params, error_responses
from atiende.catalog import actions
from atiende.catalog.access import access_service_for, services_visible_to
from atiende.core.access import require


def _services(user):
    services = services_visible_to(user)
    return services.prefetch_related("organisations") if user.is_agent else services


def _groups(user):
    return groups_visible_to(user).prefetch_related(
        Prefetch("members", queryset=User.objects.order_by("username"))
    )


class ServiceListView(ApiView):
    @extend_schema(
        tags=["services"],
        operation_id="services_list",
        summary="List services (customers: the active ones their organisation uses)",
        responses={200: ServiceSerializer(many=True), **error_responses(400, 401)},
    )
    def get(self, request):
        """Staff see the whole catalogue (with subscribers); customers see the active services
        their organisation subscribes to (subscribers: null).
        """
        check_query_params(request, QUERY_PARAMS)
        return self.paginated(ServiceSerializer, _services(request.user))

    @extend_schema(
        tags=["services"],
        operation_id="services_create",
        summary="Create a service",
        request=ServiceWriteSerializer,
        responses={201: ServiceSerializer, **error_responses(400, 413, 415, 401, 403)},
    )
    def post(self, request):
        """Needs the manage-catalogue permission (manager, administrator)."""
        require(request.user, Perm.MANAGE_CATALOG)
        service = actions.create_service(**self.parse(ServiceWriteSerializer))
        service = _services(request.user).get(pk=service.pk)
        return Response(self.out(ServiceSerializer, service), status=status.HTTP_201_CREATED)


class ServiceDetailView(ApiView):
    @extend_schema(
        tags=["services"],
        operation_id="services_retrieve",
        summary="A service",
        responses={200: ServiceSerializer, **error_responses(401, 404)},
    )
    def get(self, request, id):
        """As the list: a service a customer's organisation does not use is a 404."""
        service = access_service_for(request.user, id)
        return Response(self.out(ServiceSerializer, service))

    @extend_schema(
        tags=["services"],
        operation_id="services_update",
        summary="Change a service",
        request=ServiceWriteSerializer,
        responses={200: ServiceSerializer, **error_responses(400, 413, 415, 401, 403, 404)},
    )
    def patch(self, request, id):
        """Needs the manage-catalogue permission. organisations replaces the subscribers."""
        service = access_service_for(request.user, id)
        require(request.user, Perm.MANAGE_CATALOG)
        service = actions.update_service(
            service, **self.parse(ServiceWriteSerializer, partial=True)
        )
        service = _services(request.user).get(pk=service.pk)
        return Response(self.out(ServiceSerializer, service))


class GroupListView(ApiView):
    @extend_schema(
        tags=["groups"],
        operation_id="groups_list",
        summary="List support groups (staff)",
        responses={200: GroupSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request):
        """Support staff only."""
        require(request.user, Perm.WORK_TICKETS)
        check_query_params(request, QUERY_PARAMS)
        return self.paginated(GroupSerializer, _groups(request.user))

    @extend_schema(
        tags=["groups"],
        operation_id="groups_create",
        summary="Create a support group",
        request=GroupWriteSerializer,
        responses={201: GroupSerializer, **error_responses(400, 413, 415, 401, 403)},
    )
    def post(self, request):
        """Needs the manage-catalogue permission (manager, administrator)."""
        require(request.user, Perm.MANAGE_CATALOG)
        group = actions.create_group(**self.parse(GroupWriteSerializer))
        group = _groups(request.user).get(pk=group.pk)
        return Response(self.out(GroupSerializer, group), status=status.HTTP_201_CREATED)


class GroupDetailView(ApiView):
    @extend_schema(
        tags=["groups"],
        operation_id="groups_retrieve",
        summary="A support group",
        responses={200: GroupSerializer, **error_responses(401, 404)},
    )
    def get(self, request, id):
        """Support staff only (404 for customers)."""
        access_group_for(request.user, id)
        return Response(self.out(GroupSerializer, _groups(request.user).get(pk=id)))

    @extend_schema(
        tags=["groups"],
        operation_id="groups_update",
        summary="Change a support group",
        request=GroupWriteSerializer,
        responses={200: GroupSerializer, **error_responses(400, 413, 415, 401, 403, 404)},
    )
    def patch(self, request, id):
        """Needs the manage-catalogue permission. members replaces the members."""
        group = access_group_for(request.user, id)
        require(request.user, Perm.MANAGE_CATALOG)
        actions.update_group(group, **self.parse(GroupWriteSerializer, partial=True))
        return Response(self.out(GroupSerializer, _groups(request.user).get(pk=id)))
