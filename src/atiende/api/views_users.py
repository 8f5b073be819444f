"""Users: administrators only (``Perm.MANAGE_USERS``, R2)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from atiende.accounts import actions
from atiende.accounts.access import access_user_for, users_visible_to
from atiende.accounts.roles import Perm
from atiende.api.pagination import QUERY_PARAMS
from atiende.api.serializers_users import UserCreateSerializer, UserSerializer
from atiende.api.views import ApiView, check_query_params, error_responses
from atiende.core.access import require


def _users(user):
    return users_visible_to(user).select_related("organisation", "contact")


class UserListView(ApiView):
    @extend_schema(
        tags=["users"],
        operation_id="users_list",
        summary="List users (administrators)",
        responses={200: UserSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request):
        """Administrators only."""
        require(request.user, Perm.MANAGE_USERS)
        check_query_params(request, QUERY_PARAMS)
        return self.paginated(UserSerializer, _users(request.user))

    @extend_schema(
        tags=["users"],
        operation_id="users_create",
        summary="Create a user (administrators)",
        request=UserCreateSerializer,
        responses={201: UserSerializer, **error_responses(400, 413, 415, 401, 403)},
    )
    def post(self, request):
        """Administrators only. Customer users need an organisation (id or slug) and get a contact
        of it; staff have none. Without a password the user signs in with an API token only.
        """
        require(request.user, Perm.MANAGE_USERS)
        user = actions.create_user(**self.parse(UserCreateSerializer))
        user = _users(request.user).get(pk=user.pk)
        return Response(self.out(UserSerializer, user), status=status.HTTP_201_CREATED)


class UserDetailView(ApiView):
    @extend_schema(
        tags=["users"],
        operation_id="users_retrieve",
        summary="A user (administrators)",
        responses={200: UserSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, id):
        """Administrators only."""
        require(request.user, Perm.MANAGE_USERS)
        access_user_for(request.user, id)
        return Response(self.out(UserSerializer, _users(request.user).get(pk=id)))
