"""Broken copies of the WeKall pack are rejected with the file, line, path and a message that
says what is wrong, and leave the database untouched (issue 4: "broken packs")."""

import pytest

from atiende.packs import loader
from atiende.packs.errors import PackError
from atiende.packs.models import Pack, PackVersion
from atiende.packs.source import read_pack_text
from atiende.sla.models import BusinessCalendar, Policy, PolicyRule, PriorityMatrix, Target
from atiende.tickets.models import State, Transition, Workflow
from tests.scenarios.wekall.helpers import broken_copy, shipped_text

FILE = "wekall.yaml"

# (what is wrong, the text replaced, its replacement, expected path, words of the message)
MISTAKES = [
    (
        "unknown calendar",
        "{name: first_response, within: 1h, calendar: business}",
        "{name: first_response, within: 1h, calendar: office}",
        "sla.policies[0].targets[0].calendar",
        ['"office"', "business"],
    ),
    (
        "overlapping intervals",
        'mon: ["07:30-12:30", "14:00-18:00"]',
        'mon: ["07:30-12:30", "12:00-18:00"]',
        "calendars.business",
        ["overlap"],
    ),
    (
        "matrix with a missing cell",
        "low: {organisation: normal, department: low, individual: low}",
        "low: {organisation: normal, department: low}",
        "priorities.matrix.low",
        ["individual"],
    ),
    (
        "transition to an unknown state",
        "{from: analysis, to: resolved}",
        "{from: analysis, to: solved}",
        "workflows[1].transitions[1].to",
        ['"solved"'],
    ),
    (
        "negative minutes",
        "{name: first_response, within: 1h, calendar: business}",
        "{name: first_response, within: -1h, calendar: business}",
        "sla.policies[0].targets[0].within",
        ["zero"],
    ),
    (
        "duplicate names",
        "- name: incident-high\n",
        "- name: incident-urgent\n",
        "sla.policies[1].name",
        ['"incident-urgent"'],
    ),
    (
        "unknown key",
        "thread_window_days: 14",
        "thread_window_dayz: 14",
        "email.thread_window_dayz",
        ["thread_window_days"],
    ),
    (
        "bad time zone",
        "time_zone: America/Bogota # the seed's",
        "time_zone: America/Bogata # the seed's",
        "time_zone",
        ['"America/Bogata"'],
    ),
    (
        "wrong priority in a policy",
        "when: {kinds: [incident], priorities: [urgent]}",
        "when: {kinds: [incident], priorities: [critical]}",
        "sla.policies[0].when.priorities[0]",
        ['"critical"', "urgent"],
    ),
    (
        "sub-type the kind does not have",
        "when: {kinds: [incident], priorities: [urgent]}",
        "when: {kinds: [incident], subtypes: [training], priorities: [urgent]}",
        "sla.policies[0].when.subtypes[0]",
        ['"training"'],
    ),
    (
        "kind with an unknown workflow",
        "workflow: problems",
        "workflow: problem",
        "kinds.problem.workflow",
        ['"problem"', "problems"],
    ),
    (
        "billing outside an unknown calendar",
        "outside: business",
        "outside: office_hours",
        "billing.rates[0].outside",
        ['"office_hours"'],
    ),
    (
        "notification with an unknown template",
        "template: closure",
        "template: closing",
        "notifications[3].template",
        ['"closing"'],
    ),
    (
        "an address that is not an example",
        "{role: customer_service, email: servicio.cliente@example.com}",
        "{role: customer_service, email: servicio.cliente@provider.test}",
        "escalation.contacts[1].email",
        ["example.com"],
    ),
    (
        "unknown kind",
        "  problem:\n    label: {es: Problema",
        "  complaint:\n    label: {es: Problema",
        "kinds.complaint",
        ["incident", "request", "problem"],
    ),
    (
        "maintenance hours that are not a time of day",
        'allowed_hours: ["19:00-05:00"]',
        'allowed_hours: ["19:00-29:00"]',
        "maintenance.allowed_hours[0]",
        ['"19:00-29:00"'],
    ),
]

IDS = [mistake[0] for mistake in MISTAKES]
MODELS = (BusinessCalendar, Policy, PolicyRule, Target, PriorityMatrix, Workflow, State, Transition)


def snapshot():
    rows = {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in MODELS}
    rows["Pack"] = list(Pack.objects.values_list("pk", "version", "digest"))
    rows["PackVersion"] = list(PackVersion.objects.values_list("pk", flat=True))
    return rows


def test_the_shipped_pack_is_valid():
    spec = read_pack_text(shipped_text("wekall"), FILE)
    assert spec.name == "wekall"


@pytest.mark.parametrize(("what", "old", "new", "path", "words"), MISTAKES, ids=IDS)
def test_it_names_the_mistake(what, old, new, path, words):
    text, line = broken_copy(shipped_text("wekall"), old, new)
    with pytest.raises(PackError) as caught:
        read_pack_text(text, FILE)
    found = [p for p in caught.value.problems if p.path.startswith(path)]
    assert found, f"{what}: no problem at {path} in {caught.value.problems}"
    problem = found[0]
    assert problem.file == FILE
    assert problem.line == line, str(problem)
    for word in words:
        assert word in problem.message, str(problem)
    assert str(problem).startswith(f"{FILE}:{line}: {problem.path}: ")


@pytest.mark.parametrize(("what", "old", "new", "path", "words"), MISTAKES, ids=IDS)
def test_it_leaves_the_database_untouched(load_pack, tmp_path, what, old, new, path, words):
    load_pack("wekall")
    before = snapshot()
    text, _line = broken_copy(shipped_text("wekall"), old, new)
    broken = tmp_path / FILE
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(PackError):
        loader.load_path(broken)
    assert snapshot() == before


def test_it_reports_every_mistake_at_once():
    text = shipped_text("wekall")
    for _what, old, new, _path, _words in MISTAKES[:3]:
        text, _line = broken_copy(text, old, new)
    with pytest.raises(PackError) as caught:
        read_pack_text(text, FILE)
    paths = [p.path for p in caught.value.problems]
    for _what, _old, _new, path, _words in MISTAKES[:3]:
        assert any(p.startswith(path) for p in paths), paths
