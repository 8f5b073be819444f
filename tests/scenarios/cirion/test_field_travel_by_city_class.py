"""Stage 4 of the seed: the travel of field staff is 1.5–3 h to a main city, up to 6 h to an
intermediate city, and by conditions (flights, weather, public order, roads) to a remote
territory (S6: the `travel` target's `within_by_city_class`, planned by the site's city
class when the clock starts)."""

import datetime as dt

import pytest
import time_machine

from atiende.customers.models import CityClass
from atiende.sla import sweep
from atiende.tickets.codes import EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.scenarios.cirion.helpers import at, clock, customer, move, open_case

REPORTED = at(2026, 6, 17, 2, 0)  # a Wednesday night: technical cases run 24/365
DISPATCHED = at(2026, 6, 17, 2, 30)


def dispatched(pack, city_class):
    org, requester = customer(pack)
    site = factories.site(org, city="Sede", city_class=city_class)
    agent = factories.user("agent")
    ticket = open_case(REPORTED, org, requester, site=site)
    for state, moment in [
        ("registered", at(2026, 6, 17, 2, 0, 50)),
        ("diagnosis", at(2026, 6, 17, 2, 4)),
        ("field_dispatch", DISPATCHED),
    ]:
        ticket = move(ticket, state, moment, agent)
    return ticket


@pytest.mark.parametrize(
    ("city_class", "travel"),
    [
        (CityClass.MAIN, dt.timedelta(hours=3)),
        (CityClass.INTERMEDIATE, dt.timedelta(hours=6)),
    ],
)
def test_it_plans_the_travel_for_the_site_city_class(load_pack, city_class, travel):
    ticket = dispatched(load_pack("cirion"), city_class)
    travel_clock = clock(ticket, "travel")
    assert travel_clock.started_at == DISPATCHED
    assert travel_clock.due_at == DISPATCHED + travel


def test_it_gives_a_remote_territory_no_fixed_travel_time(load_pack):
    # Reading (pack): "sujeto a varias condiciones": no fixed due time for remote sites.
    ticket = dispatched(load_pack("cirion"), CityClass.REMOTE)
    travel_clock = clock(ticket, "travel")
    assert travel_clock.started_at == DISPATCHED
    assert travel_clock.due_at is None
    assert travel_clock.minutes is None
    assert travel_clock.next_check_at is None
    started = HistoryEvent.objects.get(
        ticket=ticket, code=EventCode.SLA_STARTED, data__names=["travel"]
    )
    assert started.data["no_fixed_target"] == ["travel"]
    assert started.data["city_class"] == "remote"


def test_it_measures_a_remote_travel_and_never_breaches_it(load_pack):
    ticket = dispatched(load_pack("cirion"), CityClass.REMOTE)
    agent = factories.user("agent_l2")
    arrived = DISPATCHED + dt.timedelta(hours=9)
    with time_machine.travel(arrived, tick=False):
        sweep.sweep_until_done(now=arrived)
    ticket = move(ticket, "field_repair", arrived, agent)
    travel_clock = clock(ticket, "travel")
    assert travel_clock.met_at == arrived
    assert travel_clock.breached_at is None
    assert travel_clock.business_time_used == dt.timedelta(hours=9)
    breaches = HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_BREACHED)
    assert "travel" not in [event.data["target"] for event in breaches]


def test_a_case_without_a_site_takes_the_default_travel_time(load_pack):
    org, requester = customer(load_pack("cirion"))
    agent = factories.user("agent")
    ticket = open_case(REPORTED, org, requester)
    for state, moment in [
        ("registered", at(2026, 6, 17, 2, 0, 50)),
        ("diagnosis", at(2026, 6, 17, 2, 4)),
        ("field_dispatch", DISPATCHED),
    ]:
        ticket = move(ticket, state, moment, agent)
    assert clock(ticket, "travel").due_at == DISPATCHED + dt.timedelta(hours=3)
