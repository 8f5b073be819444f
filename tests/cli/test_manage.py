"""``atiende manage …``: Django's management commands, exit codes passed through."""

import pytest

from tests.cli.helpers import run


@pytest.mark.django_db
def test_it_runs_a_django_command(capsys):
    code, out, _err = run(capsys, "manage", "showmigrations", "core")

    assert code == 0
    assert out.splitlines()[:2] == ["core", " [X] 0001_initial"]


def test_it_passes_options_through_to_the_command(capsys):
    code, out, _err = run(capsys, "manage", "check", "--help")

    assert code == 0
    assert "usage: atiende manage check" in out
    assert "--deploy" in out


def test_an_unknown_command_fails_with_django_s_message(capsys):
    code, _out, err = run(capsys, "manage", "no-such-command")

    assert code == 1
    assert "Unknown command: 'no-such-command'" in err


def test_without_a_command_it_lists_the_commands(capsys):
    code, out, _err = run(capsys, "manage")

    assert code == 0
    assert "Type 'atiende manage help <subcommand>'" in out
    assert "migrate" in out


def test_help_for_one_command(capsys):
    code, out, _err = run(capsys, "manage", "help", "migrate")

    assert code == 0
    assert out.startswith("usage: atiende manage migrate")
