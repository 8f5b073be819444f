"""Case numbers (T1): a per-kind prefix and a zero-padded sequence, never reused, no gaps.

A ticket is inserted with a unique *provisional* number (:func:`provisional_number`) and gets
its case number in the last statement of the creating transaction (:func:`assign_number`):
one statement takes the next value of the sequence (``UPDATE … RETURNING``, which locks the
sequence row until the commit) and writes the number in place of the provisional one, on the
ticket row and in every row registered with :func:`register_mention` (the ``ticket.created``
history event, the acknowledgement in the outbox) and in the ticket's search document (indexed
without it). Concurrent creators of a kind therefore
wait for each other only during that statement and the commit, not during the whole creation
(SLA planning, messages, history, outbox).

Because the sequence row stays locked until the commit, numbers are consecutive and increase
in commit order; a rolled-back creation gives its value back together with the ticket it never
created, so a number seen by anyone is never given to another ticket. On SQLite the write lock
serialises writers anyway; the same statements run one after the other there.

The provisional number never leaves the transaction: it is 96 random bits behind ``~``, which
no case number contains, so replacing it cannot touch anything else.
"""

import secrets
from dataclasses import dataclass

from django.db import connection, models, transaction

from atiende.tickets import search
from atiende.tickets.codes import Kind
from atiende.tickets.models import CaseSequence, HistoryEvent, Ticket

DEFAULT_PREFIXES = {Kind.INCIDENT: "INC", Kind.REQUEST: "REQ", Kind.PROBLEM: "PRB"}
PROVISIONAL_PREFIX = "~"


def format_number(prefix: str, value: int, padding: int) -> str:
    return f"{prefix}-{value:0{padding}d}"


def provisional_number() -> str:
    """A unique stand-in for the case number while the creating transaction runs."""
    return PROVISIONAL_PREFIX + secrets.token_hex(12)


def is_provisional(number: str) -> bool:
    return number.startswith(PROVISIONAL_PREFIX)


@dataclass(frozen=True)
class Mention:
    """Rows of ``model`` (found by their ``ticket_field``) whose ``fields`` may carry the
    provisional number of the ticket being created."""

    model: type[models.Model]
    fields: tuple[str, ...]
    ticket_field: str = "ticket"


#: Where the creating transaction may have written the provisional number. Apps that write it
#: register here once (``AppConfig.ready``), e.g. notify for the acknowledgement.
mentions: list[Mention] = [Mention(HistoryEvent, ("data",))]


def register_mention(model: type[models.Model], fields, *, ticket_field: str = "ticket") -> None:
    mention = Mention(model, tuple(fields), ticket_field)
    if mention not in mentions:
        mentions.append(mention)


def assign_number(ticket: Ticket, key: str) -> str:
    """Give ``ticket`` (inserted with a provisional number) the next case number of sequence
    ``key``; call it as the last statement of the creating transaction. Sets
    ``ticket.number`` and returns it."""
    assert transaction.get_connection().in_atomic_block, "call inside transaction.atomic()"
    provisional = ticket.number
    assert is_provisional(provisional), "the ticket already has its case number"
    for _attempt in range(2):
        if connection.vendor == "postgresql":
            texts = getattr(ticket, "pending_search_texts", None)
            number = _assign_in_one_statement(ticket.pk, key, provisional, texts)
        else:
            number = _assign_step_by_step(ticket.pk, key, provisional)
        if number is not None:
            ticket.number = number
            return number
        _create_sequence(key)
    raise RuntimeError(f"case-number sequence {key!r} could not be created")


def _columns(mention: Mention) -> tuple[str, str, list[tuple[str, bool]]]:
    meta = mention.model._meta
    fields = [meta.get_field(name) for name in mention.fields]
    return (
        meta.db_table,
        meta.get_field(mention.ticket_field).column,
        [(field.column, isinstance(field, models.JSONField)) for field in fields],
    )


def _assign_in_one_statement(
    ticket_id: int, key: str, provisional: str, texts: tuple[str, str] | None
) -> str | None:
    """PostgreSQL: take the value and write the number everywhere in one statement; with
    ``texts`` (head and body kept by ``search.index_new_ticket``) the whole search document
    too, else the number is added to the document already written.

    Identifiers come from the models' metadata (quoted); every value is a parameter.
    """
    qn = connection.ops.quote_name
    sequence = CaseSequence._meta.db_table
    if texts is not None:
        document, document_params = search.pg_new_document("seq.number"), [texts[0]] * 3
        document_params += [texts[1]] * 3
    else:
        document, document_params = search.pg_number_document("seq.number"), []
    parts = [
        f"seq AS (UPDATE {qn(sequence)} SET last_value = last_value + 1 WHERE key = %s "  # noqa: S608
        "RETURNING prefix || '-' || lpad(last_value::text, "
        "greatest(padding, length(last_value::text)), '0') AS number)",
        f"t AS (UPDATE {qn(Ticket._meta.db_table)} SET number = seq.number, "  # noqa: S608
        f"search_document = {document} FROM seq WHERE id = %s)",
    ]
    params: list = [key, *document_params, ticket_id]
    for index, mention in enumerate(mentions):
        table, ticket_column, columns = _columns(mention)
        sets = ", ".join(
            f"{qn(column)} = replace({qn(column)}::text, %s, seq.number)::jsonb"
            if is_json
            else f"{qn(column)} = replace({qn(column)}, %s, seq.number)"
            for column, is_json in columns
        )
        parts.append(
            f"m{index} AS (UPDATE {qn(table)} SET {sets} FROM seq "  # noqa: S608
            f"WHERE {qn(ticket_column)} = %s)"
        )
        params += [provisional] * len(columns) + [ticket_id]
    sql = "WITH " + ", ".join(parts) + " SELECT number FROM seq"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row is not None else None


def _assign_step_by_step(ticket_id: int, key: str, provisional: str) -> str | None:
    """Other databases (SQLite: writers are serialised already): the same, one by one."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn(CaseSequence._meta.db_table)} SET last_value = last_value + 1 "  # noqa: S608
            "WHERE key = %s RETURNING prefix, padding, last_value",
            [key],
        )
        row = cursor.fetchone()
        if row is None:
            return None
        prefix, padding, value = row
        number = format_number(prefix, value, padding)
        cursor.execute(
            f"UPDATE {qn(Ticket._meta.db_table)} SET number = %s WHERE id = %s",  # noqa: S608
            [number, ticket_id],
        )
        search.index_number(cursor, ticket_id, number)
        for mention in mentions:
            table, ticket_column, columns = _columns(mention)
            sets = ", ".join(f"{qn(c)} = replace({qn(c)}, %s, %s)" for c, _json in columns)
            cursor.execute(
                f"UPDATE {qn(table)} SET {sets} WHERE {qn(ticket_column)} = %s",  # noqa: S608
                [value for _ in columns for value in (provisional, number)] + [ticket_id],
            )
    return number


def _create_sequence(key: str) -> None:
    prefix = DEFAULT_PREFIXES.get(key, key[:8].upper())
    with transaction.atomic():
        CaseSequence.objects.get_or_create(key=key, defaults={"prefix": prefix})
