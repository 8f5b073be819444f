"""``atiende migrate``: applies pending migrations, says so when there is nothing to do."""

import sqlite3

import pytest

from atiende.core import bootstrap
from tests.cli.helpers import run, run_process


@pytest.mark.django_db
def test_it_says_when_the_database_is_up_to_date(capsys, monkeypatch):
    calls = []
    monkeypatch.setattr(bootstrap, "migrate", lambda **kwargs: calls.append(kwargs))

    code, out, err = run(capsys, "migrate")

    assert (code, err) == (0, "")
    assert out == "The database is up to date: no migration to apply.\n"
    assert calls == []


def test_it_creates_the_database_of_a_fresh_data_directory_once(tmp_path):
    home = tmp_path / "home"

    first = run_process(home, "migrate")
    second = run_process(home, "migrate")

    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Applying ")
    assert "Applying tickets.0002_default_workflow... OK" in first.stdout
    assert first.stdout.endswith("Done.\n")
    assert second.stdout == "The database is up to date: no migration to apply.\n"
    database = sqlite3.connect(home / "atiende.sqlite3")
    states = database.execute("SELECT code FROM tickets_state ORDER BY position").fetchall()
    assert [code for (code,) in states] == ["new", "open", "pending", "resolved", "closed"]
    # nothing but the schema: no account is created by migrate
    assert database.execute("SELECT count(*) FROM accounts_user").fetchone()[0] == 0
    database.close()


def test_other_commands_on_an_unmigrated_database_point_at_migrate(tmp_path):
    result = run_process(tmp_path / "home", "token", "create", "admin")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "migrations pending): run `atiende migrate` first." in result.stderr
