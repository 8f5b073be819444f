"""Broken copies of the Movilnet pack are rejected with the file, line, path and a message that
says what is wrong, and loading one leaves the database as it was (principle 5)."""

from pathlib import Path

import pytest

from atiende.packs import loader
from atiende.packs.errors import PackError
from atiende.packs.models import Pack, PackVersion
from atiende.packs.source import read_pack_text
from atiende.sla.models import BusinessCalendar, Policy, Target
from atiende.tickets.models import State, Transition, Workflow

SHIPPED = Path(__file__).parents[3] / "src" / "atiende" / "packs" / "shipped" / "movilnet.yaml"
TEXT = SHIPPED.read_text(encoding="utf-8")

# (what is wrong, text in the shipped file, its broken replacement, the path reported, a piece
# of the message). The problem's line is the line of the replacement.
MISTAKES = [
    (
        "unknown calendar",
        "notice: {business_hours: 16, calendar: business}",
        "notice: {business_hours: 16, calendar: office}",
        "maintenance.notice.calendar",
        'unknown calendar "office"',
    ),
    (
        "overlapping intervals",
        'mon: ["08:00-12:00", "13:00-17:00"]',
        'mon: ["08:00-12:00", "11:00-17:00"]',
        "calendars.business.week.mon[1]",
        "overlaps",
    ),
    (
        "transition to an unknown state",
        "{from: repaired, to: resolved}",
        "{from: repaired, to: solved}",
        "workflows[0].transitions[5].to[0]",
        'unknown state "solved"',
    ),
    (
        "negative minutes",
        "within: 24h",
        "within: -24h",
        "sla.policies[0].targets[0].within",
        "more than zero",
    ),
    (
        "duplicate group names",
        "  - name: sigis\n",
        "  - name: cor\n",
        "groups[3].name",
        '"cor"',
    ),
    (
        "unknown key",
        "  blocked: [debt]\n",
        "  blocked: [debt]\n  block_all: true\n",
        "account_check.block_all",
        "block_all",
    ),
    (
        "bad time zone",
        "time_zone: America/Caracas",
        "time_zone: America/Caracass",
        "time_zone",
        'unknown time zone "America/Caracass"',
    ),
    (
        "wrong priority in a policy",
        "priorities: [puntual]}",
        "priorities: [punctual]}",
        "sla.policies[1].when.priorities[0]",
        '"punctual"',
    ),
    (
        "unknown account status",
        "  blocked: [debt]\n",
        "  blocked: [owing]\n",
        "account_check.blocked[0]",
        "debt",
    ),
    (
        "maintenance hours that are no time of day",
        'allowed_hours: ["00:00-24:00"]',
        'allowed_hours: ["25:00-06:00"]',
        "maintenance.allowed_hours[0]",
        "25:00-06:00",
    ),
    (
        "unknown default priority",
        "  default: puntual",
        "  default: single",
        "priorities.default",
        '"single"',
    ),
    (
        "attention met by an unknown state",
        "states: [installation_centre, resolved]",
        "states: [installation_center, resolved]",
        "sla.policies[1].targets[0].met_by.states[0]",
        '"installation_center"',
    ),
    (
        "kind on an unknown workflow",
        "    workflow: faults",
        "    workflow: fault",
        "kinds.incident.workflow",
        '"fault"',
    ),
    (
        "a real address instead of a role",
        "email: csm-supervision@example.com",
        "email: csm-supervision@movilnet.test",
        "escalation.contacts[0].email",
        "example.com",
    ),
    (
        "lower-case case-number prefix",
        "prefix: MOV",
        "prefix: mov",
        "numbering.incident.prefix",
        "mov",
    ),
    (
        "subtype the kind does not have",
        "priorities: [massive]}",
        "priorities: [massive], subtypes: [sms]}",
        "sla.policies[0].when.subtypes[0]",
        '"sms"',
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
        read_pack_text(text, "movilnet.yaml")
    found = [p for p in caught.value.problems if p.path == path]
    assert found, [str(p) for p in caught.value.problems]
    assert any(message in p.message for p in found), [str(p) for p in found]
    assert found[0].file == "movilnet.yaml"
    assert found[0].line == line, str(found[0])
    assert str(found[0]).startswith(f"movilnet.yaml:{line}: {path}: ")


def rows():
    models = (Pack, PackVersion, BusinessCalendar, Policy, Target, Workflow, State, Transition)
    return [model.objects.count() for model in models]


@pytest.mark.parametrize(("old", "new"), [m[1:3] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_it_leaves_the_database_untouched(load_pack, old, new):
    pack = load_pack("movilnet")
    before = rows(), pack.version, pack.digest
    with pytest.raises(PackError):
        loader.load_text(broken(old, new)[0], "movilnet.yaml")
    pack.refresh_from_db()
    assert (rows(), pack.version, pack.digest) == before
