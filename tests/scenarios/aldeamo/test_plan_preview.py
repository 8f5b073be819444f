"""``atiende sla plan`` answers for every kind, sub-type, priority, plan and channel of the
Aldeamo pack (S2, S3, S4, C4, C5) with the due times the scenarios replay."""

import json

import pytest

from tests.cli.helpers import run
from tests.scenarios.aldeamo.helpers import at

AT = "2026-03-04T14:00:00-05:00"  # a Wednesday afternoon: every calendar is open
PLANS = ["conventional", "vip"]
CHANNELS = ["phone", "email"]
INCIDENTS = {
    "high": at(2026, 3, 4, 14, 10),
    "medium": at(2026, 3, 4, 16, 0),
    "low": at(2026, 3, 4, 20, 0),
}
REQUESTS = {
    "reports": at(2026, 3, 4, 19, 0),
    "sends": at(2026, 3, 4, 17, 0),
    "platform_management": at(2026, 3, 5, 10, 0),
    "templates": at(2026, 3, 4, 17, 0),
    "whitelist_claro_ec": at(2026, 3, 4, 14, 30),
    "technical_provisioning": at(2026, 3, 5, 14, 0),
    "onboarding": at(2026, 3, 5, 12, 0),
    "training": at(2026, 3, 5, 9, 0),
    "follow_up": None,  # on demand: no target
}


def plan(capsys, *args: str) -> dict:
    code, out, err = run(capsys, "sla", "plan", "--pack", "aldeamo", *args, "--at", AT)
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("plan_name", PLANS)
@pytest.mark.parametrize("priority", sorted(INCIDENTS))
def test_it_previews_every_incident(load_pack, capsys, priority, plan_name, channel):
    load_pack("aldeamo")
    answer = plan(
        capsys,
        "--kind",
        "incident",
        "--priority",
        priority,
        "--plan",
        plan_name,
        "--channel",
        channel,
    )
    assert answer["priority"] == priority
    if priority == "high" and channel == "email":  # C4: phone only
        assert "+57 601 555 0100" in answer["message"]
        assert answer["targets"] == []
        return
    assert answer["accepted"] is True
    assert answer["message"] is None
    assert answer["policy"] == f"incident-{priority}"
    names = [target["name"] for target in answer["targets"]]
    assert names == (["first_response", "update"] if priority == "high" else ["first_response"])
    assert answer["targets"][0]["due_at"] == INCIDENTS[priority].isoformat()


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("plan_name", PLANS)
@pytest.mark.parametrize("subtype", sorted(REQUESTS))
def test_it_previews_every_request_type(load_pack, capsys, subtype, plan_name, channel):
    load_pack("aldeamo")
    answer = plan(
        capsys,
        "--kind",
        "request",
        "--subtype",
        subtype,
        "--plan",
        plan_name,
        "--channel",
        channel,
    )
    if channel == "phone":  # C4: requests by e-mail only
        assert "soporte@example.com" in answer["message"]
        assert answer["targets"] == []
        return
    assert answer["accepted"] is True
    assert answer["message"] is None
    due = REQUESTS[subtype]
    if due is None:
        assert answer["targets"] == []
        return
    assert answer["policy"] == f"request-{subtype.replace('_', '-')}"
    (target,) = answer["targets"]
    assert (target["name"], target["due_at"]) == ("first_response", due.isoformat())
