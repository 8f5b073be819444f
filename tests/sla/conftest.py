"""Transactional SLA tests leave the database as the migrations left it.

A ``transaction=True`` test empties every table when it ends, including the rows that data
migrations create (the default workflow, the default priority matrix), which later tests
rely on. Tests that use ``migrated_data`` find those rows when they start (they are made
again if an earlier transactional test emptied the tables) and, once pytest-django has
emptied the tables after them, Atiende's data migrations run again (in migration order, on
the current models) so that the tests that follow find them too.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations.special import RunPython

_BLOCKER = pytest.StashKey[object]()


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


@pytest.fixture
def migrated_data(request, django_db_blocker):
    from atiende.sla.models import PriorityMatrix
    from atiende.tickets.models import Workflow

    if not (Workflow.objects.exists() and PriorityMatrix.objects.exists()):
        run_data_migrations()
    request.node.stash[_BLOCKER] = django_db_blocker


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    blocker = item.stash.get(_BLOCKER, None)
    if blocker is not None:
        with blocker.unblock():
            run_data_migrations()
    return result
