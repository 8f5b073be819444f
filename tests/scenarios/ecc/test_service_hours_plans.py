"""The service hours are agreed with each customer: on the standard plan the clock runs Monday
to Friday 08:00–18:00 with Colombian public holidays closed; on the extended plan 24×7 (pack
Reading, S1, S2)."""

import pytest

from tests.scenarios.ecc.helpers import at, clock, customer, open_case

# Friday before Monday 16 November 2026, a Colombian public holiday.
FRIDAY_1730 = at(2026, 11, 13, 17, 30)


@pytest.mark.parametrize(
    ("plan", "first_response", "resolution"),
    [
        # 30 min on Friday, the weekend and the holiday closed, 30 min more on Tuesday.
        ("standard", at(2026, 11, 17, 8, 30), at(2026, 11, 18, 13, 30)),
        ("extended", at(2026, 11, 13, 18, 30), at(2026, 11, 14, 9, 30)),
    ],
)
def test_it_counts_the_hours_of_the_customer_plan(load_pack, plan, first_response, resolution):
    org, requester = customer(load_pack("ecc"), plan=plan)
    ticket = open_case(FRIDAY_1730, org, requester, urgency="medium", impact="department")
    assert ticket.priority == "medium"
    assert clock(ticket, "first_response").due_at == first_response
    assert clock(ticket, "resolution").due_at == resolution


def test_it_puts_a_customer_without_a_plan_on_the_standard_hours(load_pack):
    org, requester = customer(load_pack("ecc"), plan="")
    ticket = open_case(FRIDAY_1730, org, requester, urgency="medium", impact="department")
    assert clock(ticket, "first_response").due_at == at(2026, 11, 17, 8, 30)
