"""``atiende sla plan --city-class``: the preview of a target by city class (S6) for a site of
that class, on the shipped Cirion pack (travel: 3 h in main cities, 6 h in intermediate ones,
no fixed target in remote territories, 3 h without a site)."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from tests.cli.helpers import run
from tests.scenarios.conftest import load_shipped

pytestmark = pytest.mark.django_db

MOMENT = dt.datetime(2026, 11, 3, 10, 0, tzinfo=ZoneInfo("America/Guayaquil"))
CASE = ["--kind", "incident", "--priority", "high", "--channel", "phone"]


def plan(capsys, pack: str, *args: str) -> dict:
    code, out, err = run(capsys, "sla", "plan", "--pack", pack, *args, "--at", MOMENT.isoformat())
    assert (code, err) == (0, "")
    return json.loads(out)


def by_name(answer: dict) -> dict[str, dict]:
    return {target["name"]: target for target in answer["targets"]}


@pytest.fixture
def cirion():
    return load_shipped("cirion")


@pytest.mark.parametrize(
    ("args", "city_class", "minutes"),
    [
        (["--city-class", "main"], "main", 180),
        (["--city-class", "intermediate"], "intermediate", 360),
        (["--city-class", "remote"], "remote", None),  # "by conditions": no fixed target
        ([], "default", 180),  # a ticket without a site
    ],
)
def test_it_plans_the_travel_for_the_city_class_of_the_site(
    capsys, cirion, args, city_class, minutes
):
    answer = plan(capsys, "cirion", *CASE, *args)

    assert (answer["accepted"], answer["policy"]) == (True, "incident-stages")
    # The travel starts when the field dispatch is agreed: no due time yet, but its time.
    assert by_name(answer)["travel"] == {
        "name": "travel",
        "due_at": None,
        "city_class": city_class,
        "fixed": minutes is not None,
        "minutes": minutes,
    }


def test_the_city_class_changes_only_the_targets_by_city_class(capsys, cirion):
    main = by_name(plan(capsys, "cirion", *CASE, "--city-class", "main"))
    remote = by_name(plan(capsys, "cirion", *CASE, "--city-class", "remote"))

    assert main.keys() == remote.keys()
    others = [name for name in main if name != "travel"]
    assert others and all("city_class" not in main[name] for name in others)
    assert [main[name] for name in others] == [remote[name] for name in others]
    assert remote["reception"]["due_at"] == (MOMENT + dt.timedelta(minutes=1)).isoformat()


def test_it_refuses_an_unknown_city_class_and_lists_the_valid_ones(capsys, cirion):
    code, out, err = run(capsys, "sla", "plan", "--pack", "cirion", *CASE, "--city-class",
                         "rural", "--at", MOMENT.isoformat())  # fmt: skip

    assert (code, out) == (1, "")
    assert "Unknown city class “rural”: use one of main, intermediate, remote." in err


def test_a_pack_without_targets_by_city_class_plans_as_without_a_site(capsys, db):
    load_shipped("aldeamo")
    args = ["--kind", "incident", "--priority", "low", "--channel", "email"]

    with_class = plan(capsys, "aldeamo", *args, "--city-class", "remote")

    assert with_class == plan(capsys, "aldeamo", *args)
    assert with_class["targets"] and all("city_class" not in t for t in with_class["targets"])
