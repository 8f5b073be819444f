"""``atiende pack check`` and ``atiende pack schema``: exit codes and output; no database."""

import json

import pytest

from atiende.packs.schema import schema_text
from tests.cli.helpers import run, run_process
from tests.packs.conftest import FULL, edited


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "broken.yaml"
    text = edited("{name: update, within: 30m}", "{name: update, within: -30m}")
    text = edited("- name: portal", "- name: phone", text)
    path.write_text(text, encoding="utf-8")
    return path


def test_it_exits_0_on_a_valid_pack(capsys):
    code, out, err = run(capsys, "pack", "check", str(FULL))
    assert code == 0
    assert out == f"{FULL}: valid pack full (2 SLA policies)\n"
    assert err == ""


def test_it_prints_every_problem_and_exits_1(capsys, broken):
    code, out, err = run(capsys, "pack", "check", "--language", "en", str(broken))
    assert code == 1
    assert out.splitlines() == [
        f'{broken}:35: channels[2].name: duplicate channel "phone" (also channels[1]); give '
        "each a different name",
        f"{broken}:84: sla.policies[0].targets[1].within: must be more than zero, got -30m",
    ]
    assert err == f"{broken}: 2 problems\n"


def test_it_checks_every_file_given(capsys, broken, tmp_path):
    missing = tmp_path / "missing.yaml"
    code, out, err = run(capsys, "pack", "check", str(FULL), str(broken), str(missing))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{FULL}: valid pack full (2 SLA policies)"
    assert len(lines) == 4
    assert lines[3] == f"{missing}: cannot read the file: No such file or directory"
    assert err.splitlines() == [f"{broken}: 2 problems", f"{missing}: 1 problem"]


def test_it_needs_a_file(capsys):
    code, _out, err = run(capsys, "pack", "check")
    assert code == 2
    assert "the following arguments are required: FILE" in err


def test_it_works_without_a_database(tmp_path, broken):
    """A fresh data directory, and a PostgreSQL database that does not exist."""
    url = "postgres://postgres@127.0.0.1:5432/atiende_no_such_database"
    done = run_process(tmp_path / "home", "pack", "check", str(FULL), DATABASE_URL=url)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"{FULL}: valid pack full (2 SLA policies)\n"
    done = run_process(tmp_path / "home", "pack", "check", str(broken), DATABASE_URL=url)
    assert done.returncode == 1
    assert done.stdout.count("\n") == 2
    assert "Traceback" not in done.stderr


def test_it_speaks_spanish(capsys, broken):
    code, out, err = run(capsys, "pack", "check", "--language", "es", str(broken))
    assert code == 1
    assert out.splitlines()[1] == (
        f"{broken}:84: sla.policies[0].targets[1].within: debe ser mayor que cero; es -30m"
    )
    assert err == f"{broken}: 2 problemas\n"


def test_schema_prints_the_json_schema(capsys):
    code, out, _err = run(capsys, "pack", "schema")
    assert code == 0
    assert out == schema_text()
    schema = json.loads(out)
    assert schema["title"] == "Atiende process pack"
    assert set(schema["required"]) >= {"pack", "name", "kinds", "priorities", "workflows"}


def test_it_reports_in_json_for_tools(capsys, broken):
    code, out, err = run(
        capsys, "pack", "check", "--json", "--language", "en", str(FULL), str(broken)
    )
    assert (code, err) == (1, "")
    valid, invalid = (json.loads(line) for line in out.splitlines())
    assert valid == {"file": str(FULL), "valid": True, "problems": []}
    assert invalid["valid"] is False
    assert invalid["problems"][1] == {
        "line": 84,
        "path": "sla.policies[0].targets[1].within",
        "message": "must be more than zero, got -30m",
    }
