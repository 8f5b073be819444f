"""Sending failed mail again (N5): an outbox row the sender gave up on goes back to the queue.

:func:`resend` is the one way to do it; the command line (``atiende mail outbox retry``) and
the admin action "Send again" call it. In one transaction it

- refuses unless every row asked for exists and is *failed* (nothing is half-applied);
- puts each row back to *pending*, due now, with its attempts counted from zero, no claim and
  no ``failed_at``; the message itself is untouched, **Message-ID included**, so a reply to
  either copy threads into the ticket and a receiver that got it after all drops the copy;
- restarts the sender's 24-hour give-up window, which counts from ``created_at``: the row gets
  ``created_at = now`` (when it was first written stays in the history event, ``written_at``);
- writes ``mail.resent`` on the ticket's history (staff only, like ``mail.failed``);
- queues the sender when the transaction commits.

The last error is kept until the row is sent (the sender clears it then), so a list shows why
the previous attempts failed.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from atiende import clock
from atiende.core.errors import ActionError
from atiende.notify.models import OutboxMessage, OutboxStatus
from atiende.notify.outbox import kick_sender_on_commit
from atiende.tickets import history
from atiende.tickets.codes import Channel, EventCode

#: Rows read or changed per query (SQLite limits the parameters of one statement).
CHUNK = 500
#: Ids named in a refusal at most.
NAMED = 20


def _ids(rows_or_ids: Iterable[OutboxMessage | int]) -> list[int]:
    """The ids asked for, in order, each once."""
    pks = (item.pk if isinstance(item, OutboxMessage) else int(item) for item in rows_or_ids)
    return list(dict.fromkeys(pks))


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:NAMED])
    return f"{shown} … (+{len(items) - NAMED})" if len(items) > NAMED else shown


def resend(
    rows_or_ids: Iterable[OutboxMessage | int],
    *,
    actor=None,
    channel: str = Channel.SYSTEM,
    now: datetime | None = None,
) -> list[OutboxMessage]:
    """Queue these failed outbox rows to be sent again; return them (pending), in order.

    Raises :class:`ActionError` — and changes nothing — when none is given (``nothing_given``),
    an id is unknown (``not_found``) or a row is not failed (``not_failed``).
    """
    now = now or clock.now()
    ids = _ids(rows_or_ids)
    if not ids:
        raise ActionError(
            _("Give at least one outgoing e-mail to send again."), code="nothing_given"
        )
    with transaction.atomic():
        found: dict[int, OutboxMessage] = {}
        for chunk in _chunks(ids):
            locked = OutboxMessage.objects.select_for_update(of=("self",)).filter(pk__in=chunk)
            found.update((row.pk, row) for row in locked.select_related("ticket"))
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise ActionError(
                _("There is no outgoing e-mail %(ids)s.") % {"ids": _listed(missing)},
                code="not_found",
            )
        not_failed = [
            _("%(id)s is %(status)s") % {"id": pk, "status": found[pk].status}
            for pk in ids
            if found[pk].status != OutboxStatus.FAILED
        ]
        if not_failed:
            raise ActionError(
                _("Only failed e-mails can be sent again: %(rows)s.")
                % {"rows": _listed(not_failed)},
                code="not_failed",
            )
        rows = [found[pk] for pk in ids]
        for chunk in _chunks(ids):
            OutboxMessage.objects.filter(pk__in=chunk, status=OutboxStatus.FAILED).update(
                status=OutboxStatus.PENDING,
                next_attempt_at=now,
                attempts=0,
                claim_token="",
                failed_at=None,
                created_at=now,
            )
        for row in rows:
            if row.ticket is not None:
                history.record(
                    row.ticket,
                    EventCode.MAIL_RESENT,
                    actor=actor,
                    channel=channel,
                    at=now,
                    outbox_id=row.pk,
                    to=", ".join(row.to),
                    subject=row.subject,
                    cause=row.cause,
                    message_id=row.message_id,
                    attempts=row.attempts,
                    error=row.last_error,
                    failed_at=row.failed_at.isoformat() if row.failed_at else None,
                    written_at=row.created_at.isoformat(),
                )
        kick_sender_on_commit()
    fresh = OutboxMessage.objects.select_related("ticket").in_bulk(ids)
    return [fresh[pk] for pk in ids]
