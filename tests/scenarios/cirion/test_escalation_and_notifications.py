"""The parts of the Cirion process whose runtime comes in later issues are loaded and kept
with the pack, as the seed states them: the escalation matrix with its off-hours line (E1, E2,
E3), the stage notifications to the company's contacts (N1) and the travel times (S6)."""

from atiende.businesstime import Calendar
from tests.scenarios.cirion.helpers import at


def test_it_keeps_the_hierarchical_matrix_and_the_off_hours_line(load_pack):
    spec = load_pack("cirion").spec
    escalation = spec["escalation"]
    assert escalation["functional"] == ["management-center", "field-staff"]
    levels = [(level["level"], level["role"]) for level in escalation["hierarchical"]]
    assert levels == [
        (1, "tsc_supervisor"),
        (2, "customer_operations_manager"),
        (3, "senior_customer_operations_manager"),
    ]
    assert escalation["hierarchical"][0]["after"] == "100%"
    assert escalation["off_hours"] == {"role": "off_hours_line", "calendar": "office"}
    # Roles only: every address is an example address.
    assert all(c["email"].endswith("@example.com") for c in escalation["contacts"])


def test_it_calls_the_off_hours_line_at_night_on_weekends_and_on_holidays(load_pack):
    office = Calendar.from_spec(load_pack("cirion").spec["calendars"]["office"])
    assert office.is_open(at(2026, 3, 10, 10, 0))  # Tuesday morning: the matrix
    assert not office.is_open(at(2026, 3, 10, 22, 0))  # night
    assert not office.is_open(at(2026, 3, 14, 10, 0))  # Saturday
    assert not office.is_open(at(2026, 8, 10, 10, 0))  # Declaration of Independence (Monday)


def test_it_notifies_the_company_contacts_at_every_stage(load_pack):
    spec = load_pack("cirion").spec
    events = {rule["event"]: rule for rule in spec["notifications"]}
    for event in (
        "stage.registration",
        "stage.diagnosis",
        "ticket.resolved",
        "stage.stability",
        "ticket.closed",
    ):
        assert "list:technical" in events[event]["to"]
        template = spec["templates"][events[event]["template"]]
        assert set(template["subject"]) == {"es", "en"}
        assert "{number}" in template["body"]["es"]


def test_it_keeps_the_travel_times_by_city_class(load_pack):
    travel = load_pack("cirion").spec["dispatch"]["travel"]
    assert travel["main"] == {"min": "1h30m", "max": "3h", "by_conditions": False}
    assert travel["intermediate"]["max"] == "6h"
    assert travel["remote"]["by_conditions"] is True
