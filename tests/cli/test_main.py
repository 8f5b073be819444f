"""The ``atiende`` entry point: help, usage errors and exit codes."""

import pytest

from atiende.cli import CommandError, build_parser
from tests.cli.helpers import run, run_process

COMMANDS = ["serve", "worker", "migrate", "check", "user", "token", "demo", "mail", "manage"]


def test_help_lists_every_command(capsys):
    code, out, _err = run(capsys, "--help")

    assert code == 0
    for name in COMMANDS:
        assert f"    {name}" in out


@pytest.mark.parametrize("name", [c for c in COMMANDS if c != "manage"])
def test_every_command_has_help(capsys, name):
    code, out, _err = run(capsys, name, "--help")

    assert code == 0
    assert out.startswith(f"usage: atiende {name}")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["bogus"], "invalid choice: 'bogus'"),
        (["user"], "the following arguments are required: ACTION"),
        (["token", "create"], "the following arguments are required: USERNAME"),
        (["serve", "--threads", "0"], "must be at least 1"),
    ],
)
def test_usage_errors_exit_2_with_a_message(capsys, argv, message):
    code, out, err = run(capsys, *argv)

    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_the_parser_is_the_documented_one():
    parser = build_parser()
    args = parser.parse_args(["user", "create", "--username", "u", "--email", "e", "--role", "r"])

    assert (args.command, args.user_command, args.password_stdin) == ("user", "create", False)


def test_command_errors_carry_their_exit_code():
    assert CommandError("x").exit_code == 1
    assert CommandError("x", 2).exit_code == 2


def test_the_installed_module_runs_as_a_program(tmp_path):
    result = run_process(tmp_path / "home", "--help")

    assert result.returncode == 0
    assert result.stdout.startswith("usage: atiende")
