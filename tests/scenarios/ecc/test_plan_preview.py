"""`atiende sla plan` answers for every kind, sub-type, priority (given, or from urgency ×
impact), plan and channel of the ECC pack (T9, S1, S2)."""

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from atiende.cli import main
from tests.scenarios.ecc.helpers import at

SHIPPED = Path(__file__).parents[3] / "src" / "atiende" / "packs" / "shipped" / "ecc.yaml"
DATA = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
CHANNELS = [channel["name"] for channel in DATA["channels"]]
PLANS = [plan["name"] for plan in DATA["plans"]]
PRIORITIES = [level["name"] for level in DATA["priorities"]["levels"]]
KINDS = [
    (kind, subtype["name"])
    for kind, spec in DATA["kinds"].items()
    for subtype in spec.get("subtypes", [])
] + [("incident", "")]
MOMENT = at(2026, 3, 10, 9, 0)  # a Tuesday
WITHIN = {"critical": (15, 240), "high": (30, 480), "medium": (60, 960), "low": (120, 1800)}
# Resolution on the standard plan (Monday to Friday 08:00–18:00) from Tuesday 09:00.
STANDARD_RESOLUTION = {
    "critical": at(2026, 3, 10, 13, 0),
    "high": at(2026, 3, 10, 17, 0),
    "medium": at(2026, 3, 11, 15, 0),
    "low": at(2026, 3, 13, 9, 0),
}


def plan(capsys, *args) -> dict:
    code = main(["sla", "plan", "--pack", "ecc", *args, "--at", MOMENT.isoformat()])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def due_times(answer) -> dict:
    return {t["name"]: dt.datetime.fromisoformat(t["due_at"]) for t in answer["targets"]}


@pytest.mark.parametrize(("kind", "subtype"), KINDS)
@pytest.mark.parametrize("priority", PRIORITIES)
@pytest.mark.parametrize("plan_name", PLANS)
def test_it_previews_every_combination(load_pack, capsys, kind, subtype, priority, plan_name):
    load_pack("ecc")
    for channel in CHANNELS:
        args = ["--kind", kind, "--priority", priority, "--plan", plan_name, "--channel", channel]
        if subtype:
            args += ["--subtype", subtype]
        answer = plan(capsys, *args)
        assert answer["accepted"] is True
        assert (answer["priority"], answer["policy"]) == (priority, priority)
        due = due_times(answer)
        first, resolution = WITHIN[priority]
        assert due["first_response"] == MOMENT + dt.timedelta(minutes=first)
        if plan_name == "extended":
            assert due["resolution"] == MOMENT + dt.timedelta(minutes=resolution)
        else:
            assert due["resolution"] == STANDARD_RESOLUTION[priority]


@pytest.mark.parametrize(
    ("urgency", "impact", "priority"),
    [
        ("high", "organisation", "critical"),
        ("medium", "department", "medium"),
        ("low", "individual", "low"),
    ],
)
def test_it_previews_from_urgency_and_impact(load_pack, capsys, urgency, impact, priority):
    load_pack("ecc")
    answer = plan(capsys, "--kind", "incident", "--urgency", urgency, "--impact", impact)
    assert answer["priority"] == priority
    assert answer["policy"] == priority
