"""Reading IMAP mailboxes with imapclient: poll, or wait with IDLE; TLS by default.

One poll of a :class:`Mailbox`:

1. process what an earlier run stored but did not process (it died in between);
2. select the folder; if its UIDVALIDITY changed, start again from UID 1 (stored messages
   are still recognised by Message-ID and content hash, so nothing is applied twice);
3. finish the server-side step (flag or move) of messages stored earlier but not yet
   flagged or moved;
4. fetch the messages above the last UID read, in batches: each is stored raw and processed
   (:func:`atiende.channels.mail.actions.ingest`), then the batch is flagged ``\\Seen`` or
   moved to the processed folder, and the last UID is remembered.

Killing the process at any moment loses nothing and applies nothing twice: storing is keyed
by (mailbox, UIDVALIDITY, UID), processing is one transaction, and the server-side step is
repeated until it is recorded (repeating it is harmless).
"""

import contextlib
import ipaddress
import logging
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from atiende import clock
from atiende.channels.mail import actions
from atiende.channels.mail.codes import ProcessedAction, Security
from atiende.channels.mail.models import InboundMessage, Mailbox
from atiende.env import EnvError, env_secret

log = logging.getLogger("atiende.mail.imap")

BATCH = 25
SEEN = b"\\Seen"
IDLE_RENEW_SECONDS = 290  # servers may end an IDLE after 30 min; renew well before


class MailboxError(Exception):
    """The mailbox cannot be read; ``permanent`` when retrying will not help (bad config)."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


@dataclass
class PollResult:
    mailbox: str
    fetched: int = 0
    outcomes: Counter = field(default_factory=Counter)
    recovered: int = 0  # stored earlier but processed only now

    def as_dict(self) -> dict:
        return {
            "mailbox": self.mailbox,
            "fetched": self.fetched,
            "recovered": self.recovered,
            "actions": dict(sorted(self.outcomes.items())),
        }


def password_for(mailbox: Mailbox) -> str:
    name = mailbox.password_env.strip()
    if not name:
        raise MailboxError(
            f"mailbox {mailbox.name}: no password variable is configured", permanent=True
        )
    try:
        value = env_secret(name)
    except EnvError as exc:
        raise MailboxError(f"mailbox {mailbox.name}: {exc}", permanent=True) from None
    if not value:
        raise MailboxError(
            f"mailbox {mailbox.name}: the environment variable {name} (or {name}_FILE) that "
            "should hold the password is not set",
            permanent=True,
        )
    return value


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connect(
    mailbox: Mailbox, *, ssl_context: ssl.SSLContext | None = None, timeout: float = 60
) -> IMAPClient:
    """A logged-in client for ``mailbox`` (TLS or STARTTLS; plain text only on loopback)."""
    if mailbox.security == Security.NONE and not _is_loopback(mailbox.host):
        raise MailboxError(
            f"mailbox {mailbox.name}: a connection without TLS is only allowed to the local "
            f"machine, not to {mailbox.host}; choose TLS or STARTTLS",
            permanent=True,
        )
    password = password_for(mailbox)
    context = ssl_context or ssl.create_default_context()
    try:
        client = IMAPClient(
            mailbox.host,
            port=mailbox.port,
            ssl=mailbox.security == Security.TLS,
            ssl_context=context if mailbox.security == Security.TLS else None,
            timeout=timeout,
        )
        if mailbox.security == Security.STARTTLS:
            client.starttls(context)
        client.login(mailbox.username, password)
    except IMAPClientError as exc:
        raise MailboxError(f"mailbox {mailbox.name}: {exc}") from exc
    except (OSError, ssl.SSLError) as exc:
        raise MailboxError(f"mailbox {mailbox.name}: cannot connect: {exc}") from exc
    return client


def poll(
    mailbox: Mailbox,
    *,
    client: IMAPClient | None = None,
    ssl_context: ssl.SSLContext | None = None,
    limit: int | None = None,
    now: datetime | None = None,
    on_message: Callable[[InboundMessage, object], None] | None = None,
) -> PollResult:
    """Read new mail of ``mailbox`` once (see the module docstring)."""
    result = PollResult(mailbox=mailbox.name)
    result.recovered = actions.process_pending(now=now)
    own = client is None
    if client is None:
        try:
            client = connect(mailbox, ssl_context=ssl_context)
        except MailboxError as exc:
            _remember_error(mailbox, str(exc))
            raise
    try:
        info = client.select_folder(mailbox.folder)
        uidvalidity = int(info[b"UIDVALIDITY"])
        if mailbox.uidvalidity != uidvalidity:
            log.info(
                "mailbox %s: UIDVALIDITY %s → %s, reading from the start",
                mailbox.name,
                mailbox.uidvalidity,
                uidvalidity,
            )
            mailbox.uidvalidity = uidvalidity
            mailbox.last_uid = 0
            mailbox.save(update_fields=["uidvalidity", "last_uid"])
        _finish_server_steps(client, mailbox)
        uids = sorted(
            uid
            for uid in client.search(["UID", f"{mailbox.last_uid + 1}:*"])
            if uid > mailbox.last_uid
        )
        if limit is not None:
            uids = uids[:limit]
        for start in range(0, len(uids), BATCH):
            chunk = uids[start : start + BATCH]
            fetched = client.fetch(chunk, ["BODY.PEEK[]"])
            for uid in chunk:
                raw = fetched.get(uid, {}).get(b"BODY[]")
                if raw is None:
                    continue  # expunged meanwhile
                inbound, outcome = actions.ingest(
                    raw,
                    source=f"imap:{mailbox.name}",
                    mailbox=mailbox,
                    uidvalidity=uidvalidity,
                    uid=uid,
                    now=now,
                )
                result.fetched += 1
                result.outcomes[outcome.action] += 1
                if on_message is not None:
                    on_message(inbound, outcome)
            Mailbox.objects.filter(pk=mailbox.pk, last_uid__lt=chunk[-1]).update(last_uid=chunk[-1])
            mailbox.last_uid = max(mailbox.last_uid, chunk[-1])
            _server_step(client, mailbox, chunk)
            _mark_done(mailbox, uidvalidity, chunk)
        Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=clock.now(), last_error="")
    except IMAPClientError as exc:
        _remember_error(mailbox, str(exc))
        raise MailboxError(f"mailbox {mailbox.name}: {exc}") from exc
    except OSError as exc:
        _remember_error(mailbox, str(exc))
        raise MailboxError(f"mailbox {mailbox.name}: connection lost: {exc}") from exc
    finally:
        if own:
            _logout(client)
    return result


def _remember_error(mailbox: Mailbox, text: str) -> None:
    Mailbox.objects.filter(pk=mailbox.pk).update(last_error=text[:2000])


def _logout(client: IMAPClient) -> None:
    with contextlib.suppress(IMAPClientError, OSError):
        client.logout()


def _server_step(client: IMAPClient, mailbox: Mailbox, uids: list[int]) -> None:
    """Flag or move processed messages on the server (repeating it is harmless)."""
    if not uids:
        return
    if mailbox.processed_action == ProcessedAction.MOVE and mailbox.processed_folder:
        if not client.folder_exists(mailbox.processed_folder):
            try:
                client.create_folder(mailbox.processed_folder)
            except IMAPClientError:
                if not client.folder_exists(mailbox.processed_folder):
                    raise
        if client.has_capability("MOVE"):
            client.move(uids, mailbox.processed_folder)
        else:
            client.copy(uids, mailbox.processed_folder)
            client.delete_messages(uids)
            if client.has_capability("UIDPLUS"):
                client.uid_expunge(uids)
            else:
                client.expunge()
    else:
        client.add_flags(uids, [SEEN], silent=True)


def _mark_done(mailbox: Mailbox, uidvalidity: int, uids: list[int]) -> None:
    InboundMessage.objects.filter(
        mailbox=mailbox, uidvalidity=uidvalidity, uid__in=uids, server_done_at__isnull=True
    ).update(server_done_at=clock.now())


def _finish_server_steps(client: IMAPClient, mailbox: Mailbox) -> None:
    """Flag or move the messages an earlier run stored but did not finish on the server."""
    while True:
        uids = list(
            InboundMessage.objects.filter(
                mailbox=mailbox,
                uidvalidity=mailbox.uidvalidity,
                uid__isnull=False,
                server_done_at__isnull=True,
            )
            .order_by("uid")
            .values_list("uid", flat=True)[:500]
        )
        if not uids:
            return
        _server_step(client, mailbox, uids)
        _mark_done(mailbox, mailbox.uidvalidity, uids)


def due_mailboxes(now: datetime, every_seconds: int) -> list[Mailbox]:
    """Active mailboxes not polled for ``every_seconds``."""
    return [
        mailbox
        for mailbox in Mailbox.objects.filter(is_active=True).order_by("name")
        if mailbox.last_polled_at is None
        or (now - mailbox.last_polled_at).total_seconds() >= every_seconds - 1
    ]


def watch(
    mailbox: Mailbox,
    *,
    stop: threading.Event,
    poll_seconds: float = 60,
    ssl_context: ssl.SSLContext | None = None,
    retry_seconds: float = 30,
) -> None:
    """Poll ``mailbox`` and wait for new mail with IDLE (or every ``poll_seconds`` when the
    server has no IDLE) until ``stop`` is set. Connection problems are logged and retried."""
    while not stop.is_set():
        client = None
        try:
            client = connect(mailbox, ssl_context=ssl_context)
            while not stop.is_set():
                poll(mailbox, client=client)
                if client.has_capability("IDLE"):
                    _idle(client, stop)
                else:
                    stop.wait(poll_seconds)
                mailbox.refresh_from_db()
        except MailboxError as exc:
            log.warning("%s", exc)
            if exc.permanent:
                return
            stop.wait(retry_seconds)
        finally:
            if client is not None:
                _logout(client)


def _idle(client: IMAPClient, stop: threading.Event) -> None:
    client.idle()
    started = time.monotonic()
    try:
        while not stop.is_set() and time.monotonic() - started < IDLE_RENEW_SECONDS:
            responses = client.idle_check(timeout=1)
            if any(b"EXISTS" in item for item in responses if isinstance(item, tuple)):
                break
    finally:
        client.idle_done()
