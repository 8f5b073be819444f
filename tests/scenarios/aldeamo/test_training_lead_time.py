"""Aldeamo training sessions are booked 3 days ahead (K2; Reading: calendar days): a session
asked for sooner is refused with a clear message, 3 days ahead is accepted."""

import datetime as dt

import pytest

from atiende.core.errors import ActionError
from atiende.tickets.codes import Channel, Kind
from atiende.tickets.models import Ticket
from tests.scenarios.aldeamo.helpers import at, clock, customer, open_ticket

MONDAY_1000 = at(2026, 3, 2, 10, 0)


def book(pack, requested_for):
    org, requester = customer(pack)
    return open_ticket(
        MONDAY_1000,
        org,
        requester,
        channel=Channel.EMAIL,
        kind=Kind.REQUEST,
        subtype="training",
        subject="Capacitación en campañas SMS",
        description="Dos usuarios nuevos necesitan la capacitación de la plataforma.",
        requested_for=requested_for,
    )


@pytest.mark.parametrize(
    "ahead", [dt.timedelta(days=3), dt.timedelta(days=3, hours=1), dt.timedelta(days=10)]
)
def test_it_accepts_a_session_booked_3_days_ahead(load_pack, ahead):
    pack = load_pack("aldeamo")
    ticket = book(pack, MONDAY_1000 + ahead)
    assert ticket.requested_for == MONDAY_1000 + ahead
    assert clock(ticket).due_at == at(2026, 3, 2, 15, 0)  # first response 5 h (S4)


@pytest.mark.parametrize(
    "ahead", [dt.timedelta(days=3) - dt.timedelta(minutes=1), dt.timedelta(days=1), dt.timedelta(0)]
)
def test_it_refuses_a_session_booked_sooner(load_pack, ahead):
    pack = load_pack("aldeamo")
    with pytest.raises(ActionError) as caught:
        book(pack, MONDAY_1000 + ahead)
    assert caught.value.field == "requested_for"
    assert "3" in str(caught.value)
    assert not Ticket.objects.filter(kind=Kind.REQUEST, subtype="training").exists()
