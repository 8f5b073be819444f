"""Outbox tests talk to a real SMTP server on loopback (DESIGN: testing)."""

import pytest

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
