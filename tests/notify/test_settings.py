"""E-mail settings from the environment: SMTP server, security, sender, domain, reply secret.

Each case imports ``atiende.settings`` in a fresh interpreter with exactly the environment
under test, since settings are read once per process.
"""

import json
import subprocess

import pytest

from tests.core.test_settings import load_settings

SHOW = (
    "import json; print(json.dumps({k: getattr(s, k) for k in ("
    "'EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', "
    "'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_TIMEOUT', 'ATIENDE_MAIL_FROM', "
    "'DEFAULT_FROM_EMAIL', 'ATIENDE_MAIL_DOMAIN', 'ATIENDE_MAIL_REPLY_SECRET', 'SECRET_KEY')}))"
)


def load(tmp_path, **env: str) -> subprocess.CompletedProcess:
    return load_settings(tmp_path, SHOW, **env)


def values(tmp_path, **env: str) -> dict:
    result = load(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_writes_mail_to_files_until_a_server_is_configured(tmp_path):
    conf = values(tmp_path)

    assert conf["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert (conf["EMAIL_HOST"], conf["EMAIL_PORT"]) == ("localhost", 25)
    assert (conf["EMAIL_USE_TLS"], conf["EMAIL_USE_SSL"]) == (False, False)
    assert (conf["EMAIL_HOST_USER"], conf["EMAIL_HOST_PASSWORD"]) == ("", "")
    assert conf["EMAIL_TIMEOUT"] == 30
    assert conf["ATIENDE_MAIL_FROM"] == conf["DEFAULT_FROM_EMAIL"] == "support@localhost"
    assert conf["ATIENDE_MAIL_DOMAIN"] == "localhost"
    assert conf["ATIENDE_MAIL_REPLY_SECRET"] == conf["SECRET_KEY"]


def test_it_reads_every_mail_variable(tmp_path):
    password_file = tmp_path / "smtp-password"
    password_file.write_text("s3cret-from-file\n", encoding="utf-8")

    conf = values(
        tmp_path,
        ATIENDE_SMTP_HOST="smtp.example.com",
        ATIENDE_SMTP_PORT="587",
        ATIENDE_SMTP_USER="desk@example.com",
        ATIENDE_SMTP_PASSWORD_FILE=str(password_file),
        ATIENDE_SMTP_SECURITY="starttls",
        ATIENDE_SMTP_TIMEOUT="10",
        ATIENDE_MAIL_FROM="Soporte <support@example.com>",
        ATIENDE_MAIL_REPLY_SECRET="r" * 40,
    )

    assert (conf["EMAIL_HOST"], conf["EMAIL_PORT"]) == ("smtp.example.com", 587)
    assert (conf["EMAIL_HOST_USER"], conf["EMAIL_HOST_PASSWORD"]) == (
        "desk@example.com",
        "s3cret-from-file",
    )
    assert (conf["EMAIL_USE_TLS"], conf["EMAIL_USE_SSL"], conf["EMAIL_TIMEOUT"]) == (
        True,
        False,
        10,
    )
    assert conf["DEFAULT_FROM_EMAIL"] == "Soporte <support@example.com>"
    assert conf["ATIENDE_MAIL_DOMAIN"] == "example.com"  # from the From address
    assert conf["ATIENDE_MAIL_REPLY_SECRET"] == "r" * 40


def test_it_uses_implicit_tls_and_an_own_domain_when_told(tmp_path):
    conf = values(tmp_path, ATIENDE_SMTP_SECURITY="tls", ATIENDE_MAIL_DOMAIN="Desk.Example.COM")

    assert (conf["EMAIL_USE_TLS"], conf["EMAIL_USE_SSL"]) == (False, True)
    assert conf["ATIENDE_MAIL_DOMAIN"] == "desk.example.com"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"ATIENDE_SMTP_SECURITY": "ssl"}, "ATIENDE_SMTP_SECURITY"),
        ({"ATIENDE_SMTP_PORT": "smtp"}, "ATIENDE_SMTP_PORT"),
        ({"ATIENDE_SMTP_PORT": "70000"}, "ATIENDE_SMTP_PORT"),
        ({"ATIENDE_SMTP_TIMEOUT": "0"}, "ATIENDE_SMTP_TIMEOUT"),
        ({"ATIENDE_MAIL_FROM": "Soporte"}, "ATIENDE_MAIL_FROM"),
        ({"ATIENDE_MAIL_DOMAIN": "support@example.com"}, "ATIENDE_MAIL_DOMAIN"),
        ({"ATIENDE_SMTP_PASSWORD_FILE": "/nonexistent/smtp-password"}, "ATIENDE_SMTP_PASSWORD"),
    ],
)
def test_it_refuses_a_bad_value_naming_the_variable(tmp_path, env, named):
    result = load(tmp_path, **env)

    assert result.returncode != 0
    assert named in result.stderr
