"""Token authentication for the API: DRF's, with the token and its user read by one statement
compiled once per database connection.

Every API request starts here. DRF builds and compiles the ORM query for the token and its
user on each request, which costs more than running it; the statement, its column positions
and its value converters do not change, so they are compiled once per connection (connections
are per thread) and the row is turned into the same ``Token`` and ``User`` objects. The same
statement reads the configuration generation token (``core.configcache``), which the view
adopts for the request instead of reading it again.
"""

import secrets
import weakref

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from atiende.core import configcache

# Stands for the key in the compiled statement's parameters (found there by equality).
_KEY = "key-" + secrets.token_hex(16)
_compiled: "weakref.WeakKeyDictionary[object, _TokenStatement]" = weakref.WeakKeyDictionary()


class _TokenStatement:
    """The SQL of ``Token.objects.select_related("user").filter(key=…)`` and how to read a row."""

    def __init__(self, connection):
        queryset = (
            Token.objects.select_related("user")
            .filter(key=_KEY)
            .annotate(config_token=configcache.token_subquery())
        )
        compiler = queryset.query.get_compiler(connection=connection)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.key_position = self.params.index(_KEY)
        self.compiler = compiler
        self.converters = compiler.get_converters([column[0] for column in compiler.select])
        token_info = compiler.klass_info
        (user_info,) = token_info["related_klass_infos"]
        self.token_columns = self._columns(compiler, token_info)
        self.user_columns = self._columns(compiler, user_info)
        self.user_field = user_info["field"]
        self.config_token_column = compiler.annotation_col_map["config_token"]

    @staticmethod
    def _columns(compiler, info) -> tuple[list[int], list[str]]:
        positions = list(info["select_fields"])
        return positions, [compiler.select[i][0].target.attname for i in positions]

    def read(self, connection, key: str) -> Token | None:
        with connection.cursor() as cursor:
            params = self.params.copy()
            params[self.key_position] = key
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if self.converters:
            (row,) = self.compiler.apply_converters([row], self.converters)
        token = _instance(Token, connection.alias, self.token_columns, row)
        user = _instance(self.user_field.related_model, connection.alias, self.user_columns, row)
        self.user_field.set_cached_value(token, user)
        token.config_token = row[self.config_token_column]
        return token


def _instance(model, alias: str, columns: tuple[list[int], list[str]], row):
    positions, names = columns
    return model.from_db(alias, names, [row[i] for i in positions])


def token_with_user(key: str, using: str = DEFAULT_DB_ALIAS) -> Token | None:
    """The token ``key`` with its user loaded (and, as ``config_token``, the configuration
    generation token read in the same statement), or ``None``."""
    connection = connections[using]
    statement = _compiled.get(connection)
    if statement is None:
        statement = _compiled[connection] = _TokenStatement(connection)
    return statement.read(connection, key)


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>``, answered exactly as DRF's class answers it."""

    def authenticate_credentials(self, key):
        token = token_with_user(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
