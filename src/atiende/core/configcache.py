"""Configuration rows cached per process, invalidated by any change in any process (T9).

Workflows, priority matrices, SLA policies and their rules, targets and calendars are read on
every ticket creation but change rarely (an administrator, a process-pack load). Each process
keeps what it read in memory, tagged with the *configuration generation*: a random token in
the single :class:`~atiende.core.models.ConfigGeneration` row. Every change of a configuration
table replaces the token in the same transaction — database triggers on the tables registered
with :func:`register` (installed after every ``migrate``) do it for any write, whoever makes it
(admin, ORM, raw SQL, another machine) — so a process that reads a different token than the
one its cache holds drops the cache and reads again. Tokens are random, never a counter: a
rolled-back change brings back the previous token, whose cached values are still right, and
can never make an older cache look current.

Reading the token is one primary-key query. Code that reads several configuration values in
one operation wraps it in :func:`snapshot` (also a decorator) to read the token once; a request
that already runs a statement first (the API's token authentication) reads the token in it
(:func:`token_subquery`) and adopts it for the rest of the request (:func:`adopt`).

:func:`bump` replaces the token explicitly: call it inside the transaction of a change the
triggers cannot see, and after loading configuration by other means (process packs call it at
the end of a load; it is cheap and harmless).
"""

import secrets
import threading
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import connection

T = TypeVar("T")

ROW_ID = 1
_MISSING = object()

#: Models whose tables are configuration: a write to any of them replaces the token.
config_models: list = []

_lock = threading.Lock()
_cache: dict[str, Any] = {}
_cache_token: list[str | None] = [None]
_active: ContextVar[str | object | None] = ContextVar("atiende_config_token", default=_MISSING)


def register(*models) -> None:
    """Mark ``models`` as configuration (call from an ``AppConfig.ready``)."""
    for model in models:
        if model not in config_models:
            config_models.append(model)


def _table() -> str:
    from atiende.core.models import ConfigGeneration

    return connection.ops.quote_name(ConfigGeneration._meta.db_table)


def read_token() -> str | None:
    """The current generation token (``None`` when the row is missing: nothing is cached)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {_table()} WHERE id = %s", [ROW_ID])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row is not None else None


def bump() -> str:
    """Replace the generation token: every process reads its configuration again.

    Call inside the transaction that changes configuration (the new token becomes visible
    with it). Creates the row when it is missing.
    """
    from atiende.core.models import ConfigGeneration

    token = secrets.token_hex(16)
    updated = ConfigGeneration.objects.filter(pk=ROW_ID).update(token=token)
    if not updated:
        ConfigGeneration.objects.update_or_create(pk=ROW_ID, defaults={"token": token})
    clear()
    return token


def clear() -> None:
    """Forget what this process cached (it is read again on the next use)."""
    with _lock:
        _cache.clear()
        _cache_token[0] = None


def token_subquery():
    """The generation token as a subquery, to read it with another statement that a request
    runs anyway (the API's token authentication); then :func:`adopt` what it read."""
    from django.db.models import Subquery

    from atiende.core.models import ConfigGeneration

    return Subquery(ConfigGeneration.objects.filter(pk=ROW_ID).values("token")[:1])


def adopt(token: str | None):
    """Use ``token`` (read through :func:`token_subquery`) as the snapshot's token until
    :func:`release` is given what this returns; ``None`` when a snapshot is already active
    (it goes on). Always pair it with ``release`` in a ``finally``."""
    if _active.get() is not _MISSING:
        return None
    return _active.set(token)


def release(adopted) -> None:
    if adopted is not None:
        _active.reset(adopted)


@contextmanager
def snapshot():
    """Configuration read inside shares one token read (a consistent view of it)."""
    if _active.get() is not _MISSING:
        yield
        return
    reset = _active.set(read_token())
    try:
        yield
    finally:
        _active.reset(reset)


def get(key: str, loader: Callable[[], T]) -> T:
    """The cached value of ``key``, or ``loader()`` (read and remembered).

    Values are shared by the threads of the process: treat them as read-only.
    """
    token = _active.get()
    if token is _MISSING:
        token = read_token()
    if token is None:
        return loader()
    with _lock:
        if _cache_token[0] != token:
            _cache.clear()
            _cache_token[0] = token
        value = _cache.get(key, _MISSING)
    if value is not _MISSING:
        return value
    value = loader()
    with _lock:
        if _cache_token[0] == token:
            _cache[key] = value
    return value


# --- triggers ---------------------------------------------------------------------------------

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION atiende_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {table} SET token = md5(random()::text || clock_timestamp()::text) WHERE id = {row};
    RETURN NULL;
END
$$
"""


def install_triggers(using=None) -> None:
    """Create (or re-create) the triggers on every registered table; idempotent.

    Run after every ``migrate`` (``post_migrate``): on SQLite a migration that rebuilds a
    table drops its triggers, and they come back here.
    """
    from django.db import connections

    from atiende.core.models import ConfigGeneration

    db = connections[using or "default"]
    qn = db.ops.quote_name
    table = qn(ConfigGeneration._meta.db_table)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION.format(table=table, row=ROW_ID))
        for model in config_models:
            name = model._meta.db_table
            if db.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {qn(name + '_config')} ON {qn(name)}")
                cursor.execute(
                    f"CREATE TRIGGER {qn(name + '_config')} "
                    f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {qn(name)} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION atiende_config_changed()"
                )
            elif db.vendor == "sqlite":
                for event in ("INSERT", "UPDATE", "DELETE"):
                    trigger = qn(f"{name}_config_{event.lower()}")
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
                    cursor.execute(
                        f"CREATE TRIGGER {trigger} AFTER {event} ON {qn(name)} BEGIN "  # noqa: S608
                        f"UPDATE {table} SET token = lower(hex(randomblob(16))) "
                        f"WHERE id = {ROW_ID}; END"
                    )
    ConfigGeneration.objects.using(db.alias).get_or_create(
        pk=ROW_ID, defaults={"token": secrets.token_hex(16)}
    )
