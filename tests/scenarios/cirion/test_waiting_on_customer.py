"""S12 within a stage: while the case waits on the customer (access to the site, a test from
their side) the running stage's clock is paused, and it resumes where it was."""

from tests import factories
from tests.scenarios.cirion.helpers import at, clock, customer, move, open_case


def test_it_pauses_the_travel_while_the_customer_grants_access_to_the_site(load_pack):
    org, requester = customer(load_pack("cirion"))
    site = factories.site(org, city="Guayaquil", city_class="main")
    agent = factories.user("agent")
    ticket = open_case(at(2026, 3, 10, 10, 0), org, requester, site=site)
    for state, moment in [
        ("registered", at(2026, 3, 10, 10, 0, 30)),
        ("diagnosis", at(2026, 3, 10, 10, 2)),
        ("field_dispatch", at(2026, 3, 10, 10, 10)),
    ]:
        ticket = move(ticket, state, moment, agent)
    assert clock(ticket, "travel").due_at == at(2026, 3, 10, 13, 10)
    ticket = move(ticket, "pending", at(2026, 3, 10, 11, 0), agent)
    travel = clock(ticket, "travel")
    assert travel.paused_since == at(2026, 3, 10, 11, 0)
    ticket = move(ticket, "field_dispatch", at(2026, 3, 10, 12, 0), agent)
    travel = clock(ticket, "travel")
    assert travel.paused_since is None
    assert travel.started_at == at(2026, 3, 10, 10, 10)  # not restarted on re-entering
    assert travel.due_at == at(2026, 3, 10, 14, 10)  # the hour of waiting is not counted
    ticket = move(ticket, "field_repair", at(2026, 3, 10, 13, 50), agent)
    assert clock(ticket, "travel").met_at == at(2026, 3, 10, 13, 50)
    assert clock(ticket, "travel").breached_at is None
