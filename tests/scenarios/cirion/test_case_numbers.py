"""T1: technical cases and administrative requirements carry their own case-number sequences
(CIR…, CIRA…), as they are handled by different teams."""

from atiende.tickets.codes import Kind
from tests.scenarios.cirion.helpers import at, customer, open_case


def test_it_numbers_technical_and_administrative_cases_apart(load_pack):
    org, requester = customer(load_pack("cirion"))
    moment = at(2026, 3, 10, 10, 0)
    first = open_case(moment, org, requester)
    billing = open_case(moment, org, requester, kind=Kind.REQUEST, subtype="billing")
    second = open_case(moment, org, requester)
    assert first.number.startswith("CIR") and not first.number.startswith("CIRA")
    assert billing.number.startswith("CIRA")
    digits = [int("".join(c for c in t.number if c.isdigit())) for t in (first, second)]
    assert digits[1] == digits[0] + 1  # the request did not take a technical number
    assert first.workflow.slug == "incidents"
    assert billing.workflow.slug == "administrative"
