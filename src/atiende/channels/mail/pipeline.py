"""Processing a stored message: an ordered list of small filters, in one transaction.

Each filter is a function ``run(ctx: Context) -> Outcome | None`` in ``filters/``: it reads
and fills the :class:`Context`, and returns an :class:`Outcome` to stop the pipeline (the
message is ignored, rejected, a duplicate, a bounce, quarantined, or was applied to a
ticket) or ``None`` to pass it on. The order is the list :data:`FILTERS`.

:func:`process` claims a message (row lock, status ``received``), runs the filters and
records the outcome on the row, all in one transaction: a crash at any point leaves the
message ``received`` with nothing applied, and the next run processes it. A refusal by a
ticket action (:class:`ActionError`) rolls the transaction back and, in a new one, rejects
the message with the action's reason (and an explanation to the sender when that is safe);
any other error rolls back and keeps the message ``failed`` with its error, for
``atiende mail failed retry``. (Rolling the whole transaction back instead of a savepoint
around the filters saves two statements on every message that succeeds; for the same reason
the ticket actions run without savepoints of their own here.)
"""

import logging
import traceback
from datetime import datetime
from functools import cache

from django.db import DatabaseError, connection, transaction

from atiende import clock
from atiende.channels.mail.codes import Action, Status
from atiende.channels.mail.context import Context, Outcome
from atiende.channels.mail.filters import (
    apply,
    auto_response,
    bounce,
    closed,
    duplicate,
    forward,
    guard,
    loop,
    parse,
    ratelimit,
    requester,
    sender,
    sender_lock,
    size,
    thread,
)
from atiende.channels.mail.models import InboundMessage
from atiende.channels.mail.subjects import subject_key
from atiende.core import configcache
from atiende.core.errors import ActionError
from atiende.tickets import actions

log = logging.getLogger("atiende.mail")

#: The filters, in order. Each is ``run(ctx) -> Outcome | None``.
FILTERS = [
    parse.run,  # raw bytes → ParsedMessage
    size.run,  # over the size limit → rejected
    sender_lock.run,  # one mail of a sender at a time across intake processes (PostgreSQL)
    loop.run,  # our own mail → ignored; automatic mail never gets an automatic reply
    bounce.run,  # delivery-status notification → recorded on the ticket, address failing
    sender.run,  # From → contacts / agent (never Reply-To)
    forward.run,  # an agent forwards a customer's mail → the ticket is for the customer
    thread.run,  # which ticket: headers, case number, reply address, sender + subject
    guard.run,  # never into another organisation's ticket; agents only with the token
    closed.run,  # reply to a closed ticket → new linked ticket (or reopen, per setting)
    auto_response.run,  # an auto-reply that belongs to no ticket → ignored
    duplicate.run,  # a re-sent copy of a message already on the ticket → duplicate
    requester.run,  # who the ticket is for: known contact, new contact, or rejected
    ratelimit.run,  # automatic replies per address per hour; failing addresses
    apply.run,  # open the ticket or add the message, through tickets.actions
]


def run_filters(ctx: Context) -> Outcome:
    for step in FILTERS:
        outcome = step(ctx)
        if outcome is not None:
            return outcome
    raise RuntimeError("the mail pipeline ended without an outcome")  # apply always decides


def process(
    inbound_id: int,
    *,
    now: datetime | None = None,
    raw: bytes | None = None,
    stored: InboundMessage | None = None,
) -> Outcome:
    """Process stored message ``inbound_id`` if it is still ``received``; one transaction.

    ``raw``: the stored bytes when the caller has them already (saves reading them back).
    ``stored``: the row as :func:`receive.store_raw` just created it, with ``raw``: only
    its status is read back (under the row lock); while it is ``received`` nothing else of
    the row can have changed.

    The configuration generation (``core.configcache``) is read once per message, in the
    statement that locks it, and adopted until the message is done.
    """
    adopted: list = []
    try:
        return _process(inbound_id, now or clock.now(), raw, stored, adopted)
    finally:
        for item in adopted:
            configcache.release(item)


def _process(inbound_id: int, now: datetime, raw, stored, adopted: list) -> Outcome:
    ctx = None
    try:
        # The ticket actions need no savepoints of their own: a refusal or error rolls this
        # whole transaction back (below), so nothing of a failed action has to survive.
        with transaction.atomic(), actions.in_callers_transaction():
            status = None
            if stored is not None and raw is not None:
                status, token = _lock_status(inbound_id)
                adopted.append(configcache.adopt(token))
            else:
                adopted.append(configcache.adopt(configcache.read_token()))
            if status == Status.RECEIVED:
                inbound = stored
            else:
                inbound = _claim(inbound_id, defer_raw=raw is not None)
            if inbound.status != Status.RECEIVED:
                return stored_outcome(inbound)
            inbound.attempts += 1
            ctx = Context(
                inbound=inbound, raw=raw if raw is not None else bytes(inbound.raw), now=now
            )
            outcome = run_filters(ctx)
            _record(inbound, ctx, outcome, now)
        return outcome
    except DatabaseError:
        raise  # the database is unavailable or refused: the message stays received
    except Exception as exc:
        if ctx is None:
            raise
        failure = exc
    # The filters' work is rolled back with the transaction (no savepoint on the way that
    # succeeds, which is nearly every message); record the refusal or the error in a new one.
    with transaction.atomic():
        inbound = _claim(inbound_id, defer_raw=True)
        if inbound.status != Status.RECEIVED:
            return stored_outcome(inbound)  # processed meanwhile by another run
        if isinstance(failure, ActionError):
            outcome = _refused(ctx, failure)
        else:
            log.exception("mail: inbound message %s failed", inbound_id, exc_info=failure)
            outcome = Outcome(Action.FAILED, reason="error", detail=_error_text(failure))
        _record(ctx.inbound, ctx, outcome, now)
    return outcome


def _lock_status(inbound_id: int) -> tuple[str | None, str | None]:
    """Lock the stored message for this transaction; read its status and the configuration
    generation token in the same statement (plain SQL: one statement on every message,
    cheaper than building the queryset). (None, None) when the row is missing."""
    table = connection.ops.quote_name(InboundMessage._meta.db_table)
    qn = connection.ops.quote_name
    token_sql, token_params = _token_sql()
    lock = f" FOR UPDATE OF {table}" if connection.features.has_select_for_update_of else ""
    sql = (
        f"SELECT {qn('status')}, ({token_sql}) FROM {table} "  # noqa: S608
        f"WHERE {qn('id')} = %s{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*token_params, inbound_id])
        row = cursor.fetchone()
    return (row[0], row[1]) if row is not None else (None, None)


@cache
def _token_sql() -> tuple[str, tuple]:
    """SQL and parameters of ``configcache.token_subquery()`` (compiled once per process)."""
    query = configcache.token_subquery().query
    return query.get_compiler(connection=connection).as_sql()


def _claim(inbound_id: int, *, defer_raw: bool) -> InboundMessage:
    """Lock the stored message for this transaction (concurrent runs wait, then see it done)."""
    rows = InboundMessage.objects.select_for_update()
    return (rows.defer("raw") if defer_raw else rows).get(pk=inbound_id)


def _refused(ctx: Context, exc: ActionError) -> Outcome:
    """A ticket action refused the message: explain it to the sender when that is safe."""
    from atiende.channels.mail import notices

    with transaction.atomic():
        notices.refusal(ctx, reason=exc.code, explanation=exc.message)
    return Outcome(Action.REJECTED, reason=exc.code, detail=exc.message)


def _error_text(exc: Exception) -> str:
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-8)
    return "".join(lines)[-4000:]


def _record(inbound: InboundMessage, ctx: Context, outcome: Outcome, now: datetime) -> None:
    parsed = ctx.parsed
    inbound.status = outcome.status
    inbound.action = outcome.action
    inbound.reason = outcome.reason[:64]
    inbound.error = "\n".join([outcome.detail, *ctx.notes]).strip()
    inbound.ticket = outcome.ticket
    inbound.created_message = outcome.message
    inbound.thread_rule = ctx.thread_rule if outcome.ticket is not None else ""
    # The effective sender and subject (an agent's forward: the original ones), for threading.
    inbound.from_address = (ctx.address or parsed.from_address or "").lower()[:320]
    inbound.subject = (parsed.subject or "")[:500]
    inbound.subject_key = subject_key(ctx.subject or parsed.subject)
    inbound.processed_at = now
    _save(inbound)
    if outcome.status in (Status.FAILED, Status.QUARANTINED):
        log.warning("mail: inbound message %s %s (%s)", inbound.pk, outcome.status, outcome.reason)


#: What :func:`_record` writes back (the row's other columns never change after storing).
RECORDED = (
    "status",
    "action",
    "reason",
    "error",
    "ticket",
    "created_message",
    "thread_rule",
    "from_address",
    "subject",
    "subject_key",
    "body_key",
    "notice_to",
    "attempts",
    "processed_at",
)


def _save(inbound: InboundMessage) -> None:
    """``inbound.save(update_fields=RECORDED)`` as one plain UPDATE (on every message; the
    values prepared by the fields themselves, as the ORM does)."""
    qn = connection.ops.quote_name
    fields = [InboundMessage._meta.get_field(name) for name in RECORDED]
    sets = ", ".join(f"{qn(field.column)} = %s" for field in fields)
    values = [
        field.get_db_prep_save(getattr(inbound, field.attname), connection) for field in fields
    ]
    sql = f"UPDATE {qn(InboundMessage._meta.db_table)} SET {sets} WHERE {qn('id')} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, inbound.pk])


def stored_outcome(inbound: InboundMessage) -> Outcome:
    """The outcome recorded on an already processed message (a redelivery reports it)."""
    action = inbound.action or (Action.FAILED if inbound.status == Status.FAILED else "")
    return Outcome(
        action=action or Action.DUPLICATE,
        reason=inbound.reason,
        detail=inbound.error,
        ticket=inbound.ticket,
        message=inbound.created_message,
    )
