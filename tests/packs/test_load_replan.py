"""Open tickets keep their clocks when a pack changes, unless ``--replan``: then each open
ticket is re-planned with an ``sla.replanned`` event naming the pack version."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from atiende.sla.models import Clock
from atiende.tickets.codes import EventCode
from atiende.tickets.models import HistoryEvent
from tests.packs.runtime_support import customer, edited, load, open_ticket

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
CURRENT_TIME = datetime(2026, 11, 18, 9, 0, tzinfo=BOGOTA)
LONGER = ("{name: first_response, within: 2h, calendar: business}",
          "{name: first_response, within: 3h, calendar: business}")  # fmt: skip


def first_response(ticket):
    return Clock.objects.get(ticket=ticket, name="first_response").due_at.astimezone(BOGOTA)


def test_it_keeps_the_clocks_of_open_tickets_without_replan(time_machine):
    time_machine.move_to(CURRENT_TIME, tick=False)
    ticket = open_ticket(customer(load().pack), kind="incident", priority="low")

    result = load(edited(*LONGER))

    assert result.replanned == 0
    assert first_response(ticket) == datetime(2026, 11, 18, 11, 0, tzinfo=BOGOTA)
    assert not HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_REPLANNED).exists()


def test_it_replans_open_tickets_naming_the_pack_version(time_machine):
    time_machine.move_to(CURRENT_TIME, tick=False)
    ticket = open_ticket(customer(load().pack), kind="incident", priority="low")

    result = load(edited(*LONGER), replan=True)

    assert result.replanned == 1
    assert first_response(ticket) == datetime(2026, 11, 18, 12, 0, tzinfo=BOGOTA)
    event = HistoryEvent.objects.get(ticket=ticket, code=EventCode.SLA_REPLANNED)
    assert event.data["reason"] == "pack"
    assert (event.data["pack"], event.data["pack_version"]) == ("desk", 2)
    assert event.channel == "system"


def test_it_replans_nothing_when_nothing_changed(time_machine):
    time_machine.move_to(CURRENT_TIME, tick=False)
    open_ticket(customer(load().pack), kind="incident", priority="low")

    result = load(replan=True)

    assert (result.changes, result.replanned) == ([], 0)
