"""`atiende sla plan` answers for every priority and channel of the Movilnet pack (S7, T3)."""

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from atiende.cli import main
from tests.scenarios.movilnet.helpers import at

SHIPPED = Path(__file__).parents[3] / "src" / "atiende" / "packs" / "shipped" / "movilnet.yaml"
DATA = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
CHANNELS = [channel["name"] for channel in DATA["channels"]]
PRIORITIES = [level["name"] for level in DATA["priorities"]["list"]]
MOMENT = at(2026, 12, 24, 22, 0)  # Christmas Eve night: the 24 hours run on


@pytest.mark.parametrize("priority", PRIORITIES)
@pytest.mark.parametrize("channel", CHANNELS)
def test_it_previews_every_combination(load_pack, capsys, priority, channel):
    load_pack("movilnet")
    code = main(
        [
            "sla",
            "plan",
            "--pack",
            "movilnet",
            "--kind",
            "incident",
            "--priority",
            priority,
            "--channel",
            channel,
            "--at",
            MOMENT.isoformat(),
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    answer = json.loads(out.out)
    assert answer["accepted"] is True
    assert (answer["priority"], answer["policy"]) == (priority, priority)
    due = {t["name"]: dt.datetime.fromisoformat(t["due_at"]) for t in answer["targets"]}
    assert due["attention"] == MOMENT + dt.timedelta(hours=24)
    if priority == "massive":
        assert due["update"] == MOMENT + dt.timedelta(hours=4)
    else:
        assert set(due) == {"attention"}
