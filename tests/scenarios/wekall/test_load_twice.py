"""Loading the shipped WeKall pack twice changes nothing: same version, same rows (issue 4)."""

from atiende.packs.models import Pack, PackVersion
from atiende.sla.models import BusinessCalendar, Policy, PolicyRule, PriorityMatrix, Target
from atiende.tickets.models import State, Transition, Workflow

MODELS = (BusinessCalendar, Policy, PolicyRule, Target, PriorityMatrix, Workflow, State, Transition)


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


def test_it_is_a_no_op_the_second_time(load_pack):
    first = load_pack("wekall")
    before = snapshot()
    again = load_pack("wekall")
    assert again.pk == first.pk
    assert again.version == first.version == 1
    assert again.digest == first.digest
    assert PackVersion.objects.filter(pack=first).count() == 1
    assert Pack.objects.filter(name="wekall").count() == 1
    assert snapshot() == before


def test_it_stores_what_the_file_says(load_pack):
    pack = load_pack("wekall")
    policies = set(Policy.objects.filter(pack=pack).values_list("slug", flat=True))
    assert policies == {
        f"{kind}-{priority}"
        for kind in ("incident", "request")
        for priority in ("urgent", "high", "normal", "low")
    }
    matrix = PriorityMatrix.objects.get(pack=pack)
    assert matrix.priorities == ["urgent", "high", "normal", "low"]
    assert matrix.matrix["high"]["organisation"] == "urgent"
    assert matrix.matrix["low"]["individual"] == "low"
    assert set(Workflow.objects.filter(pack=pack).values_list("slug", flat=True)) == {
        "support",
        "problems",
    }
    timer = Transition.objects.get(workflow__pack=pack, trigger="timer")
    assert (timer.source.code, timer.target.code, timer.after_minutes) == (
        "resolved",
        "closed",
        48 * 60,
    )
    # Parts whose runtime comes later are stored with the pack (T12, Q1, N4, E2).
    assert pack.spec["billing"]["rates"][0]["per_hour"] == 250
    assert pack.spec["survey"]["when"] == "resolved"
    assert pack.spec["maintenance"]["allowed_hours"] == ["19:00-05:00"]
    assert pack.spec["maintenance"]["notice"] == {"days": 10}
    assert pack.spec["maintenance"]["notice_max"] == {"days": 15}
    assert [level["role"] for level in pack.spec["escalation"]["hierarchical"]] == [
        "customer_service",
        "support_service_manager",
        "operations_director",
        "senior_management",
    ]
