"""Aldeamo requests by e-mail: first response per sub-type (S4) on that type's e-mail hours
(S1: Mon-Fri 08:00-20:00, sends also Saturday 08:00-17:00, accompaniment Mon-Fri
08:00-18:00; C5), the same for both plans (S2 Reading); follow-up is on demand (no SLA)."""

import datetime as dt

import pytest

from atiende.tickets.codes import Channel, EventCode, Kind
from atiende.tickets.models import HistoryEvent
from tests.scenarios.aldeamo.helpers import at, clock, customer, open_ticket

FRIDAY_1900 = at(2026, 3, 6, 19, 0)
# Friday before Monday 2026-11-16, a Colombian public holiday.
HOLIDAY_FRIDAY_1900 = at(2026, 11, 13, 19, 0)

# (sub-type, minutes, due from FRIDAY_1900)
SUBTYPES = [
    ("reports", 300, at(2026, 3, 9, 12, 0)),  # 1 h on Friday, 4 h on Monday
    ("sends", 180, at(2026, 3, 7, 10, 0)),  # 1 h on Friday, 2 h on Saturday
    ("platform_management", 480, at(2026, 3, 9, 15, 0)),
    ("templates", 180, at(2026, 3, 9, 10, 0)),
    ("whitelist_claro_ec", 30, at(2026, 3, 6, 19, 30)),
    ("technical_provisioning", 720, at(2026, 3, 9, 19, 0)),
    ("onboarding", 480, at(2026, 3, 9, 16, 0)),  # closed after 18:00: all of it on Monday
    ("training", 300, at(2026, 3, 9, 13, 0)),
]


def open_request(pack, plan, moment, subtype):
    org, requester = customer(pack, plan=plan)
    extra = {"requested_for": moment + dt.timedelta(days=7)} if subtype == "training" else {}
    return open_ticket(
        moment,
        org,
        requester,
        channel=Channel.EMAIL,
        kind=Kind.REQUEST,
        subtype=subtype,
        subject="Reporte de consumo de febrero",
        description="Necesitamos el reporte de consumo de las campañas SMS de febrero.",
        **extra,
    )


@pytest.mark.parametrize("plan", ["conventional", "vip"])
@pytest.mark.parametrize(("subtype", "minutes", "due"), SUBTYPES)
def test_it_answers_each_request_type_on_its_hours(load_pack, plan, subtype, minutes, due):
    pack = load_pack("aldeamo")
    ticket = open_request(pack, plan, FRIDAY_1900, subtype)
    assert ticket.flags == []
    assert ticket.sla_policy.slug == f"request-{subtype.replace('_', '-')}"
    first = clock(ticket)
    assert first.minutes == minutes
    assert first.due_at == due


@pytest.mark.parametrize(
    ("subtype", "due"),
    [
        ("sends", at(2026, 11, 14, 10, 0)),  # Saturday is open for sends
        ("reports", at(2026, 11, 17, 12, 0)),  # the holiday Monday is not
        ("training", at(2026, 11, 17, 13, 0)),
    ],
)
def test_it_skips_the_colombian_holiday(load_pack, subtype, due):
    pack = load_pack("aldeamo")
    ticket = open_request(pack, "conventional", HOLIDAY_FRIDAY_1900, subtype)
    assert clock(ticket).due_at == due


def test_it_gives_follow_up_no_sla(load_pack):
    # S4: "On demand".
    pack = load_pack("aldeamo")
    ticket = open_request(pack, "vip", FRIDAY_1900, "follow_up")
    ticket.refresh_from_db()
    assert ticket.flags == []
    assert ticket.sla_policy is None
    assert ticket.next_due_at is None
    assert HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_NO_POLICY).exists()
