"""``atiende sla plan``: the preview as JSON on the command line."""

import json

import pytest

from tests.cli.helpers import run
from tests.packs.runtime_support import load

pytestmark = pytest.mark.django_db

AT = "2026-11-17T17:00-05:00"


def test_it_prints_the_preview_as_json(capsys):
    load()

    code, out, err = run(capsys, "sla", "plan", "--pack", "desk", "--kind", "incident",
                         "--priority", "high", "--plan", "vip", "--channel", "phone",
                         "--at", AT)  # fmt: skip

    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "accepted": True,
        "message": None,
        "priority": "high",
        "policy": "incident-high",
        "targets": [
            {"name": "first_response", "due_at": "2026-11-17T17:10:00-05:00"},
            {"name": "resolution", "due_at": "2026-11-17T21:00:00-05:00"},
        ],
    }


def test_it_prints_the_refusal_of_a_flagged_channel(capsys):
    load()

    code, out, _err = run(capsys, "sla", "plan", "--pack", "desk", "--kind", "incident",
                          "--priority", "high", "--channel", "email", "--at", AT)  # fmt: skip

    answer = json.loads(out)
    assert code == 0
    assert (answer["accepted"], answer["policy"]) == (False, None)
    assert answer["message"] == "High-priority incidents are reported by phone."


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--pack", "nothing", "--kind", "incident"], "No pack named nothing"),
        (["--pack", "desk", "--kind", "incident", "--channel", "fax"], "Unknown channel"),
        (["--pack", "desk", "--kind", "incident", "--plan", "gold"], "Unknown plan"),
    ],
)
def test_it_refuses_bad_arguments_with_a_clear_message(capsys, argv, message):
    load()

    code, _out, err = run(capsys, "sla", "plan", *argv, "--at", AT)

    assert code == 1
    assert message in err


def test_it_refuses_an_instant_without_offset(capsys):
    load()

    code, _out, err = run(capsys, "sla", "plan", "--pack", "desk", "--kind", "incident",
                          "--at", "2026-11-17T17:00")  # fmt: skip

    assert code == 2
    assert "no UTC offset" in err
