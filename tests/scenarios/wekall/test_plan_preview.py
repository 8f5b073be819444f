"""``atiende sla plan`` answers for every kind, priority and channel of the WeKall pack (S5,
T3, C5), with the due times the scenario suites replay."""

import json

import pytest

from tests.cli.helpers import run
from tests.scenarios.wekall.test_first_response_matrix import CELLS, MATRIX

AT = "2026-03-04T09:00:00-05:00"  # a Wednesday, 09:00 in Bogotá
CHANNELS = ["portal", "phone", "email", "whatsapp"]
PRIORITIES = ["urgent", "high", "normal", "low"]
EXPECTED = {(kind, priority): due for kind, priority, _hours, due in CELLS}


def plan(capsys, *args: str) -> dict:
    code, out, err = run(capsys, "sla", "plan", "--pack", "wekall", *args, "--at", AT)
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("priority", PRIORITIES)
@pytest.mark.parametrize("kind", ["incident", "request"])
def test_it_previews_every_priority_on_every_channel(load_pack, capsys, kind, priority, channel):
    load_pack("wekall")
    answer = plan(capsys, "--kind", kind, "--priority", priority, "--channel", channel)
    assert answer["accepted"] is True
    assert answer["message"] is None
    assert answer["priority"] == priority
    assert answer["policy"] == f"{kind}-{priority}"
    (target,) = answer["targets"]
    assert target["name"] == "first_response"
    assert target["due_at"] == EXPECTED[(kind, priority)].isoformat()


@pytest.mark.parametrize(("urgency", "impact", "priority"), MATRIX)
def test_it_previews_the_priority_from_urgency_and_impact(
    load_pack, capsys, urgency, impact, priority
):
    load_pack("wekall")
    answer = plan(capsys, "--kind", "incident", "--urgency", urgency, "--impact", impact)
    assert answer["priority"] == priority
    assert answer["policy"] == f"incident-{priority}"


@pytest.mark.parametrize("channel", CHANNELS)
def test_it_previews_a_problem_without_targets(load_pack, capsys, channel):
    load_pack("wekall")
    answer = plan(capsys, "--kind", "problem", "--priority", "high", "--channel", channel)
    assert answer["accepted"] is True
    assert answer["targets"] == []
