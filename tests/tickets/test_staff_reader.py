"""tickets.access.staff_reader: reads compiled once for staff (core.statements) run with a
stand-in reader, so each staff role must read exactly what the stand-in reads (R2, R3). A rule
that narrows what some staff member sees (by group, by organisation) makes this fail first,
before a compiled read could show that staff member more than the rule allows."""

import pytest

from atiende.accounts.roles import STAFF_ROLES
from atiende.tickets.access import (
    attachments_visible_to,
    messages_visible_to,
    staff_reader,
    tickets_visible_to,
)
from atiende.tickets.models import Ticket
from tests import factories

pytestmark = pytest.mark.django_db


def _sql(queryset) -> str:
    return str(queryset.query)


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_every_staff_role_reads_what_the_stand_in_reads(personas, role):
    user = factories.user(role, username=f"staff-{role}")
    ticket = Ticket(pk=1)
    stand_in = staff_reader()

    assert _sql(tickets_visible_to(user)) == _sql(tickets_visible_to(stand_in))
    assert _sql(messages_visible_to(user, ticket)) == _sql(messages_visible_to(stand_in, ticket))
    assert _sql(attachments_visible_to(user, ticket)) == _sql(
        attachments_visible_to(stand_in, ticket)
    )


def test_a_customer_does_not_read_what_staff_read(personas):
    ticket = Ticket(pk=1)
    stand_in = staff_reader()
    customer = personas.customer

    assert _sql(tickets_visible_to(customer)) != _sql(tickets_visible_to(stand_in))
    assert _sql(messages_visible_to(customer, ticket)) != _sql(
        messages_visible_to(stand_in, ticket)
    )
