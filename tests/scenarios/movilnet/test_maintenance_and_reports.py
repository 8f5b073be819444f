"""N4: the schedule of programmed work is sent 16 business hours ahead, and the account team
answers within 8 business hours if the customer cannot do without the service; business hours
are Monday to Friday 08:00–12:00 and 13:00–17:00 Caracas time with Venezuelan public holidays
closed (pack Reading). The maintenance runtime comes in a later issue: the pack's settings are
stored now and give these instants on its own calendar. Q4: the weekly fault report is read by
product development."""

from atiende.businesstime import Calendar
from tests.scenarios.movilnet.helpers import at


def business(pack):
    return Calendar.from_spec(pack.spec["calendars"]["business"])


def test_it_keeps_the_notice_and_the_answer_in_business_hours(load_pack):
    maintenance = load_pack("movilnet").spec["maintenance"]
    assert maintenance["notice"] == {"business_hours": 16, "calendar": "business"}
    assert maintenance["acknowledgement"] == {"business_hours": 8, "calendar": "business"}
    assert maintenance["time_zone"] == "America/Caracas"


def test_it_counts_16_business_hours_of_notice_over_carnival(load_pack):
    calendar = business(load_pack("movilnet"))
    # Sent on Friday 13 February 2026 at 10:00: 6 h on Friday, Carnival Monday and Tuesday
    # closed, 8 h on Wednesday, 2 h on Thursday: the work may start on Thursday at 10:00.
    sent = at(2026, 2, 13, 10, 0)
    assert calendar.add(sent, 16 * 60) == at(2026, 2, 19, 10, 0)


def test_it_counts_8_business_hours_for_the_customer_answer(load_pack):
    calendar = business(load_pack("movilnet"))
    # Told on Thursday 2 April 2026 (Maundy Thursday, closed) — the answer is due on the
    # Monday after Good Friday at 17:00.
    told = at(2026, 4, 2, 9, 0)
    assert calendar.add(told, 8 * 60) == at(2026, 4, 6, 17, 0)
    # Told on Monday at 15:00: 2 h on Monday, 6 h on Tuesday (lunch skipped).
    assert calendar.add(at(2026, 3, 9, 15, 0), 8 * 60) == at(2026, 3, 10, 15, 0)


def test_it_sends_the_schedule_to_the_account_team_and_the_report_to_product(load_pack):
    spec = load_pack("movilnet").spec
    roles = {contact["role"]: contact["email"] for contact in spec["escalation"]["contacts"]}
    assert roles["account_team"].endswith("@example.com")
    assert roles["product_development"].endswith("@example.com")
