"""Statements the intake spends per message (C3): every one is a round trip and database
work, on every message of a busy mailbox. Transaction control (BEGIN, SAVEPOINT, …) is left
out of the counts: the test transaction turns it into savepoints either way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atiende.channels.mail.codes import Action
from atiende.notify.models import OutboxMessage
from tests.channels.mail.intake import ingest, mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]

_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")
# One mail of a sender at a time across processes: an advisory lock, PostgreSQL only.
_SENDER_LOCK = 1 if connection.vendor == "postgresql" else 0


def _statements(captured) -> list[str]:
    sql = [query["sql"] for query in captured.captured_queries]
    return [text for text in sql if not text.lstrip().upper().startswith(_CONTROL)]


def _before_ticket_actions(statements: list[str]) -> list[str]:
    first = next(i for i, sql in enumerate(statements) if 'INTO "tickets_' in sql)
    return statements[:first]


def test_a_new_mail_is_stored_claimed_and_looked_up_in_five_statements(customer):
    ingest(mail(subject="Router reboots at night"))  # configuration read and cached

    with CaptureQueriesContext(connection) as captured:
        _row, outcome = ingest(mail())

    assert outcome.action == Action.CREATED
    # Store; claim with the configuration token; (PostgreSQL) the sender's lock; one UNION
    # for our Message-IDs, stored mail, own addresses, the agent check and the sender +
    # subject rule; the sender's contacts; one query of scalar subqueries for whether an
    # acknowledgement may be sent.
    assert len(_before_ticket_actions(_statements(captured))) == 5 + _SENDER_LOCK


def test_a_reply_by_headers_finds_its_ticket_in_the_same_lookup(customer):
    _row, opened = ingest(mail())
    ack = OutboxMessage.objects.get(ticket=opened.ticket)

    with CaptureQueriesContext(connection) as captured:
        _row, outcome = ingest(mail(subject="RE: printer", in_reply_to=ack.message_id))

    assert (outcome.action, outcome.ticket) == (Action.APPENDED, opened.ticket)
    # Store, claim with the token, the UNION (which names the ticket), contacts, the ticket
    # with its state and organisation, the duplicate check; no rate count (a reply gets no
    # automatic answer). The seventh is the reply action's own read of the ticket. On
    # PostgreSQL the sender's lock comes first (filters/sender_lock.py).
    assert len(_before_ticket_actions(_statements(captured))) == 7 + _SENDER_LOCK


def test_a_bounce_counts_the_failed_address_in_one_statement(customer):
    _row, opened = ingest(mail())
    ack = OutboxMessage.objects.get(ticket=opened.ticket)
    report = mail(
        sender="Mail Delivery System <mailer-daemon@example.net>",
        subject="Undelivered Mail Returned to Sender",
        in_reply_to=ack.message_id,
        headers={"Auto-Submitted": "auto-replied", "Return-Path": "<>"},
        body="This is the mail system.\n\n<customer@example.com>: host mx.example.com said: "
        "550 5.1.1 <customer@example.com>: Recipient address rejected: User unknown",
    )

    with CaptureQueriesContext(connection) as captured:
        _row, outcome = ingest(report)

    statements = _statements(captured)
    if outcome.action != Action.BOUNCE:
        pytest.skip("the report was not recognised as a bounce")
    assert sum('"mail_mailaddress"' in sql for sql in statements) == 1  # the upsert


def test_a_second_delivery_of_the_same_mail_is_two_statements(customer):
    raw = mail()
    ingest(raw)

    with CaptureQueriesContext(connection) as captured:
        _row, outcome = ingest(raw)

    assert outcome.action == Action.DUPLICATE
    # The refused INSERT and the read of the stored row (with its ticket and message).
    assert len(_statements(captured)) == 2


def test_the_configuration_token_is_read_once_with_the_lock_and_not_kept(customer):
    from atiende.core import configcache

    ingest(mail(subject="Router reboots at night"))

    with CaptureQueriesContext(connection) as captured:
        _row, outcome = ingest(mail())

    assert outcome.action == Action.CREATED
    reads = [sql for sql in _statements(captured) if "core_configgeneration" in sql]
    assert len(reads) == 1 and '"mail_inboundmessage"' in reads[0]  # the claim's statement
    # Nothing adopted outlives the message: the next change of configuration is seen.
    with CaptureQueriesContext(connection) as captured:
        configcache.get("test.mail.token", lambda: 1)
    assert any("core_configgeneration" in q["sql"] for q in captured.captured_queries)
