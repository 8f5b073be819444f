"""SLA preview: the policy and due times a ticket would get, computed by the real planner on
the pack's calendars, without writing a ticket (S1-S7, C4, C5, S2)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from atiende.core.errors import ActionError
from atiende.packs import preview
from atiende.sla.models import Clock
from tests.packs.runtime_support import customer, dump, load, open_ticket

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
AT = datetime(2026, 11, 17, 17, 0, tzinfo=BOGOTA)  # a Tuesday, one business hour left


def test_it_previews_the_policy_and_due_times_without_writing():
    pack = load().pack
    before = dump()

    answer = preview.plan(pack, kind="incident", priority="low", channel="phone", at=AT)

    assert answer == {
        "accepted": True,
        "message": None,
        "priority": "low",
        "policy": "incident",
        "targets": [
            {"name": "first_response", "due_at": "2026-11-18T09:00:00-05:00"},
            {"name": "resolution", "due_at": "2026-11-18T17:00:00-05:00"},
        ],
    }
    assert dump() == before


def test_it_matches_what_a_real_ticket_gets(time_machine):
    time_machine.move_to(AT, tick=False)
    pack = load().pack
    ticket = open_ticket(customer(pack, plan="vip"), kind="incident", priority="high",
                         channel="phone")  # fmt: skip

    answer = preview.plan(pack, kind="incident", priority="high", plan="vip", channel="phone",
                          at=AT)  # fmt: skip

    real = {c.name: c.due_at for c in Clock.objects.filter(ticket=ticket)}
    assert answer["policy"] == ticket.sla_policy.slug
    for target in answer["targets"]:
        assert datetime.fromisoformat(target["due_at"]) == real[target["name"]]


def test_it_uses_the_plan_calendar_and_the_default_priority():
    pack = load().pack

    answer = preview.plan(pack, kind="incident", plan="vip", at=AT)

    assert answer["priority"] == "medium"
    assert answer["targets"][1] == {"name": "resolution", "due_at": "2026-11-18T01:00:00-05:00"}


def test_it_says_when_the_channel_would_flag_the_ticket():
    pack = load().pack

    answer = preview.plan(pack, kind="incident", priority="high", channel="email", at=AT)

    assert answer == {
        "accepted": False,
        "message": "High-priority incidents are reported by phone.",
        "priority": "high",
        "policy": None,
        "targets": [],
    }


def test_it_says_when_the_channel_would_refuse_the_ticket():
    pack = load().pack

    answer = preview.plan(pack, kind="request", subtype="reports", channel="whatsapp", at=AT)

    assert not answer["accepted"]
    assert answer["message"] == "Requests are not taken on WhatsApp: use the portal."


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"kind": "incident", "plan": "gold"}, "unknown_plan"),
        ({"kind": "incident", "priority": "urgent"}, "invalid_priority"),
        ({"kind": "incident", "urgency": "high", "impact": "organisation"}, "priority_from_list"),
        ({"kind": "request", "subtype": "cooking"}, "invalid_subtype"),
    ],
)
def test_it_refuses_bad_questions_with_a_clear_error(fields, code):
    pack = load().pack

    with pytest.raises(ActionError) as error:
        preview.plan(pack, at=AT, **fields)

    assert error.value.code == code
