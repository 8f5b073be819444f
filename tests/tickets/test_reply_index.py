"""A reply or a note re-indexes its ticket from the row the action holds locked: the same
search document as a reindex, one read fewer; in the mail intake's transaction the actions
take no savepoints of their own, elsewhere they keep them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atiende.tickets import actions, search
from atiende.tickets.codes import Channel
from atiende.tickets.models import Ticket
from tests import factories

pytestmark = pytest.mark.django_db


def _document(ticket) -> tuple:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT search_document::text FROM tickets_ticket WHERE id = %s", [ticket.pk]
            )
        else:
            cursor.execute(
                "SELECT head, body FROM tickets_ticket_fts WHERE rowid = %s", [ticket.pk]
            )
        return cursor.fetchone()


def _ticket(personas):
    return factories.ticket(
        personas.org,
        subject="Troncal caída: voice trunk down",
        description="No inbound calls since 09:00.",
    )


def test_a_reply_writes_the_document_a_reindex_writes_without_reading_the_ticket(personas):
    ticket = _ticket(personas)

    with CaptureQueriesContext(connection) as captured:
        actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text="Señal perdida")
    written = _document(ticket)
    search.reindex([ticket.pk])

    assert written == _document(ticket)
    assert search.matching(Ticket.objects.all(), "senal perdida").get() == ticket
    texts = [query["sql"] for query in captured.captured_queries]
    reads = [sql for sql in texts if sql.startswith("SELECT") and '"description"' in sql]
    assert len(reads) == 1  # the locked read of the ticket; the index reads only messages


def test_a_note_writes_the_document_a_reindex_writes(personas):
    ticket = _ticket(personas)

    actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text="Revisar OLT 7")
    written = _document(ticket)
    search.reindex([ticket.pk])

    assert written == _document(ticket)


def _savepoints(captured) -> int:
    return sum(q["sql"].startswith("SAVEPOINT") for q in captured.captured_queries)


def test_actions_keep_their_savepoint_unless_the_caller_rolls_back_whole(personas):
    ticket = _ticket(personas)

    def customer_reply(text: str) -> None:
        actions.reply(
            ticket, actor=None, author_contact=ticket.requester, channel=Channel.EMAIL, text=text
        )

    with CaptureQueriesContext(connection) as captured:
        customer_reply("Primero")
    assert _savepoints(captured) == 1  # nested in the test's transaction: its own savepoint

    with CaptureQueriesContext(connection) as captured, actions.in_callers_transaction():
        customer_reply("Segundo")
    assert _savepoints(captured) == 0

    # Outside the block the savepoint is back: a refusal leaves the caller's transaction usable.
    closed = factories.ticket(personas.org, subject="Otro")
    Ticket.objects.filter(pk=closed.pk).update(merged_into=ticket)
    closed.refresh_from_db()
    with pytest.raises(actions.ActionError):
        actions.reply(closed, actor=personas.agent, channel=Channel.WEB, text="Tarde")
    assert Ticket.objects.filter(pk=ticket.pk).exists()
