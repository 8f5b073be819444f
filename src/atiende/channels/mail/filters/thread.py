"""Which ticket a message belongs to. Rules, in order, first match wins (C3):

1. In-Reply-To / References name a Message-ID we sent (outbox) or stored (inbound), or the
   message re-uses the Message-ID of one already on a ticket;
2. a case number in the subject (``[INC-000123]``, or a bare ``INC-123`` of a known prefix);
3. a signed per-ticket reply address (``support+<token>@…``) in To, Cc or Delivered-To;
4. for mail systems that strip headers: the same sender and normalised subject on a ticket
   that is not closed, within ``ATIENDE_MAIL_THREAD_WINDOW_DAYS``.

The signed address is read whichever rule matched: it is what proves an agent (guard.py).
A merged ticket is replaced by the ticket it was merged into. Whether the match is allowed
(other organisation, unknown sender) is decided by filters/guard.py.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection

from atiende.channels.mail import lookups, outbound, rows, subjects
from atiende.channels.mail.codes import ThreadRule
from atiende.channels.mail.context import Context
from atiende.channels.mail.models import InboundMessage
from atiende.customers.models import Organisation
from atiende.tickets.codes import StateCategory
from atiende.tickets.models import CaseSequence, State, Ticket
from atiende.tickets.numbering import DEFAULT_PREFIXES


def run(ctx: Context) -> None:
    parsed = ctx.parsed
    recipients = [address for _name, address in [*parsed.to, *parsed.cc]] + ctx.envelope_to
    for address in recipients:
        ticket_id = outbound.ticket_id_from_reply_address(address)
        if ticket_id is not None:
            ctx.token_ticket_id = ticket_id
            break
    for rule, finder in (
        (ThreadRule.HEADERS, _by_headers),
        (ThreadRule.MESSAGE_ID, _by_same_message_id),
        (ThreadRule.SUBJECT_NUMBER, _by_subject_number),
        (ThreadRule.REPLY_ADDRESS, _by_reply_address),
        (ThreadRule.SENDER_SUBJECT, _by_sender_and_subject),
    ):
        ticket_id = finder(ctx)
        if ticket_id is None:
            continue
        ticket = _surviving(ticket_id)
        if ticket is not None:
            ctx.ticket = ticket
            ctx.thread_rule = rule
            return None
    return None


def _surviving(ticket_id: int) -> Ticket | None:
    ticket = _ticket(ticket_id)
    seen = set()
    while ticket is not None and ticket.merged_into_id and ticket.pk not in seen:
        seen.add(ticket.pk)
        ticket = _ticket(ticket.merged_into_id)
    return ticket


def _ticket(ticket_id: int) -> Ticket | None:
    """The ticket with its state and organisation (``select_related``), in plain SQL: read
    for nearly every reply, where building the queryset cost more than the query."""
    ticket, state, organisation = (rows.columns(model) for model in (Ticket, State, Organisation))
    sql = (
        f"SELECT {ticket.sql}, {state.sql}, {organisation.sql} FROM {ticket.table} "  # noqa: S608
        f"INNER JOIN {state.table} ON ({ticket.column('state')} = {state.column('id')}) "
        f"INNER JOIN {organisation.table} "
        f"ON ({ticket.column('organisation')} = {organisation.column('id')}) "
        f"WHERE {ticket.column('id')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ticket_id])
        row = cursor.fetchone()
    if row is None:
        return None
    found = ticket.build(row)
    found.state = state.build(row, ticket.width)
    found.organisation = organisation.build(row, ticket.width + state.width)
    return found


def _by_headers(ctx: Context) -> int | None:
    ids = lookups.ancestors(ctx.parsed)
    if not ids:
        return None
    facts = lookups.facts(ctx)  # our outbox and stored mail, read with the loop check
    for message_id in ids:  # the nearest ancestor first
        ticket_id = facts.sent.get(message_id) or facts.stored.get(message_id)
        if ticket_id:
            return ticket_id
    return None


def _by_same_message_id(ctx: Context) -> int | None:
    message_id = ctx.parsed.message_id
    return lookups.facts(ctx).stored.get(message_id) if message_id else None


def case_number_prefixes() -> dict[str, int]:
    """Known case-number prefixes (upper case) and their zero padding."""
    found = {prefix.upper(): 6 for prefix in DEFAULT_PREFIXES.values()}
    found.update(
        (prefix.upper(), padding)
        for prefix, padding in CaseSequence.objects.values_list("prefix", "padding")
    )
    return found


def _by_subject_number(ctx: Context) -> int | None:
    subject = ctx.parsed.subject
    if ctx.forwarded_by is not None:
        subject = f"{ctx.subject} {subject}"
    if not subjects.may_name_a_case(subject):
        return None
    numbers = subjects.case_numbers(subject, case_number_prefixes())
    if not numbers:
        return None
    found = dict(Ticket.objects.filter(number__in=numbers).values_list("number", "pk"))
    return next((found[number] for number in numbers if number in found), None)


def _by_reply_address(ctx: Context) -> int | None:
    if ctx.token_ticket_id is None:
        return None
    return Ticket.objects.filter(pk=ctx.token_ticket_id).values_list("pk", flat=True).first()


def _by_sender_and_subject(ctx: Context) -> int | None:
    key = subjects.subject_key(ctx.subject)
    if not key or not ctx.address:
        return None
    facts = lookups.facts(ctx)
    if facts.sender_subject == (ctx.address, key):
        return facts.subject_ticket  # read with the loop check (the usual case)
    since = ctx.now - timedelta(days=settings.ATIENDE_MAIL_THREAD_WINDOW_DAYS)
    return (
        InboundMessage.objects.filter(
            from_address=ctx.address,
            subject_key=key,
            received_at__gte=since,
            ticket__isnull=False,
        )
        .exclude(pk=ctx.inbound.pk)
        .exclude(ticket__state__category=StateCategory.CLOSED)
        .order_by("-received_at", "-id")
        .values_list("ticket_id", flat=True)
        .first()
    )
