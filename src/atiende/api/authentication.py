"""Token authentication for the API: DRF's, with the token and its user read by one statement
compiled once per database connection (``core.statements``).

Every API request starts here. DRF builds and compiles the ORM query for the token and its
user on each request, which costs more than running it. The same statement reads the
configuration generation token (``core.configcache``), which the view adopts for the request
instead of reading it again.
"""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from atiende.core import configcache
from atiende.core.statements import Statement

_TOKEN = Statement(
    lambda key: (
        Token.objects.select_related("user")
        .filter(key=key)
        .annotate(config_token=configcache.token_subquery())
    )
)


def token_with_user(key: str) -> Token | None:
    """The token ``key`` with its user loaded (and, as ``config_token``, the configuration
    generation token read in the same statement), or ``None``."""
    found = _TOKEN.rows(key)
    return found[0] if found else None


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``, answered exactly as DRF's class answers it."""

    def authenticate_credentials(self, key):
        token = token_with_user(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
