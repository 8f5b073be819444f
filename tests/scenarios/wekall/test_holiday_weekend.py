"""An urgent WeKall incident reported on Friday 17:30 before a Colombian Monday holiday (S1,
S5, T3): 30 min count on Friday until 18:00, Saturday, Sunday and the holiday Monday do not,
the last 30 min run on Tuesday from 07:30."""

from atiende.sla import queries
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent
from tests.scenarios.wekall.helpers import at, clock, customer, open_ticket

# Monday 2026-11-16 is a Colombian public holiday (Independence of Cartagena, observed).
FRIDAY_1730 = at(2026, 11, 13, 17, 30)
TUESDAY_0800 = at(2026, 11, 17, 8, 0)


def test_it_plans_an_urgent_incident_over_the_holiday_weekend(load_pack):
    pack = load_pack("wekall")
    org, requester = customer(pack)
    ticket = open_ticket(
        FRIDAY_1730, org, requester, channel=Channel.PORTAL, urgency="high", impact="organisation"
    )
    ticket.refresh_from_db()
    assert ticket.priority == "urgent"
    assert ticket.sla_policy.slug == "incident-urgent"
    first = clock(ticket)
    assert first.started_at == FRIDAY_1730
    assert first.due_at == TUESDAY_0800
    assert ticket.next_due_at == TUESDAY_0800
    planned = HistoryEvent.objects.get(ticket=ticket, code=EventCode.SLA_PLANNED)
    assert planned.data["policy"] == "incident-urgent"
    steps = queries.explain_clock(ticket, "first_response", language="es")
    assert steps[-1].end == TUESDAY_0800
    assert [step.holiday for step in steps if step.holiday]  # the holiday Monday is named


def test_it_counts_the_same_by_phone(load_pack):
    # C5: the phone line keeps the business hours; the clock is the same as by the portal.
    pack = load_pack("wekall")
    org, requester = customer(pack)
    ticket = open_ticket(FRIDAY_1730, org, requester, channel=Channel.PHONE, priority="urgent")
    assert clock(ticket).due_at == TUESDAY_0800
