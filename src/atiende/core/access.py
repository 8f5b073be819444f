"""Permission checks shared by every adapter."""

from django.core.exceptions import PermissionDenied

from atiende.accounts.roles import Perm


def require(user, perm: Perm) -> None:
    """Refuse with 403 when ``user`` lacks ``perm`` (for objects the user may already see)."""
    if not (user.is_authenticated and user.can(perm)):
        raise PermissionDenied
