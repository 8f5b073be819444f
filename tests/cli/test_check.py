"""``atiende check``: one line per check, exit 1 on a problem, 2 when settings cannot load."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import OperationalError, connection

from atiende import clock
from atiende.core.views import WORKER_STALE_SECONDS
from atiende.core.worker import beat
from tests.cli.helpers import free_port, run, run_process

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


def lines(out: str) -> dict[str, str]:
    """{check name: status} from the report lines."""
    found = {}
    for line in out.splitlines():
        parts = line.split(maxsplit=2)
        if len(parts) >= 2 and parts[0] in ("ok", "warning", "PROBLEM"):
            name = "system checks" if line[9:].startswith("system checks") else parts[1]
            found[name] = parts[0]
    return found


def test_it_passes_on_a_healthy_desk_with_a_live_worker(capsys):
    with time_machine.travel(CURRENT_TIME, tick=False):
        beat("live-worker", CURRENT_TIME - timedelta(hours=1))
    with time_machine.travel(CURRENT_TIME + timedelta(seconds=12), tick=False):
        code, out, err = run(capsys, "check")

    assert code == 0, out
    assert err == ""
    assert lines(out) == {
        "settings": "ok",
        "database": "ok",
        "migrations": "ok",
        "worker": "ok",
        "system checks": "ok",
    }
    assert "last heartbeat 12.0 s ago" in out


def test_a_missing_worker_is_a_warning_unless_required(capsys):
    code, out, _err = run(capsys, "check")

    assert code == 0
    assert lines(out)["worker"] == "warning"
    assert "no worker has reported yet" in out

    code, out, _err = run(capsys, "check", "--require-worker")

    assert code == 1
    assert lines(out)["worker"] == "PROBLEM"
    assert "Problems found" in out


def test_a_silent_worker_is_reported_with_its_age(capsys):
    beat("old-worker", clock.now(), clock.now() - timedelta(seconds=WORKER_STALE_SECONDS + 30))

    code, out, _err = run(capsys, "check", "--require-worker")

    assert code == 1
    assert lines(out)["worker"] == "PROBLEM"
    assert f"(more than {WORKER_STALE_SECONDS} s): is a worker running?" in out


def test_pending_migrations_are_a_problem(capsys, monkeypatch):
    monkeypatch.setattr(
        "atiende.core.views.pending_migrations", lambda alias: ["tickets.0099_future"]
    )

    code, out, _err = run(capsys, "check")

    assert code == 1
    assert lines(out)["migrations"] == "PROBLEM"
    assert "1 pending: run `atiende migrate`" in out


def test_an_unreachable_database_is_a_problem(capsys, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)

    code, out, _err = run(capsys, "check")

    assert code == 1
    assert lines(out) == {"settings": "ok", "database": "PROBLEM"}
    assert "cannot be reached: connection refused" in out


def test_a_bad_setting_exits_2_with_the_message_and_no_traceback(tmp_path):
    result = run_process(tmp_path / "home", "check", ATIENDE_DEBUG="maybe")

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "atiende: the configuration cannot be loaded:\n"
        "ATIENDE_DEBUG='maybe' is not a boolean: use one of 1/0, true/false, yes/no, on/off.\n"
    )


def test_an_insecure_production_configuration_exits_2_without_traceback(tmp_path):
    result = run_process(tmp_path / "home", "check", ATIENDE_ENV="production")

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Atiende refuses to start in production with insecure settings" in result.stderr
    assert "ATIENDE_SECRET_KEY" in result.stderr


def test_a_database_server_that_does_not_answer_exits_1(tmp_path):
    url = f"postgres://atiende@127.0.0.1:{free_port()}/atiende"

    result = run_process(tmp_path / "home", "check", DATABASE_URL=url)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "PROBLEM  database       cannot be reached:" in result.stdout


def test_a_fresh_data_directory_needs_migrate(tmp_path):
    home = tmp_path / "home"

    before = run_process(home, "check")
    migrated = run_process(home, "migrate")
    after = run_process(home, "check")

    assert before.returncode == 1
    assert re.search(r"PROBLEM  migrations     \d+ pending: run `atiende migrate`", before.stdout)
    assert migrated.returncode == 0, migrated.stderr
    assert after.returncode == 0, after.stdout
    assert "ok       migrations     all applied" in after.stdout
