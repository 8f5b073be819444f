"""``atiende serve``: first start migrates and creates ``admin``; later starts reuse everything;
SIGTERM/SIGINT stop it cleanly; a port in use is a clear error."""

import base64
import contextlib
import hashlib
import hmac
import io
import json
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request

import pytest

from atiende.accounts.models import User
from atiende.accounts.roles import Role
from atiende.commands import serve
from atiende.core import bootstrap
from atiende.core.errors import ActionError
from tests.cli.helpers import command, free_port, run, subprocess_env

ADMIN_LINE = re.compile(r"Created the administrator account “admin” with password: (\S+)")


@contextlib.contextmanager
def started(argv: list[str], env: dict):
    """A running ``atiende`` process, killed if the test fails before stopping it."""
    process = subprocess.Popen(
        command(*argv), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def wait_for_health(port: int, process: subprocess.Popen, *, need_worker: bool) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"atiende serve exited early:\n{process.stdout.read()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                report = json.load(response)
            if report["worker"] is not None or not need_worker:
                return report
        except OSError:  # not listening yet, or still migrating (URLError is an OSError)
            pass
        time.sleep(0.1)
    process.kill()
    pytest.fail("atiende serve did not answer /healthz within 60 s")


def stop(process: subprocess.Popen, sig: int) -> tuple[int, str]:
    process.send_signal(sig)
    try:
        out, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
        pytest.fail(f"atiende serve did not stop on signal {sig}:\n{out}")
    return process.returncode, out


def django_password_matches(password: str, encoded: str) -> bool:
    algorithm, iterations, salt, digest = encoded.split("$")
    assert algorithm == "pbkdf2_sha256"
    computed = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(iterations))
    return hmac.compare_digest(base64.b64encode(computed).decode(), digest)


def test_it_serves_with_a_worker_and_stops_cleanly_then_restarts_reusing_everything(tmp_path):
    home = tmp_path / "home"
    port = free_port()
    env = subprocess_env(home)
    with started(["serve", "--port", str(port)], env) as serving:
        report = wait_for_health(port, serving, need_worker=True)
        code, out = stop(serving, signal.SIGTERM)

    assert report["ok"] is True
    assert report["migrations"] == "ok"
    assert report["worker"]["stale"] is False
    assert code == 0, out
    assert "Applying" in out
    assert f"Atiende is running at http://127.0.0.1:{port}/" in out
    assert "as user “admin”" in out
    assert "Stopping…" in out
    assert "Traceback" not in out
    password = ADMIN_LINE.search(out).group(1)
    database = sqlite3.connect(home / "atiende.sqlite3")
    rows = database.execute("SELECT username, role, is_superuser, password FROM accounts_user")
    ((username, role, is_superuser, encoded),) = rows.fetchall()
    assert (username, role, is_superuser) == ("admin", "admin", 1)
    assert django_password_matches(password, encoded)
    heartbeats = database.execute("SELECT count(*) FROM core_workerheartbeat").fetchone()[0]
    assert heartbeats == 1
    database.close()

    # Second start: no migration, no new admin; SIGINT (Ctrl+C) stops it just as well.
    with started(["serve", "--port", str(port)], env) as again:
        wait_for_health(port, again, need_worker=True)
        code, out = stop(again, signal.SIGINT)

    assert code == 0, out
    assert "Applying" not in out
    assert "Created the administrator" not in out
    assert "Atiende is running" in out
    database = sqlite3.connect(home / "atiende.sqlite3")
    assert database.execute("SELECT count(*) FROM accounts_user").fetchone()[0] == 1
    database.close()


def test_a_port_in_use_is_a_clear_error(capsys, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"  # serve creates it before binding
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        code, out, err = run(capsys, "serve", "--port", str(port))

    assert code == 1
    assert err == (
        f"atiende: port {port} on 127.0.0.1 is already in use: stop the program using it, "
        "or choose another port with --port or ATIENDE_PORT.\n"
    )
    assert out == ""


def test_a_bad_port_variable_is_a_configuration_error(capsys, monkeypatch):
    monkeypatch.setenv("ATIENDE_PORT", "eighty")

    code, _out, err = run(capsys, "serve")

    assert code == 2
    assert "ATIENDE_PORT='eighty' is not a whole number." in err


def test_a_bad_port_argument_is_a_usage_error(capsys):
    code, _out, err = run(capsys, "serve", "--port", "70000")

    assert code == 2
    assert "a port number is between 0 and 65535" in err


@pytest.mark.django_db
def test_first_start_creates_admin_with_a_generated_password_shown_once():
    out = io.StringIO()

    serve.prepare_database(admin_password=None, out=out)

    admin = User.objects.get()
    password = ADMIN_LINE.search(out.getvalue()).group(1)
    assert admin.username == "admin"
    assert admin.role == Role.ADMIN
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(password)
    assert len(password) >= 20
    assert "Applying" not in out.getvalue()  # the test database is migrated already

    again = io.StringIO()
    serve.prepare_database(admin_password=None, out=again)
    assert again.getvalue() == ""
    assert User.objects.count() == 1
    assert User.objects.get().check_password(password)


@pytest.mark.django_db
def test_first_start_takes_the_admin_password_from_the_environment():
    out = io.StringIO()

    serve.prepare_database(admin_password="a-long-desk-password-2026", out=out)

    assert User.objects.get(username="admin").check_password("a-long-desk-password-2026")
    assert "with the password from ATIENDE_ADMIN_PASSWORD" in out.getvalue()
    assert "a-long-desk-password-2026" not in out.getvalue()


@pytest.mark.django_db
def test_a_weak_admin_password_is_refused_and_nothing_is_created():
    with pytest.raises(ActionError):
        serve.prepare_database(admin_password="123", out=io.StringIO())

    assert not User.objects.exists()


@pytest.mark.django_db
def test_no_admin_is_created_once_any_account_exists(personas):
    User.objects.filter(username="admin").delete()
    out = io.StringIO()

    serve.prepare_database(admin_password=None, out=out)

    assert out.getvalue() == ""
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_it_migrates_only_when_migrations_are_pending(monkeypatch):
    calls = []
    monkeypatch.setattr(bootstrap, "migrate", lambda **kwargs: calls.append(kwargs))

    serve.prepare_database(admin_password=None, out=io.StringIO())
    assert calls == []

    monkeypatch.setattr(bootstrap, "pending_migrations", lambda: ["tickets.0099_future"])
    out = io.StringIO()
    serve.prepare_database(admin_password=None, out=out)
    assert len(calls) == 1
    assert out.getvalue().startswith("Applying 1 database migration…")


def test_it_reads_port_and_admin_password_from_the_environment_and_can_run_without_worker(
    tmp_path,
):
    port = free_port()
    env = subprocess_env(
        tmp_path / "home", ATIENDE_PORT=str(port), ATIENDE_ADMIN_PASSWORD="a-long-desk-password"
    )
    with started(["serve", "--no-worker", "--threads", "2"], env) as serving:
        report = wait_for_health(port, serving, need_worker=False)
        code, out = stop(serving, signal.SIGTERM)

    assert code == 0, out
    assert report["worker"] is None
    assert "No background worker here: run `atiende worker` beside it." in out
    assert "with the password from ATIENDE_ADMIN_PASSWORD" in out
    assert "a-long-desk-password" not in out
    database = sqlite3.connect(tmp_path / "home" / "atiende.sqlite3")
    ((encoded,),) = database.execute("SELECT password FROM accounts_user").fetchall()
    assert database.execute("SELECT count(*) FROM core_workerheartbeat").fetchone()[0] == 0
    database.close()
    assert django_password_matches("a-long-desk-password", encoded)
