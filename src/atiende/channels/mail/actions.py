"""State changes of the mail intake. Every source (IMAP, MTA pipe, import) calls these.

``ingest`` = store raw (own transaction, :mod:`receive`) + process (one transaction,
:mod:`pipeline`). A message already stored is not processed again: the call reports
``duplicate`` — unless the earlier run died before processing it, in which case it is
processed now. ``retry`` sends a failed, rejected or quarantined message through the
pipeline again (``atiende mail failed retry ID``).
"""

from datetime import datetime

from django.db import connection, transaction
from django.utils.translation import gettext as _

from atiende import clock
from atiende.channels.mail import pipeline, receive
from atiende.channels.mail.codes import RETRYABLE, Action, Status
from atiende.channels.mail.context import Outcome
from atiende.channels.mail.models import InboundMessage, MailAddress, Mailbox
from atiende.core.errors import ActionError


def ingest(
    raw: bytes,
    *,
    source: str,
    mailbox: Mailbox | None = None,
    uidvalidity: int | None = None,
    uid: int | None = None,
    envelope_to: str = "",
    now: datetime | None = None,
) -> tuple[InboundMessage, Outcome]:
    """Store ``raw`` and process it; the same message twice is a no-op (``duplicate``)."""
    now = now or clock.now()
    inbound, created = receive.store_raw(
        raw,
        source=source,
        mailbox=mailbox,
        uidvalidity=uidvalidity,
        uid=uid,
        envelope_to=envelope_to,
        now=now,
    )
    return inbound, process_stored(inbound, created=created, now=now, raw=raw)


def process_stored(
    inbound: InboundMessage,
    *,
    created: bool,
    now: datetime | None = None,
    raw: bytes | None = None,
) -> Outcome:
    """Process a message :func:`receive.store_raw` returned. One stored before (``created``
    false) is a duplicate delivery — unless the run that stored it died before processing
    it, in which case it is processed now."""
    if not created and inbound.status != Status.RECEIVED:
        earlier = pipeline.stored_outcome(inbound)
        return Outcome(
            Action.DUPLICATE,
            reason="already_received",
            detail=f"inbound message {inbound.pk}",
            ticket=earlier.ticket,
        )
    kept = raw if created and raw is not None and not inbound.truncated else None
    return pipeline.process(
        inbound.pk, now=now, raw=kept, stored=inbound if kept is not None else None
    )


def process_pending(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Process messages left ``received`` (stored by a run that died); return how many."""
    from atiende.channels.mail.queries import pending_ids

    count = 0
    for inbound_id in pending_ids(limit):
        pipeline.process(inbound_id, now=now)
        count += 1
    return count


def retry(inbound_id: int, *, now: datetime | None = None) -> tuple[InboundMessage, Outcome]:
    """Send a failed, rejected or quarantined message through the pipeline again."""
    now = now or clock.now()
    with transaction.atomic():
        inbound = InboundMessage.objects.select_for_update().filter(pk=inbound_id).first()
        if inbound is None:
            raise ActionError(
                _("There is no inbound message %(id)s.") % {"id": inbound_id},
                code="not_found",
            )
        if inbound.status not in (*RETRYABLE, Status.RECEIVED):
            raise ActionError(
                _(
                    "Inbound message %(id)s is %(status)s: only failed, rejected or "
                    "quarantined messages can be processed again."
                )
                % {"id": inbound.pk, "status": inbound.status},
                code="not_retryable",
            )
        InboundMessage.objects.filter(pk=inbound.pk).update(
            status=Status.RECEIVED, action="", reason="", ticket=None, created_message=None
        )
    outcome = pipeline.process(inbound_id, now=now)
    inbound.refresh_from_db()
    return inbound, outcome


def record_bounce(address: str, *, hard: bool, reason: str, now: datetime) -> MailAddress:
    """Count a bounce for ``address``; a hard bounce marks it failing. Call inside the
    transaction that processes the bounce.

    One statement (an upsert): the row is created on the first bounce, and concurrent
    bounces for the same address each count (the row lock of the update orders them)."""
    address = address.strip().lower()[:320]
    reason = reason[:200]
    qn = connection.ops.quote_name
    table = qn(MailAddress._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({qn('address')}, {qn('failing')}, {qn('bounces')}, "  # noqa: S608
        f"{qn('last_bounce_at')}, {qn('last_bounce_reason')}) VALUES (%s, %s, 1, %s, %s) "
        f"ON CONFLICT ({qn('address')}) DO UPDATE SET "
        f"{qn('bounces')} = {table}.{qn('bounces')} + 1, "
        f"{qn('last_bounce_at')} = excluded.{qn('last_bounce_at')}, "
        f"{qn('last_bounce_reason')} = excluded.{qn('last_bounce_reason')}, "
        f"{qn('failing')} = ({table}.{qn('failing')} OR excluded.{qn('failing')}) "
        f"RETURNING {qn('id')}, {qn('failing')}, {qn('bounces')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [address, hard, connection.ops.adapt_datetimefield_value(now), reason])
        row_id, failing, bounces = cursor.fetchone()
    return MailAddress(
        id=row_id,
        address=address,
        failing=bool(failing),
        bounces=bounces,
        last_bounce_at=now,
        last_bounce_reason=reason,
    )
