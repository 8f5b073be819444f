"""Organisations and contacts (R1, R3).

Staff see every organisation; customers see their own. Creating or changing organisations
needs ``Perm.MANAGE_ORGANISATIONS``. Contacts: staff with ``Perm.MANAGE_CONTACTS`` manage
any; a customer administrator those of its organisation; a customer user sees only its own.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from atiende.accounts.roles import Perm
from atiende.api.pagination import QUERY_PARAMS
from atiende.api.serializers_customers import (
    ContactCreateSerializer,
    ContactSerializer,
    ContactUpdateSerializer,
    OrganisationSerializer,
    OrganisationWriteSerializer,
)
from atiende.api.views import ApiView, check_query_params, error_responses
from atiende.core.access import require
from atiende.customers import actions
from atiende.customers.access import (
    access_contact_for,
    access_organisation_for,
    contacts_visible_to,
    organisations_visible_to,
)


class OrganisationListView(ApiView):
    @extend_schema(
        tags=["organisations"],
        operation_id="organisations_list",
        summary="List organisations (customers: their own)",
        responses={200: OrganisationSerializer(many=True), **error_responses(400, 401)},
    )
    def get(self, request):
        """Staff see every organisation; a customer sees its own."""
        check_query_params(request, QUERY_PARAMS)
        return self.paginated(OrganisationSerializer, organisations_visible_to(request.user))

    @extend_schema(
        tags=["organisations"],
        operation_id="organisations_create",
        summary="Create an organisation",
        request=OrganisationWriteSerializer,
        responses={201: OrganisationSerializer, **error_responses(400, 413, 415, 401, 403)},
    )
    def post(self, request):
        """Needs the manage-organisations permission (supervisor, manager, administrator)."""
        require(request.user, Perm.MANAGE_ORGANISATIONS)
        organisation = actions.create_organisation(**self.parse(OrganisationWriteSerializer))
        return Response(
            self.out(OrganisationSerializer, organisation), status=status.HTTP_201_CREATED
        )


class OrganisationDetailView(ApiView):
    @extend_schema(
        tags=["organisations"],
        operation_id="organisations_retrieve",
        summary="An organisation",
        responses={200: OrganisationSerializer, **error_responses(401, 404)},
    )
    def get(self, request, id):
        """Staff: any organisation; customers: their own (404 for another)."""
        organisation = access_organisation_for(request.user, id)
        return Response(self.out(OrganisationSerializer, organisation))

    @extend_schema(
        tags=["organisations"],
        operation_id="organisations_update",
        summary="Change an organisation",
        request=OrganisationWriteSerializer,
        responses={200: OrganisationSerializer, **error_responses(400, 413, 415, 401, 403, 404)},
    )
    def patch(self, request, id):
        """Needs the manage-organisations permission. Send only the fields to change."""
        organisation = access_organisation_for(request.user, id)
        require(request.user, Perm.MANAGE_ORGANISATIONS)
        data = self.parse(OrganisationWriteSerializer, partial=True)
        organisation = actions.update_organisation(organisation, **data)
        return Response(self.out(OrganisationSerializer, organisation))


class ContactListView(ApiView):
    @extend_schema(
        tags=["contacts"],
        operation_id="contacts_list",
        summary="List contacts (customer administrators: their organisation's; customers: "
        "their own)",
        responses={200: ContactSerializer(many=True), **error_responses(400, 401)},
    )
    def get(self, request):
        """Staff see every contact; a customer administrator its organisation's; a customer user
        only its own contact.
        """
        check_query_params(request, QUERY_PARAMS)
        contacts = contacts_visible_to(request.user).select_related("organisation")
        return self.paginated(ContactSerializer, contacts)

    @extend_schema(
        tags=["contacts"],
        operation_id="contacts_create",
        summary="Create a contact",
        request=ContactCreateSerializer,
        responses={201: ContactSerializer, **error_responses(400, 413, 415, 401, 403)},
    )
    def post(self, request):
        """Staff name the organisation (id or slug); a customer administrator's contact joins its
        own organisation. Customer users get 403.
        """
        require(request.user, Perm.MANAGE_CONTACTS)
        contact = actions.create_contact(**self.parse(ContactCreateSerializer))
        return Response(self.out(ContactSerializer, contact), status=status.HTTP_201_CREATED)


class ContactDetailView(ApiView):
    @extend_schema(
        tags=["contacts"],
        operation_id="contacts_retrieve",
        summary="A contact",
        responses={200: ContactSerializer, **error_responses(401, 404)},
    )
    def get(self, request, id):
        """As the list: staff any, a customer administrator its organisation's, a customer user its
        own.
        """
        return Response(self.out(ContactSerializer, access_contact_for(request.user, id)))

    @extend_schema(
        tags=["contacts"],
        operation_id="contacts_update",
        summary="Change a contact",
        request=ContactUpdateSerializer,
        responses={200: ContactSerializer, **error_responses(400, 413, 415, 401, 403, 404)},
    )
    def patch(self, request, id):
        """Staff, or a customer administrator for its organisation's contacts. A contact does not
        change organisation.
        """
        contact = access_contact_for(request.user, id)
        require(request.user, Perm.MANAGE_CONTACTS)
        data = self.parse(ContactUpdateSerializer, partial=True)
        contact = actions.update_contact(contact, **data)
        return Response(self.out(ContactSerializer, contact))
