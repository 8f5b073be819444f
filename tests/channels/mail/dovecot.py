"""A real Dovecot IMAP server for the intake tests, on free loopback ports.

Its own configuration in a temporary folder: plain-text login on loopback and TLS (a
self-signed certificate made for the run) on a second port, users and passwords in a static
passwd-file, mail in Maildirs. Run as root, mail belongs to the ``dovecot`` system user (Dovecot
refuses UID 0 for mail); run as another user, everything runs as that user. Each test gets a
fresh IMAP user with an empty Maildir (:meth:`Dovecot.new_user`).

Missing Dovecot skips the tests outside CI with a clear reason and fails them in CI
(``CI`` set): ``scripts/ensure-dovecot.sh`` (``make test-deps``) installs it.
"""

import itertools
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORD = "imap-test-password"
USERS = 500
_users = itertools.count(1)


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if os.access("/usr/sbin/dovecot", os.X_OK) else None
    )


def require_dovecot() -> str:
    binary = dovecot_binary()
    if binary is None:
        reason = (
            "Dovecot is not installed: run scripts/ensure-dovecot.sh (make test-deps) or "
            "apt-get install dovecot-imapd to run the IMAP tests"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return binary


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ImapUser:
    name: str
    password: str
    maildir: Path


class Dovecot:
    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.tls_port = free_port()
        self.cafile = root / "cert.pem"
        self.process: subprocess.Popen | None = None
        if os.geteuid() == 0:
            mail = pwd.getpwnam("dovecot")
            self.uid, self.gid = mail.pw_uid, mail.pw_gid
            self.internal_user, self.login_user = "dovecot", "dovenull"
        else:
            self.uid, self.gid = os.getuid(), os.getgid()
            name = pwd.getpwuid(self.uid).pw_name
            self.internal_user = self.login_user = name

    # --- life ---------------------------------------------------------------------------------

    def start(self, binary: str) -> None:
        for name in ("run", "state", "mail"):
            (self.root / name).mkdir(parents=True, exist_ok=True)
        # Dovecot re-reads the passwd-file only when its modification time changes (to the
        # second): the users are written once, and each test takes the next one.
        (self.root / "users").write_text(
            "".join(f"desk{n}:{{PLAIN}}{PASSWORD}::::::\n" for n in range(1, USERS + 1))
        )
        self._certificate()
        config = self.root / "dovecot.conf"
        config.write_text(self._config())
        os.chown(self.root / "mail", self.uid, self.gid)
        self.process = subprocess.Popen(
            [binary, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode(errors="replace")
                raise RuntimeError(f"dovecot exited: {error}\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not answer on port {self.port}\n{self.log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def _certificate(self) -> None:
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", str(self.root / "key.pem"), "-out", str(self.cafile),
                "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def _config(self) -> str:
        root = self.root
        return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{self.cafile}
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = {self.uid}
first_valid_gid = {self.gid}
default_internal_user = {self.internal_user}
default_login_user = {self.login_user}
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={self.uid} gid={self.gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
  }}
}}
"""

    # --- users and mail -----------------------------------------------------------------------

    def new_user(self) -> ImapUser:
        number = next(_users)
        if number > USERS:
            raise RuntimeError(f"the test Dovecot has {USERS} users: raise USERS")
        name = f"desk{number}"
        maildir = self.root / "mail" / name / "Maildir"
        for sub in ("cur", "new", "tmp"):
            (maildir / sub).mkdir(parents=True, exist_ok=True)
        for path in (maildir.parent, maildir, *(maildir / sub for sub in ("cur", "new", "tmp"))):
            os.chown(path, self.uid, self.gid)
        return ImapUser(name=name, password=PASSWORD, maildir=maildir)

    def deliver(self, user: ImapUser, raws: list[bytes]) -> None:
        """Put messages in the user's INBOX the way an MTA's local delivery does."""
        stamp = time.time_ns()
        for index, raw in enumerate(raws):
            name = f"{stamp}.M{index}P{os.getpid()}.test"
            tmp = user.maildir / "tmp" / name
            tmp.write_bytes(raw)
            os.chown(tmp, self.uid, self.gid)
            tmp.rename(user.maildir / "new" / name)

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cafile))
