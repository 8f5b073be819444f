"""Fixtures of the mail intake tests: a real Dovecot server and mailboxes on it."""

import shutil
import tempfile
from pathlib import Path

import pytest
import time_machine

from atiende.channels.mail.codes import Security
from atiende.channels.mail.models import Mailbox
from tests import factories
from tests.channels.mail.dovecot import Dovecot, require_dovecot
from tests.channels.mail.intake import CURRENT_TIME

PASSWORD_VARIABLE = "ATIENDE_TEST_IMAP_PASSWORD"


@pytest.fixture
def customer(personas):
    """A contact of the personas' organisation (Alpha Telecom) who writes to the desk."""
    return factories.contact(personas.org, name="Customer", email="customer@example.com")


@pytest.fixture
def travel():
    """Time frozen at :data:`CURRENT_TIME`; move it with ``travel.shift(seconds)``."""
    with time_machine.travel(CURRENT_TIME, tick=False) as traveller:
        yield traveller


@pytest.fixture(scope="session")
def dovecot():
    """One Dovecot for the session; each test takes its own user (``imap_user``)."""
    binary = require_dovecot()
    # Not under pytest's temporary folder: that one is private to root (0700), and Dovecot's
    # unprivileged processes must read their files.
    root = Path(tempfile.mkdtemp(prefix="atiende-dovecot-"))
    root.chmod(0o755)
    server = Dovecot(root)
    try:
        server.start(binary)
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def imap_user(dovecot):
    return dovecot.new_user()


@pytest.fixture
def make_mailbox(dovecot, imap_user, monkeypatch, db):
    """A Mailbox row for ``imap_user`` (plain text on loopback unless ``security`` given)."""
    monkeypatch.setenv(PASSWORD_VARIABLE, imap_user.password)

    def make(**fields) -> Mailbox:
        security = fields.pop("security", Security.NONE)
        fields.setdefault("name", "support")
        return Mailbox.objects.create(
            host="127.0.0.1",
            port=dovecot.tls_port if security == Security.TLS else dovecot.port,
            security=security,
            username=imap_user.name,
            password_env=PASSWORD_VARIABLE,
            **fields,
        )

    return make
