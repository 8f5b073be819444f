"""``atiende pack load | list | show | export`` on the test database."""

import pytest

from atiende.packs.models import Pack
from tests.cli.helpers import run
from tests.packs.runtime_support import DESK, dump, edited

pytestmark = pytest.mark.django_db


def test_it_loads_and_prints_the_changes(capsys):
    code, out, err = run(capsys, "pack", "load", str(DESK))

    assert (code, err) == (0, "")
    assert "+ calendar business" in out
    assert out.rstrip().endswith("desk: loaded version 1 (48 changes).")
    assert Pack.objects.get().is_default


def test_it_says_no_changes_the_second_time(capsys):
    run(capsys, "pack", "load", str(DESK))

    code, out, _err = run(capsys, "pack", "load", str(DESK))

    assert (code, out) == (0, "desk: no changes (version 1).\n")


def test_it_prints_the_changes_of_a_dry_run_and_writes_nothing(capsys):
    before = dump()

    code, out, _err = run(capsys, "pack", "load", "--dry-run", str(DESK))

    assert code == 0
    assert "+ pack desk" in out and "nothing was written" in out
    assert dump() == before


def test_it_prints_every_problem_of_a_broken_file_and_exits_1(capsys, tmp_path):
    broken = tmp_path / "desk.yaml"
    broken.write_text(edited("default_plan: standard", "default_plan: gold"), encoding="utf-8")

    code, out, err = run(capsys, "pack", "load", str(broken))

    assert code == 1
    assert out.startswith("desk.yaml:")
    assert "default_plan" in out and "gold" in out
    assert "nothing was loaded" in err
    assert not Pack.objects.exists()


def test_it_lists_shows_and_exports(capsys, tmp_path):
    run(capsys, "pack", "load", str(DESK))

    _code, listed, _err = run(capsys, "pack", "list")
    _code, shown, _err = run(capsys, "pack", "show", "desk")
    code, exported, _err = run(capsys, "pack", "export", "desk")

    assert listed.startswith("* desk")
    assert "version: 1" in shown and "v1 " in shown
    assert code == 0 and "name: desk" in exported


def test_it_refuses_an_unknown_pack_name(capsys):
    code, _out, err = run(capsys, "pack", "show", "nothing")

    assert code == 1
    assert "No pack named nothing" in err
