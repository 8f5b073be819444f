"""Shared fixtures: personas of two organisations and every staff role (R2, R3).

Transactional tests (``django_db(transaction=True)``) empty every table when they end,
including the rows that data migrations create (the default workflow, the default priority
matrix) which other tests rely on: after each such test, Atiende's data migrations run again.
"""

from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations.special import RunPython

from atiende.notify import outbox
from tests import factories


@pytest.fixture(autouse=True)
def _fast_hashing_and_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _no_send_task_queued():
    # A send task queued by an earlier test was rolled back with that test's transaction.
    outbox.forget_queued_kick()


@dataclass
class Personas:
    org: object
    other_org: object
    customer: object
    teammate: object  # another customer user of the same organisation
    customer_admin: object
    other_customer: object
    other_customer_admin: object
    agent: object
    agent_l2: object
    supervisor: object
    manager: object
    admin: object

    def by_role(self, role: str):
        return getattr(self, role)


@pytest.fixture
def personas(db) -> Personas:
    org = factories.organisation(name="Alpha Telecom", slug="alpha")
    other = factories.organisation(name="Beta Networks", slug="beta")
    return Personas(
        org=org,
        other_org=other,
        customer=factories.user("customer", org, username="alice"),
        teammate=factories.user("customer", org, username="amaro"),
        customer_admin=factories.user("customer_admin", org, username="alma"),
        other_customer=factories.user("customer", other, username="bruno"),
        other_customer_admin=factories.user("customer_admin", other, username="bea"),
        agent=factories.user("agent", username="agent"),
        agent_l2=factories.user("agent_l2", username="specialist"),
        supervisor=factories.user("supervisor", username="supervisor"),
        manager=factories.user("manager", username="manager"),
        admin=factories.user("admin", username="admin"),
    )


def run_data_migrations() -> None:
    """Run the data migrations (RunPython) of Atiende's own apps again, in migration order.

    They get the current models: historical ones would not match the current tables.
    """
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    with connection.schema_editor() as editor:
        for migration, _backwards in plan:
            if not apps.get_app_config(migration.app_label).name.startswith("atiende."):
                continue
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, editor)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the last test the session's teardown has already dropped the test database.
    if nextitem is not None and _is_transactional(item):
        blocker = item.funcargs.get("django_db_blocker") or item.session.config.stash.get(
            _BLOCKER_KEY, None
        )
        if blocker is not None:
            with blocker.unblock():
                run_data_migrations()
    return result


_BLOCKER_KEY = pytest.StashKey[object]()


@pytest.fixture(autouse=True, scope="session")
def _remember_db_blocker(request, django_db_blocker):
    request.config.stash[_BLOCKER_KEY] = django_db_blocker
