"""Settings from the environment: production refuses insecure defaults, bad values name their
variable, the embedded secret key is generated once and kept in the data directory.

Each case imports ``atiende.settings`` in a fresh interpreter with exactly the environment
under test, since settings are read once per process.
"""

import os
import stat
import subprocess
import sys

import pytest

SECRET = "s" * 50
POSTGRES = "postgres://atiende@db.example.com:5432/atiende"


def load_settings(tmp_path, code: str = "", **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ATIENDE_") and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    clean["ATIENDE_HOME"] = str(tmp_path / "home")
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import atiende.settings as s\n{code}"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def production(**overrides: str) -> dict[str, str]:
    env = {
        "ATIENDE_ENV": "production",
        "ATIENDE_SECRET_KEY": SECRET,
        "DATABASE_URL": POSTGRES,
        "ATIENDE_ALLOWED_HOSTS": "desk.example.com",
        "ATIENDE_SMTP_HOST": "smtp.example.com",
        "ATIENDE_MAIL_FROM": "Soporte <support@example.com>",
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def test_it_accepts_a_complete_production_configuration(tmp_path):
    result = load_settings(
        tmp_path,
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'],"
        " s.SESSION_COOKIE_SECURE)",
        **production(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['desk.example.com']",
        "django.db.backends.postgresql",
        "True",
    ]
    assert not (tmp_path / "home" / "secret_key").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ATIENDE_SECRET_KEY": ""}, "ATIENDE_SECRET_KEY (or ATIENDE_SECRET_KEY_FILE) is not set"),
        ({"ATIENDE_SECRET_KEY": "short"}, "ATIENDE_SECRET_KEY is shorter than 40 characters"),
        ({"ATIENDE_DEBUG": "1"}, "ATIENDE_DEBUG is on"),
        ({"DATABASE_URL": ""}, "DATABASE_URL does not point to PostgreSQL"),
        ({"ATIENDE_ALLOWED_HOSTS": ""}, "ATIENDE_ALLOWED_HOSTS is empty or '*'"),
        ({"ATIENDE_ALLOWED_HOSTS": "*"}, "ATIENDE_ALLOWED_HOSTS is empty or '*'"),
        ({"ATIENDE_ALLOWED_HOSTS": "desk.example.com,*"}, "ATIENDE_ALLOWED_HOSTS is empty or '*'"),
        ({"ATIENDE_SMTP_HOST": ""}, "ATIENDE_SMTP_HOST is not set"),
        ({"ATIENDE_MAIL_FROM": ""}, "ATIENDE_MAIL_FROM is not set"),
    ],
)
def test_production_refuses_an_insecure_setting(tmp_path, overrides, message):
    result = load_settings(tmp_path, **production(**overrides))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Atiende refuses to start in production with insecure settings" in result.stderr
    assert message in result.stderr


def test_production_lists_every_problem_at_once(tmp_path):
    result = load_settings(
        tmp_path, ATIENDE_ENV="production", ATIENDE_DEBUG="yes", ATIENDE_ALLOWED_HOSTS="*"
    )

    assert result.returncode != 0
    for message in (
        "ATIENDE_SECRET_KEY (or ATIENDE_SECRET_KEY_FILE) is not set",
        "ATIENDE_DEBUG is on",
        "DATABASE_URL does not point to PostgreSQL",
        "ATIENDE_ALLOWED_HOSTS is empty or '*'",
    ):
        assert message in result.stderr


def test_production_accepts_sqlite_when_told_explicitly(tmp_path):
    result = load_settings(
        tmp_path,
        "print(s.DATABASES['default']['ENGINE'])",
        **production(DATABASE_URL="", ATIENDE_ALLOW_SQLITE="1"),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_production_reads_the_secret_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("k" * 45 + "\n")

    result = load_settings(
        tmp_path,
        "print(s.SECRET_KEY)",
        **production(ATIENDE_SECRET_KEY="", ATIENDE_SECRET_KEY_FILE=str(key_file)),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "k" * 45


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ATIENDE_DEBUG": "maybe"}, "ATIENDE_DEBUG='maybe' is not a boolean"),
        ({"ATIENDE_ENV": "staging"}, "ATIENDE_ENV='staging' is not valid: use one of"),
        ({"ATIENDE_WORKER_INTERVAL_MS": "fast"}, "ATIENDE_WORKER_INTERVAL_MS='fast' is not a"),
        ({"ATIENDE_WORKER_INTERVAL_MS": "1"}, "ATIENDE_WORKER_INTERVAL_MS=1 is too small"),
        ({"ATIENDE_LANGUAGE": "fr"}, "ATIENDE_LANGUAGE='fr' is not valid"),
        ({"ATIENDE_SECRET_KEY_FILE": "/nonexistent/key"}, "ATIENDE_SECRET_KEY_FILE='/nonexistent"),
    ],
)
def test_a_bad_value_is_a_clear_error_naming_the_variable(tmp_path, env, message):
    result = load_settings(tmp_path, **env)

    assert result.returncode != 0
    assert "EnvError" in result.stderr
    assert message in result.stderr


def test_the_embedded_secret_key_is_generated_once_and_kept(tmp_path):
    first = load_settings(tmp_path, "print(s.SECRET_KEY)")
    second = load_settings(tmp_path, "print(s.SECRET_KEY)")

    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "home" / "secret_key"
    key = key_file.read_text().strip()
    assert len(key) >= 50
    assert first.stdout.strip() == second.stdout.strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_the_embedded_default_is_sqlite_in_the_data_directory(tmp_path):
    code = "print(s.DATABASES['default']['NAME'], s.DEBUG, s.ALLOWED_HOSTS)"
    result = load_settings(tmp_path, code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "home" / "atiende.sqlite3"), "False", "['*']"]


def test_development_without_a_mail_server_writes_mail_to_files(tmp_path):
    result = load_settings(tmp_path, "print(s.EMAIL_BACKEND, s.EMAIL_FILE_PATH)")

    assert result.returncode == 0, result.stderr
    backend, path = result.stdout.split()
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert path == str(tmp_path / "home" / "sent-mail")


def test_a_mail_server_is_used_when_configured(tmp_path):
    result = load_settings(tmp_path, "print(s.EMAIL_BACKEND, s.EMAIL_HOST)",
                           ATIENDE_SMTP_HOST="smtp.example.com")  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.com",
    ]
