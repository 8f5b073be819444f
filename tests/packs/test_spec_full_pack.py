"""A valid pack becomes a PackSpec with normalised values and the defaults filled in."""

from decimal import Decimal

import yaml

from atiende.packs.source import read_pack_text
from atiende.packs.spec import Threshold


def test_it_reads_every_section(full):
    assert full.name == "full"
    assert full.languages == ["es", "en"]
    assert [plan.name for plan in full.plans] == ["conventional", "vip"]
    assert full.default_plan == "conventional"
    assert [channel.name for channel in full.channels] == ["email", "phone", "portal"]
    assert list(full.kinds) == ["incident", "request"]
    assert full.priorities.is_matrix
    assert full.priorities.names == ["urgent", "high", "normal", "low"]
    assert full.priorities.matrix["high"]["organisation"] == "urgent"
    assert full.workflow("incidents").initial.name == "new"
    assert full.policy("incident-urgent").when.priorities == ["urgent"]
    assert [g.tier for g in full.groups] == ["level1", "level2", "specialised"]
    assert full.maintenance.allowed_hours == ["22:00-06:00"]
    assert full.account_check.blocked == ["debt"]
    assert full.billing.rates[0].per_hour == Decimal(250)
    assert full.survey.questions[0].scale.max == 5


def test_it_gives_durations_in_minutes(full):
    targets = {t.name: t for t in full.policy("incident-urgent").targets}
    assert targets["first_response"].within == Decimal(60)
    assert targets["update"].within == Decimal(30)
    assert full.policy("everything-else").targets[0].within == Decimal(90)
    assert full.workflow("incidents").transitions[4].after == Decimal(48 * 60)
    assert full.dispatch.travel["main"].min == Decimal(90)
    assert full.billing.rates[0].minimum == Decimal(60)


def test_it_fills_calendar_zones_and_expands_24x7(full):
    assert full.calendars["business"]["timezone"] == "America/Bogota"
    assert full.calendars["always"] == {
        "timezone": "America/Bogota",
        "week": {day: ["00:00-24:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    }


def test_it_fills_the_defaults_of_targets(full):
    targets = {t.name: t for t in full.policy("incident-urgent").targets}
    assert targets["first_response"].met_by.on == "agent_reply"  # S9
    assert targets["update"].met_by.on == "agent_reply"
    assert targets["update"].recurring is True  # S8
    assert targets["resolution"].met_by.on == "resolution"
    assert targets["resolution"].recurring is False
    assert targets["first_response"].starts.on == "created"
    assert targets["first_response"].pause_states == ["pending"]  # S12
    assert targets["first_response"].warning_percent == 80  # from sla.warning_percent
    assert targets["diagnosis"].warning_percent == 75
    assert targets["diagnosis"].starts.on == "previous_met"
    assert targets["diagnosis"].met_by.states == ["diagnosed"]


def test_it_reads_transitions_and_escalation_thresholds(full):
    first = full.workflow("incidents").transitions[0]
    assert (first.from_, first.to, first.on, first.after) == (
        ["new"],
        ["open", "pending", "resolved"],
        None,
        None,
    )
    assert full.workflow("incidents").transitions[3].on == "customer_reply"
    levels = full.escalation.hierarchical
    assert levels[0].after == Threshold(percent=Decimal(100))
    assert levels[1].after == Threshold(minutes=Decimal(120))


def test_the_canonical_data_reads_back_to_the_same_pack(full):
    data = full.to_yaml_data()
    again = read_pack_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "export")
    assert again == full
    assert again.to_yaml_data() == data
    targets = data["sla"]["policies"][1]["targets"]
    assert targets[0]["within"] == "1h30m"
    assert data["workflows"][0]["transitions"][3]["on"] == "customer_reply"
    assert data["escalation"]["hierarchical"][0]["after"] == "100%"
    assert data["billing"]["rates"][0]["per_hour"] == 250


def test_a_list_of_priorities_defaults_to_the_least_urgent():
    from tests.packs.conftest import edited

    text = edited(
        "  urgencies: [{name: high}, {name: medium}, {name: low}]\n"
        "  impacts: [{name: organisation}, {name: department}, {name: individual}]\n"
        "  levels: [{name: urgent}, {name: high}, {name: normal}, {name: low}]\n"
        "  matrix:\n"
        "    high: {organisation: urgent, department: high, individual: normal}\n"
        "    medium: {organisation: high, department: normal, individual: low}\n"
        "    low: {organisation: normal, department: low, individual: low}\n"
        "  default: normal\n",
        "  list: [{name: urgent}, {name: high}, {name: normal}, {name: low}]\n",
    )
    spec = read_pack_text(text, "list.yaml")
    assert not spec.priorities.is_matrix
    assert spec.priorities.names == ["urgent", "high", "normal", "low"]
    assert spec.priorities.default_name == "low"
