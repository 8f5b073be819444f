"""`atiende sla plan` answers for every kind, sub-type, priority and channel of the Cirion pack
(S1, S6, T2): technical cases get the seven stage targets on 24/365, administrative ones the
office-hours policy."""

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from atiende.cli import main
from tests.scenarios.cirion.helpers import at

SHIPPED = Path(__file__).parents[3] / "src" / "atiende" / "packs" / "shipped" / "cirion.yaml"
DATA = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
CHANNELS = [channel["name"] for channel in DATA["channels"]]
PRIORITIES = [level["name"] for level in DATA["priorities"]["list"]]
COMBINATIONS = [
    ("incident", "", priority, channel) for priority in PRIORITIES for channel in CHANNELS
] + [
    ("request", subtype["name"], priority, channel)
    for subtype in DATA["kinds"]["request"]["subtypes"]
    for priority in PRIORITIES
    for channel in CHANNELS
]
STAGES = [
    "reception",
    "registration",
    "diagnosis",
    "travel",
    "field_repair",
    "verification",
    "stability",
    "closure",
]
MOMENT = at(2026, 11, 2, 10, 0)  # All Souls' Day, an Ecuadorian holiday


def plan(capsys, *args) -> dict:
    code = main(["sla", "plan", "--pack", "cirion", *args, "--at", MOMENT.isoformat()])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


@pytest.mark.parametrize(("kind", "subtype", "priority", "channel"), COMBINATIONS)
def test_it_previews_every_combination(load_pack, capsys, kind, subtype, priority, channel):
    load_pack("cirion")
    args = ["--kind", kind, "--priority", priority, "--channel", channel]
    if subtype:
        args += ["--subtype", subtype]
    answer = plan(capsys, *args)
    assert answer["accepted"] is True
    assert answer["priority"] == priority
    due = {
        target["name"]: target["due_at"] and dt.datetime.fromisoformat(target["due_at"])
        for target in answer["targets"]
    }
    if kind == "incident":
        assert answer["policy"] == "incident-stages"
        # Only the stages that start at creation have a due time before their state; the
        # reception runs at once, also on a holiday.
        assert set(due) <= set(STAGES)
        assert due["reception"] == MOMENT + dt.timedelta(minutes=1)
    else:
        assert answer["policy"] == "administrative"
        # The holiday and the next one are closed: the office clock starts on Wednesday.
        assert due["first_response"] == at(2026, 11, 4, 12, 0)
        assert due["resolution"] == at(2026, 11, 5, 17, 0)
