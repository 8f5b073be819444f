"""Broken copies of the ECC pack are rejected with the file, line, path and a message that
says what is wrong, and loading one leaves the database as it was (principle 5)."""

from pathlib import Path

import pytest

from atiende.packs import loader
from atiende.packs.errors import PackError
from atiende.packs.models import Pack, PackVersion
from atiende.packs.source import read_pack_text
from atiende.sla.models import BusinessCalendar, Policy, Target
from atiende.tickets.models import State, Transition, Workflow

SHIPPED = Path(__file__).parents[3] / "src" / "atiende" / "packs" / "shipped" / "ecc.yaml"
TEXT = SHIPPED.read_text(encoding="utf-8")

# (what is wrong, text in the shipped file, its broken replacement, the path reported, a piece
# of the message). The problem's line is the line of the replacement.
MISTAKES = [
    (
        "matrix with a missing cell",
        "low: {organisation: medium, department: low, individual: low}",
        "low: {organisation: medium, department: low}",
        "priorities.matrix.low",
        "individual",
    ),
    (
        "matrix cell with an unknown priority",
        "organisation: critical, department: high, individual: medium}",
        "organisation: critical, department: high, individual: normal}",
        "priorities.matrix.high.individual",
        '"normal"',
    ),
    (
        "plan on an unknown calendar",
        "    calendar: service_hours\n",
        "    calendar: service_hour\n",
        "plans[0].calendar",
        'unknown calendar "service_hour"',
    ),
    (
        "unknown default plan",
        "default_plan: standard",
        "default_plan: gold",
        "default_plan",
        '"gold"',
    ),
    (
        "overlapping intervals",
        'wed: ["08:00-18:00"]',
        'wed: ["08:00-18:00", "17:00-19:00"]',
        "calendars.service_hours.week.wed[1]",
        "overlaps",
    ),
    (
        "bad time zone",
        "time_zone: America/Bogota",
        "time_zone: America/Bogot",
        "time_zone",
        'unknown time zone "America/Bogot"',
    ),
    (
        "transition to an unknown state",
        "{from: derived, to: [open, pending, resolved]}",
        "{from: derived, to: [open, pending, solved]}",
        "workflows[0].transitions[3].to[2]",
        'unknown state "solved"',
    ),
    (
        "negative minutes",
        "{name: first_response, within: 15m,",
        "{name: first_response, within: -15m,",
        "sla.policies[0].targets[0].within",
        "more than zero",
    ),
    (
        "duplicate policy names",
        "- name: high\n      label: {es: Prioridad alta",
        "- name: critical\n      label: {es: Prioridad alta",
        "sla.policies[1].name",
        '"critical"',
    ),
    (
        "unknown key",
        "  warning_percent: 75\n",
        "  warning_percent: 75\n  warnings: 50\n",
        "sla.warnings",
        "warnings",
    ),
    (
        "wrong priority in a policy",
        "when: {priorities: [low]}",
        "when: {priorities: [lowest]}",
        "sla.policies[3].when.priorities[0]",
        '"lowest"',
    ),
    (
        "subtypes of an unknown kind",
        "  request:\n    label: {es: Consulta",
        "  requests:\n    label: {es: Consulta",
        "kinds.requests",
        "requests",
    ),
    (
        "warning percent out of range",
        "  warning_percent: 75\n",
        "  warning_percent: 120\n",
        "sla.warning_percent",
        "99",
    ),
    (
        "unknown survey question type",
        "type: yes_no",
        "type: yesno",
        "survey.questions[1].type",
        "yes_no",
    ),
    (
        "escalation threshold that is no time",
        "after: 125%",
        "after: soon",
        "escalation.hierarchical[1].after",
        "soon",
    ),
    (
        "notification with an unknown template",
        "template: sla_warning",
        "template: sla_warn",
        "notifications[1].template",
        '"sla_warn"',
    ),
]


def broken(old: str, new: str) -> tuple[str, int]:
    assert TEXT.count(old) >= 1, old
    text = TEXT.replace(old, new, 1)
    start = TEXT.index(old)
    changed = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    return text, TEXT[: start + changed].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "path", "message"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_it_names_the_line_the_path_and_the_fix(old, new, path, message):
    text, line = broken(old, new)
    with pytest.raises(PackError) as caught:
        read_pack_text(text, "ecc.yaml")
    found = [p for p in caught.value.problems if p.path == path]
    assert found, [str(p) for p in caught.value.problems]
    assert any(message in p.message for p in found), [str(p) for p in found]
    assert found[0].file == "ecc.yaml"
    assert found[0].line == line, str(found[0])
    assert str(found[0]).startswith(f"ecc.yaml:{line}: {path}: ")


def rows():
    models = (Pack, PackVersion, BusinessCalendar, Policy, Target, Workflow, State, Transition)
    return [model.objects.count() for model in models]


@pytest.mark.parametrize(("old", "new"), [m[1:3] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_it_leaves_the_database_untouched(load_pack, old, new):
    pack = load_pack("ecc")
    before = rows(), pack.version, pack.digest
    with pytest.raises(PackError):
        loader.load_text(broken(old, new)[0], "ecc.yaml")
    pack.refresh_from_db()
    assert (rows(), pack.version, pack.digest) == before
