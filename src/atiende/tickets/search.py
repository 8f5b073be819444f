"""Full-text search of tickets for support staff: case number, subject, description and every
message (public replies, internal notes, system messages).

The index is kept up to date explicitly: the ticket actions that set a subject or add a
message call :func:`index_ticket` inside their transaction (no signals, no save hooks). A
ticket written any other way (a bulk load, a restore) is indexed by :func:`reindex`
(``atiende manage shell``, the benchmark generator).

- PostgreSQL: the ``search_document`` ``tsvector`` column of ``tickets_ticket`` (added by
  migration ``0007_ticket_search``, not a model field: Django never reads it) with a GIN
  index. The document holds the text under the ``spanish`` and the ``english`` configuration
  (the stems of both languages) and the ``simple`` one (case numbers, codes, names as
  written); a query matches when all its words match under one of the three.
- SQLite: the FTS5 table ``tickets_ticket_fts`` (rowid = ticket id; ``unicode61`` tokens,
  every word a prefix query).

Accents and case do not count: text and query are normalised here the same way (``NFKD``
without combining marks, case-folded), so no ``unaccent`` extension is needed.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

# A tsvector holds at most 1 MB; the text of a ticket is cut to this many characters.
BODY_MAX = 200_000
FTS_MATCH = "SELECT rowid FROM tickets_ticket_fts WHERE tickets_ticket_fts MATCH %s"
WORD = re.compile(r"\w+", re.UNICODE)

PG_INDEX = (
    "UPDATE tickets_ticket SET search_document = setweight(to_tsvector('simple', %(head)s), 'A')"
    " || setweight(to_tsvector('spanish', %(head)s), 'A')"
    " || setweight(to_tsvector('english', %(head)s), 'A')"
    " || to_tsvector('spanish', %(body)s) || to_tsvector('english', %(body)s)"
    " || to_tsvector('simple', %(body)s) WHERE id = %(id)s"
)
# The matches, at most LIMIT of them. The LIMIT is outside the (materialised) CTE so the
# planner chooses how to find *all* matches: with the GIN index unless the words are in most
# tickets. Under the LIMIT itself it reads the table in order instead, expecting to stop early
# (a word in 2 % of a million tickets: 90,000 documents read, 70-90 ms, against 6-8 ms).
# The CTE's rows are still produced on demand: reading stops at the LIMIT either way.
PG_IDS = (
    "WITH matches AS MATERIALIZED (SELECT id FROM tickets_ticket WHERE search_document @@"
    " (websearch_to_tsquery('spanish', %s) || websearch_to_tsquery('english', %s)"
    " || websearch_to_tsquery('simple', %s))) SELECT id FROM matches LIMIT %s"
)
PG_MATCH = (
    '"tickets_ticket"."search_document" @@ (websearch_to_tsquery(\'spanish\', %s)'
    " || websearch_to_tsquery('english', %s) || websearch_to_tsquery('simple', %s))"
)
# Up to this many matches the list reads them by id and sorts them; more, and it walks its
# own order testing each document (matches are then dense: a page fills quickly).
FEW = 2000


def normalise(text: str) -> str:
    """Lower case without accents: ``Conexión`` and ``conexion`` are the same word."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _texts(ticket_id: int, row: tuple[str, str, str] | None = None) -> tuple[str, str]:
    """(number and subject, description and messages) of a ticket, normalised; ``row``:
    its (number, subject, description) when the caller holds them current."""
    from atiende.tickets.models import Message, Ticket
    from atiende.tickets.numbering import is_provisional

    if row is None:
        row = Ticket.objects.values_list("number", "subject", "description").get(pk=ticket_id)
    number, subject, description = row
    messages = Message.objects.filter(ticket_id=ticket_id).order_by("id")
    body = _body(description, messages.values_list("text", flat=True))
    if is_provisional(number):
        # A ticket being created: its case number is added with it (numbering.assign_number).
        return normalise(subject), body
    return normalise(f"{number_text(number)} {subject}"), body


def number_text(number: str) -> str:
    """The case number as indexed: whole and in parts (PostgreSQL reads "INC-000123" as "inc"
    and "-000123")."""
    return f"{number} {' '.join(WORD.findall(number))}"


def _pg_number_text(number_sql: str) -> str:
    return f"lower({number_sql} || ' ' || regexp_replace({number_sql}, '\\W+', ' ', 'g'))"


def pg_number_document(number_sql: str) -> str:
    """PostgreSQL: the search document of a ticket created without its case number, with the
    number (the SQL expression ``number_sql``) added as :func:`index_ticket` would (weight A,
    the three configurations). For ``numbering.assign_number``: no read of the ticket."""
    text = _pg_number_text(number_sql)
    return (
        "coalesce(search_document, ''::tsvector)"
        f" || setweight(to_tsvector('simple', {text}), 'A')"
        f" || setweight(to_tsvector('spanish', {text}), 'A')"
        f" || setweight(to_tsvector('english', {text}), 'A')"
    )


def pg_new_document(number_sql: str) -> str:
    """PostgreSQL: the whole search document of a ticket being created, from the case number
    (the SQL expression ``number_sql``) and the texts :func:`index_new_ticket` kept; the same
    document :func:`index_ticket` writes. Parameters: head, head, head, body, body, body."""
    head = f"{_pg_number_text(number_sql)} || ' ' || %s"
    return (
        f"setweight(to_tsvector('simple', {head}), 'A')"
        f" || setweight(to_tsvector('spanish', {head}), 'A')"
        f" || setweight(to_tsvector('english', {head}), 'A')"
        " || to_tsvector('spanish', %s) || to_tsvector('english', %s)"
        " || to_tsvector('simple', %s)"
    )


def index_number(cursor, ticket_id: int, number: str) -> None:
    """SQLite: add the case number to the document of a ticket created without it."""
    cursor.execute(
        "UPDATE tickets_ticket_fts SET head = %s || ' ' || head WHERE rowid = %s",
        [normalise(number_text(number)), ticket_id],
    )


def index_ticket(ticket) -> None:
    """Write the search document of ``ticket`` (a Ticket or its id) from what is stored now."""
    ticket_id = getattr(ticket, "pk", ticket)
    _write(ticket_id, *_texts(ticket_id))


def index_locked_ticket(ticket) -> None:
    """:func:`index_ticket` for a ticket read under its row lock in the current transaction
    (the ticket actions' ``_locked``): its number, subject and description are taken from
    ``ticket`` — current, nobody else can change them before the commit — and only its
    messages are read."""
    row = (ticket.number, ticket.subject, ticket.description)
    _write(ticket.pk, *_texts(ticket.pk, row))


def index_new_ticket(ticket, messages: Iterable[str]) -> None:
    """The document of a ticket being created (provisional number), from what the creation
    wrote (its subject, description and message texts): what :func:`index_ticket` would
    write, without reading the ticket back.

    On PostgreSQL nothing is written here: the texts are kept on ``ticket`` and
    ``numbering.assign_number`` writes the whole document with the case number, in the
    statement that gives it (one write of the ticket row instead of two). Elsewhere the
    document is written now and ``assign_number`` adds the number.
    """
    head, body = normalise(ticket.subject), _body(ticket.description, messages)
    if connection.vendor == "postgresql":
        ticket.pending_search_texts = (head, body)
        return
    _write(ticket.pk, head, body)


def _body(description: str, messages: Iterable[str]) -> str:
    """Description and message texts, each text once (the first message usually repeats the
    description), normalised and cut to the limit."""
    texts = dict.fromkeys(text for text in [description, *messages] if text)
    return normalise("\n".join(texts))[:BODY_MAX]


def _write(ticket_id: int, head: str, body: str) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                PG_INDEX,
                {"head": head, "body": body, "id": ticket_id},
            )
        else:
            cursor.execute("DELETE FROM tickets_ticket_fts WHERE rowid = %s", [ticket_id])
            cursor.execute(
                "INSERT INTO tickets_ticket_fts (rowid, head, body) VALUES (%s, %s, %s)",
                [ticket_id, head, body],
            )


def reindex(ticket_ids: Iterable[int] | None = None) -> int:
    """Rebuild the documents of these tickets (every ticket when None); returns how many."""
    from atiende.tickets.models import Ticket

    ids = list(ticket_ids) if ticket_ids is not None else None
    if ids is None:
        ids = list(Ticket.objects.values_list("pk", flat=True))
    for ticket_id in ids:
        index_ticket(ticket_id)
    return len(ids)


def fts5_query(text: str) -> str:
    """The FTS5 query for free text: every word, as a prefix, must occur (quotes escaped)."""
    words = WORD.findall(normalise(text))
    return " ".join('"{}"*'.format(word.replace('"', '""')) for word in words)


def matching(queryset: QuerySet, text: str) -> QuerySet:
    """Tickets of ``queryset`` whose number, subject, description or messages match ``text``."""
    text = normalise(text)
    if connection.vendor == "postgresql":
        # The GIN index gives the matches; neither plan alone is good for both a rare word
        # (walking a million rows in due order) and a common one (fetching and sorting
        # tens of thousands), so the count of matches, capped, chooses.
        with connection.cursor() as cursor:
            cursor.execute(PG_IDS, [text, text, text, FEW + 1])
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) <= FEW:
            return queryset.filter(pk__in=ids)
        # Constant SQL; the text is a parameter.
        match = RawSQL(PG_MATCH, [text, text, text], output_field=BooleanField())  # noqa: S611
        return queryset.filter(match)
    query = fts5_query(text)
    if not query:
        return queryset.none()
    return queryset.filter(
        pk__in=RawSQL(FTS_MATCH, [query])  # noqa: S611 (constant SQL; the query is a parameter)
    )
