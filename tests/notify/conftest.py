"""Outbox tests talk to a real SMTP server on loopback (DESIGN: testing)."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations.special import RunPython

from tests.notify.smtpserver import SMTPServer

MAIL_FROM = "Soporte <support@example.com>"
MAIL_DOMAIN = "desk.example.com"


@pytest.fixture
def mail_settings(settings):
    settings.ATIENDE_MAIL_FROM = MAIL_FROM
    settings.ATIENDE_MAIL_DOMAIN = MAIL_DOMAIN
    settings.ATIENDE_MAIL_REPLY_SECRET = "reply-secret-for-tests-" + "x" * 20
    return settings


@pytest.fixture
def smtp(mail_settings):
    """A running SMTP server, and Django's SMTP backend pointed at it."""
    server = SMTPServer()
    mail_settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    mail_settings.EMAIL_HOST = "127.0.0.1"
    mail_settings.EMAIL_PORT = server.port
    mail_settings.EMAIL_USE_TLS = False
    mail_settings.EMAIL_USE_SSL = False
    mail_settings.EMAIL_HOST_USER = ""
    mail_settings.EMAIL_HOST_PASSWORD = ""
    mail_settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()


# --- transactional tests (PostgreSQL concurrency) ------------------------------------------
# A ``transaction=True`` test empties every table when it ends, the rows of data migrations
# (the default workflow and priority matrix) included; those run again afterwards, as in
# tests/sla/conftest.py, so that the tests that follow find them.

_BLOCKER = pytest.StashKey[object]()


def run_data_migrations() -> None:
    """Run the data migrations (RunPython) of Atiende's apps again, on the current models."""
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
