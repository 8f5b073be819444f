"""Reading the outbox: a ticket's mail and the "mail failed" flag without per-row queries."""

from datetime import UTC, datetime

import pytest

from atiende.notify.models import OutboxMessage, OutboxStatus
from atiende.notify.queries import failed_mail_of, outbox_of, with_mail_failed
from atiende.tickets.models import Ticket
from tests import factories

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


@pytest.fixture
def tickets(db, mail_settings):
    org = factories.organisation()
    return [factories.ticket(org, now=CURRENT_TIME) for _ in range(4)]


def test_it_lists_a_tickets_mail_oldest_first(tickets):
    assert [row.cause for row in outbox_of(tickets[0])] == ["ticket.acknowledgement"]
    assert not failed_mail_of(tickets[0]).exists()


def test_it_flags_tickets_with_failed_mail_in_one_query(tickets, django_assert_num_queries):
    failed = tickets[1::2]
    OutboxMessage.objects.filter(ticket__in=failed).update(status=OutboxStatus.FAILED)

    with django_assert_num_queries(1):
        flags = {t.pk: t.mail_failed for t in with_mail_failed(Ticket.objects.all())}

    assert flags == {t.pk: t in failed for t in tickets}
    assert list(failed_mail_of(tickets[1])) == list(OutboxMessage.objects.filter(ticket=tickets[1]))
