"""Users and support groups as a user may see them (R2, R3).

Administrators (``Perm.MANAGE_USERS``) see every user; other support staff see the support
staff (whom tickets can be assigned to); a customer sees only itself. Support groups are
visible to support staff only. An object the user may not see is a 404.
"""

from django.db.models import QuerySet
from django.http import Http404

from atiende.accounts.models import SupportGroup, User
from atiende.accounts.roles import STAFF_ROLES, Perm


def users_visible_to(user) -> QuerySet[User]:
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if user.can(Perm.MANAGE_USERS):
        return User.objects.all()
    if user.is_agent:
        return User.objects.filter(role__in=sorted(STAFF_ROLES))
    return User.objects.filter(pk=user.pk)


def groups_visible_to(user) -> QuerySet[SupportGroup]:
    if not user.is_authenticated or not user.is_active or not user.is_agent:
        return SupportGroup.objects.none()
    return SupportGroup.objects.all()


def _get(queryset, object_id):
    try:
        return queryset.get(pk=int(object_id))
    except (TypeError, ValueError, OverflowError, queryset.model.DoesNotExist):
        raise Http404 from None


def access_user_for(user, user_id) -> User:
    return _get(users_visible_to(user), user_id)


def access_group_for(user, group_id) -> SupportGroup:
    return _get(groups_visible_to(user), group_id)
