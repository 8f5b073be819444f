"""Broken copies of the Cirion pack are rejected with the file, line, path and a message that
says what is wrong, and loading one leaves the database as it was (principle 5)."""

from pathlib import Path

import pytest

from atiende.packs import loader
from atiende.packs.errors import PackError
from atiende.packs.models import Pack, PackVersion
from atiende.packs.source import read_pack_text
from atiende.sla.models import BusinessCalendar, Policy, Target
from atiende.tickets.models import State, Transition, Workflow

SHIPPED = Path(__file__).parents[3] / "src" / "atiende" / "packs" / "shipped" / "cirion.yaml"
TEXT = SHIPPED.read_text(encoding="utf-8")

# (what is wrong, text in the shipped file, its broken replacement, the path reported, a piece
# of the message). The problem's line is the line of the replacement.
MISTAKES = [
    (
        "unknown calendar",
        "within: 4h\n          calendar: office",
        "within: 4h\n          calendar: offices",
        "sla.policies[1].targets[0].calendar",
        'unknown calendar "offices"',
    ),
    (
        "overlapping intervals",
        'tue: ["08:00-17:00"]',
        'tue: ["08:00-17:00", "12:00-13:00"]',
        "calendars.office.week.tue[1]",
        "overlaps",
    ),
    (
        "transition to an unknown state",
        "{from: field_repair, to: [verification, pending]}",
        "{from: field_repair, to: [verifcation, pending]}",
        "workflows[0].transitions[5].to[0]",
        'unknown state "verifcation"',
    ),
    (
        "negative minutes",
        "within: 20m",
        "within: -20m",
        "sla.policies[0].targets[2].within",
        "more than zero",
    ),
    (
        "duplicate state name",
        "{name: action_plan, category: open,",
        "{name: diagnosis, category: open,",
        "workflows[0].states[3].name",
        "diagnosis",
    ),
    (
        "unknown key",
        "  thread_window_days: 14\n",
        "  thread_window_days: 14\n  thread_windw: 3\n",
        "email.thread_windw",
        "thread_windw",
    ),
    (
        "bad time zone",
        "time_zone: America/Guayaquil",
        "time_zone: America/Guayakil",
        "time_zone",
        'unknown time zone "America/Guayakil"',
    ),
    (
        "wrong priority in a policy",
        "when: {kinds: [incident]}",
        "when: {kinds: [incident], priorities: [urgent]}",
        "sla.policies[0].when.priorities[0]",
        '"urgent"',
    ),
    (
        "subtype of an unknown kind",
        "when: {kinds: [request]}",
        "when: {kinds: [request], subtypes: [refunds]}",
        "sla.policies[1].when.subtypes[0]",
        '"refunds"',
    ),
    (
        "policy for a kind the pack does not define",
        "when: {kinds: [request]}",
        "when: {kinds: [problem]}",
        "sla.policies[1].when.kinds[0]",
        '"problem"',
    ),
    (
        "stage met by an unknown state",
        "met_by: {on: state, states: [registered]}",
        "met_by: {on: state, states: [registred]}",
        "sla.policies[0].targets[0].met_by.states[0]",
        '"registred"',
    ),
    (
        "off-hours contact on an unknown calendar",
        "off_hours: {role: off_hours_line, calendar: office}",
        "off_hours: {role: off_hours_line, calendar: night}",
        "escalation.off_hours.calendar",
        'unknown calendar "night"',
    ),
    (
        "notification with an unknown template",
        "template: diagnosis",
        "template: diagnosys",
        "notifications[1].template",
        '"diagnosys"',
    ),
    (
        "a real address instead of a role",
        "email: tsc-supervisor@example.com",
        "email: tsc-supervisor@cirion.test",
        "escalation.contacts[0].email",
        "example.com",
    ),
    (
        "not a duration",
        "within: 6h",
        "within: six hours",
        "sla.policies[0].targets[6].within",
        "duration",
    ),
    (
        "unknown default priority",
        "  default: medium",
        "  default: urgent",
        "priorities.default",
        '"urgent"',
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
        read_pack_text(text, "cirion.yaml")
    found = [p for p in caught.value.problems if p.path == path]
    assert found, [str(p) for p in caught.value.problems]
    assert any(message in p.message for p in found), [str(p) for p in found]
    assert found[0].file == "cirion.yaml"
    assert found[0].line == line, str(found[0])
    assert str(found[0]).startswith(f"cirion.yaml:{line}: {path}: ")


def rows():
    models = (Pack, PackVersion, BusinessCalendar, Policy, Target, Workflow, State, Transition)
    return [model.objects.count() for model in models]


@pytest.mark.parametrize(("old", "new"), [m[1:3] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_it_leaves_the_database_untouched(load_pack, old, new):
    pack = load_pack("cirion")
    before = rows(), pack.version, pack.digest
    with pytest.raises(PackError):
        loader.load_text(broken(old, new)[0], "cirion.yaml")
    pack.refresh_from_db()
    assert (rows(), pack.version, pack.digest) == before
