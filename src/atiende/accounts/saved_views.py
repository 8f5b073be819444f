"""Saved views of the desk list: filters and order under a name (R2).

- A personal view (no group) is seen by its owner only; a shared view by the members of its
  support group (and its owner). Anyone else gets a 404, as for any object they may not see.
- Only the owner, or a supervisor (supervisor, manager, administrator) who sees the view,
  renames or deletes it. Only members of a group share a view with it.
- ``params`` holds the list's filter names and values as strings; the web layer decides which
  names are kept (page markers are not).
"""

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from atiende.accounts.models import SavedView, SupportGroup
from atiende.accounts.roles import Role
from atiende.core.errors import ActionError

NAME_MAX = 100
PARAMS_MAX = 30
SUPERVISING = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ADMIN})


def views_visible_to(user) -> QuerySet[SavedView]:
    if not user.is_authenticated or not user.is_active or not user.is_agent:
        return SavedView.objects.none()
    shared = SupportGroup.objects.filter(members=user).values("pk")
    return SavedView.objects.filter(Q(owner=user) | Q(group__in=shared)).select_related("group")


def access_view_for(user, view_id) -> SavedView:
    try:
        return views_visible_to(user).get(pk=int(view_id))
    except (TypeError, ValueError, OverflowError, SavedView.DoesNotExist):
        raise Http404 from None


def can_edit(user, view: SavedView) -> bool:
    return view.owner_id == user.pk or user.role in SUPERVISING


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ActionError(_("Give the view a name."), code="required", field="name")
    if len(name) > NAME_MAX:
        raise ActionError(
            _("The name is longer than %(max)s characters: shorten it.") % {"max": NAME_MAX},
            code="too_long",
            field="name",
        )
    return name


def _clean_params(params: Mapping[str, str]) -> dict[str, str]:
    cleaned = {str(k): str(v) for k, v in params.items() if v not in (None, "")}
    if len(cleaned) > PARAMS_MAX or any(len(v) > 500 for v in cleaned.values()):
        raise ActionError(_("These filters are too long to save."), code="too_long", field="params")
    return cleaned


def _require_editor(user, view: SavedView) -> None:
    if not can_edit(user, view):
        raise ActionError(
            _("Only the owner of the view or a supervisor may change it."),
            code="not_owner",
        )


def _save(view: SavedView) -> SavedView:
    try:
        with transaction.atomic():
            view.save()
    except IntegrityError:
        raise ActionError(
            _("You already have a view named “%(name)s”: choose another name.")
            % {"name": view.name},
            code="duplicate_name",
            field="name",
        ) from None
    return view


def create_view(
    user, *, name: str, params: Mapping[str, str], group: SupportGroup | None = None
) -> SavedView:
    """Save the current filters as a view of ``user``, shared with ``group`` when given."""
    if not user.is_agent:
        raise ActionError(_("Only support staff may do this."), code="agents_only")
    name = _clean_name(name)
    if group is not None and not group.members.filter(pk=user.pk).exists():
        raise ActionError(
            _("You can only share a view with a support group you belong to."),
            code="not_a_member",
            field="group",
        )
    return _save(SavedView(owner=user, group=group, name=name, params=_clean_params(params)))


def rename_view(user, view: SavedView, *, name: str) -> SavedView:
    _require_editor(user, view)
    view.name = _clean_name(name)
    return _save(view)


def delete_view(user, view: SavedView) -> None:
    _require_editor(user, view)
    view.delete()
