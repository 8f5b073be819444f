"""Loading the shipped Aldeamo pack twice changes nothing: same version, same rows (issue 4)."""

from atiende.packs.models import Pack, PackVersion, Plan
from atiende.sla.models import BusinessCalendar, Policy, PolicyRule, PriorityMatrix, Target
from atiende.tickets.models import State, Transition, Workflow
from tests.scenarios.aldeamo.helpers import at

MODELS = (BusinessCalendar, Policy, PolicyRule, Target, PriorityMatrix, Workflow, State, Transition)


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


def test_it_is_a_no_op_the_second_time(load_pack):
    first = load_pack("aldeamo")
    before = snapshot()
    again = load_pack("aldeamo")
    assert again.pk == first.pk
    assert again.version == first.version == 1
    assert again.digest == first.digest
    assert PackVersion.objects.filter(pack=first).count() == 1
    assert Pack.objects.filter(name="aldeamo").count() == 1
    assert snapshot() == before


def test_it_stores_what_the_file_says(load_pack):
    pack = load_pack("aldeamo")
    policies = list(Policy.objects.filter(pack=pack).values_list("slug", flat=True))
    assert len(policies) == 11  # 3 incident priorities, 8 request types (follow-up has none)
    matrix = PriorityMatrix.objects.get(pack=pack)
    assert matrix.priorities == ["high", "medium", "low"]
    assert matrix.urgencies == matrix.impacts == []
    assert matrix.default_priority == "medium"
    plans = {plan.name: plan for plan in Plan.objects.filter(pack=pack)}
    assert set(plans) == {"conventional", "vip"}
    assert plans["conventional"].is_default
    assert (plans["conventional"].billing_min, plans["conventional"].billing_max) == (0, 5000)
    assert (plans["vip"].billing_min, plans["vip"].billing_max) == (5001, None)
    assert plans["vip"].calendar.compiled.is_open(at(2026, 3, 4, 3, 0))
    assert not plans["conventional"].calendar.compiled.is_open(at(2026, 3, 4, 3, 0))
    # Parts whose runtime comes later are stored with the pack (N4, E2, N3).
    assert pack.spec["maintenance"]["allowed_hours"] == ["22:00-06:00"]
    assert pack.spec["maintenance"]["notice"] == {"business_days": 5, "calendar": "business_days"}
    assert pack.spec["escalation"]["functional"] == ["level1", "level2"]
    events = [n["event"] for n in pack.spec["notifications"]]
    assert "major_incident.update" in events
