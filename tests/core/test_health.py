"""GET /healthz: database reachable, migrations applied, worker heartbeat age."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import OperationalError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.migration import Migration

from atiende.core.models import WorkerHeartbeat
from atiende.core.views import WORKER_STALE_SECONDS
from atiende.core.worker import beat

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def test_it_answers_200_when_database_and_migrations_are_fine(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.json() == {"database": "ok", "migrations": "ok", "worker": None, "ok": True}


def test_it_needs_no_login(client, personas):
    client.force_login(personas.customer)
    assert client.get("/healthz").status_code == 200
    client.logout()
    assert client.get("/healthz").status_code == 200


def test_it_answers_503_with_pending_migrations(client, monkeypatch):
    pending = [
        (Migration("0099_future", "tickets"), False),
        (Migration("0100_more", "core"), False),
    ]
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: pending)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["migrations"] == "2 pending"
    assert response.json()["database"] == "ok"
    assert response.json()["ok"] is False


def test_it_answers_503_when_the_database_cannot_be_reached(client, monkeypatch):
    def refuse():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "ensure_connection", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "database": "error: OperationalError",
        "migrations": "unknown",
        "worker": None,
        "ok": False,
    }


def test_it_reports_the_age_of_the_newest_heartbeat(client):
    with time_machine.travel(CURRENT_TIME - timedelta(minutes=10), tick=False):
        beat("old-worker", CURRENT_TIME - timedelta(hours=1))
    with time_machine.travel(CURRENT_TIME - timedelta(seconds=42), tick=False):
        beat("new-worker", CURRENT_TIME - timedelta(hours=1))

    with time_machine.travel(CURRENT_TIME, tick=False):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["worker"] == {"heartbeat_age_seconds": 42.0, "stale": False}
    assert WorkerHeartbeat.objects.count() == 2


def test_it_calls_a_silent_worker_stale_but_stays_healthy(client):
    silent_since = CURRENT_TIME - timedelta(seconds=WORKER_STALE_SECONDS + 1)
    with time_machine.travel(silent_since, tick=False):
        beat("silent-worker", CURRENT_TIME - timedelta(hours=1))

    with time_machine.travel(CURRENT_TIME, tick=False):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["worker"] == {
        "heartbeat_age_seconds": float(WORKER_STALE_SECONDS + 1),
        "stale": True,
    }


def test_it_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405
