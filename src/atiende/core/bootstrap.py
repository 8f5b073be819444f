"""Bringing a data directory up to date: pending migrations and the first administrator.

``atiende serve`` calls these on every start. The migration plan is read once (a fraction of
a second) and ``migrate`` runs only when something is pending; the ``admin`` account is
created only while the database has no account at all, so it is never recreated later.
"""

from dataclasses import dataclass

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import ngettext

from atiende.accounts.actions import create_user, generate_password
from atiende.accounts.models import User
from atiende.accounts.roles import Role

ADMIN_USERNAME = "admin"


def pending_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Labels (``app.name``) of the migrations not yet applied, in the order they would run."""
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def applying_message(count: int) -> str:
    return ngettext(
        "Applying %(count)d database migration…", "Applying %(count)d database migrations…", count
    ) % {"count": count}


def migrate(*, stdout=None, verbosity: int = 1) -> None:
    call_command("migrate", interactive=False, verbosity=verbosity, stdout=stdout)


@dataclass(frozen=True)
class FirstAdmin:
    user: User
    password: str
    generated: bool  # True when the password was made up here and must be shown once


def create_first_admin(*, password: str | None = None, email: str = "") -> FirstAdmin | None:
    """Create the ``admin`` account if the database has no account yet; else do nothing.

    A given ``password`` must pass the password validators (``ActionError`` otherwise).
    """
    with transaction.atomic():
        if User.objects.exists():
            return None
        generated = password is None
        password = generate_password() if generated else password
        user = create_user(username=ADMIN_USERNAME, email=email, role=Role.ADMIN, password=password)
    return FirstAdmin(user=user, password=password, generated=generated)
