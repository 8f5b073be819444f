"""Stage 4 of the seed: the travel of field staff is 1.5–3 h to a main city, up to 6 h to an
intermediate city, and by conditions (flights, weather, public order, roads) to a remote
territory (S6, `dispatch.travel` of the pack)."""

import datetime as dt

import pytest

from atiende.customers.models import CityClass
from tests import factories
from tests.scenarios.cirion.helpers import at, clock, customer, move, open_case

# The travel times are stored with the pack (`dispatch.travel`) and acted on by the dispatch
# feature, a later issue (docs/packs.md, "dispatch"): until then every site gets the policy's
# `travel` target (3 h, the main-city bound).
NO_DISPATCH_YET = pytest.mark.xfail(
    strict=True, reason="dispatch runtime (travel by the site's city class) is a later issue"
)
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
        pytest.param(CityClass.INTERMEDIATE, dt.timedelta(hours=6), marks=NO_DISPATCH_YET),
    ],
)
def test_it_plans_the_travel_for_the_site_city_class(load_pack, city_class, travel):
    ticket = dispatched(load_pack("cirion"), city_class)
    travel_clock = clock(ticket, "travel")
    assert travel_clock.started_at == DISPATCHED
    assert travel_clock.due_at == DISPATCHED + travel


@NO_DISPATCH_YET
def test_it_gives_a_remote_territory_no_fixed_travel_time(load_pack):
    # Reading (pack): "sujeto a varias condiciones": no fixed due time for remote sites.
    ticket = dispatched(load_pack("cirion"), CityClass.REMOTE)
    travel_clock = clock(ticket, "travel")
    assert travel_clock.started_at == DISPATCHED
    assert travel_clock.due_at is None
