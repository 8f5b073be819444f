"""A new ticket is indexed without its provisional number; the case number is added to its
search document by the statement that writes it (numbering.assign_number)."""

import pytest
from django.db import connection

from atiende.tickets import numbering, search
from atiende.tickets.models import Ticket
from tests import factories

pytestmark = pytest.mark.django_db

QUERIES = ["{number}", "{digits}", "trunk", "Troncal caída", "inbound calls", "{number} trunk"]


def _found(ticket, queries) -> list[bool]:
    digits = ticket.number.split("-")[-1]
    return [
        search.matching(Ticket.objects.all(), q.format(number=ticket.number, digits=digits))
        .filter(pk=ticket.pk)
        .exists()
        for q in queries
    ]


def test_a_new_ticket_is_found_by_its_number_and_text_as_after_a_reindex(personas):
    ticket = factories.ticket(
        personas.org,
        subject="Troncal caída: voice trunk down",
        description="No inbound calls since 09:00.",
    )
    assert not ticket.number.startswith("~")

    found = _found(ticket, QUERIES)
    search.reindex([ticket.pk])

    assert found == _found(ticket, QUERIES) == [True] * len(QUERIES)
    assert not _found(ticket, ["~"])[0]


def test_the_provisional_number_is_not_in_the_document(personas, monkeypatch):
    monkeypatch.setattr(numbering, "provisional_number", lambda: "~feedc0ffee0123456789abc")
    ticket = factories.ticket(personas.org, subject="Voice trunk down")

    assert ticket.history.get(code="ticket.created").data["number"] == ticket.number
    for query in ["feedc0ffee0123456789abc", "~feedc0ffee0123456789abc"]:
        assert not search.matching(Ticket.objects.all(), query).exists()
    assert search.matching(Ticket.objects.all(), ticket.number).get() == ticket


def test_the_document_written_with_the_number_is_the_one_a_reindex_writes(personas):
    if connection.vendor != "postgresql":
        pytest.skip("the tsvector column is PostgreSQL's (SQLite: FTS5, tested above)")
    ticket = factories.ticket(
        personas.org,
        subject="Troncal caída: voice trunk down",
        description="No inbound calls since 09:00.",
    )

    def document() -> str:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_document::text FROM tickets_ticket WHERE id = %s", [ticket.pk]
            )
            return cursor.fetchone()[0]

    written = document()
    search.reindex([ticket.pk])
    assert written == document()
    assert f"'{ticket.number.split('-')[-1]}'" in written  # the number is in it
