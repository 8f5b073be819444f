"""Shared helpers of the intake tests: building raw mail and feeding it to the intake."""

import datetime as dt
import itertools
from email.utils import format_datetime

from atiende import clock
from atiende.channels.mail import actions
from atiende.channels.mail.models import InboundMessage

_seq = itertools.count(1)
#: When the intake tests run (fixture ``travel``): a Monday morning in Bogotá.
CURRENT_TIME = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def mail(
    *,
    sender: str = "Customer <customer@example.com>",
    to: str = "support@example.com",
    subject: str = "Printer on floor 3 does not print",
    body: str | None = None,
    message_id: str | None = None,
    in_reply_to: str = "",
    references: str = "",
    headers: dict[str, str] | None = None,
    cc: str = "",
) -> bytes:
    """A small plain-text message (CRLF), with a fresh Message-ID and text unless given."""
    n = next(_seq)
    if message_id is None:
        message_id = f"m{n}.{clock.now().timestamp():.0f}@mail.example.com"
    if body is None:
        body = f"The printer shows error 50.2 since this morning (report {n})."
    lines = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Date: {format_datetime(clock.now())}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    if message_id:
        lines.append(f"Message-ID: <{message_id}>")
    if cc:
        lines.append(f"Cc: {cc}")
    if in_reply_to:
        lines.append(f"In-Reply-To: <{in_reply_to}>")
    if references:
        lines.append(f"References: {references}")
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    return ("\r\n".join(lines) + "\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n").encode()


def ingest(raw: bytes, **kwargs):
    """Store and process ``raw`` as an MTA pipe would; returns (row, outcome)."""
    kwargs.setdefault("source", "test")
    return actions.ingest(raw, **kwargs)


def stored(outcome_row: InboundMessage) -> InboundMessage:
    return InboundMessage.objects.get(pk=outcome_row.pk)
