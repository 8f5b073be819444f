"""``atiende user create`` (R2): through accounts.actions.create_user, errors without traceback."""

import io
import re

import pytest

from atiende.accounts.models import User
from atiende.accounts.roles import Role
from tests.cli.helpers import run

pytestmark = pytest.mark.django_db

PASSWORD_LINE = re.compile(r"^Password \(shown only once\): (\S+)$", re.MULTILINE)


def test_it_creates_a_staff_user_and_prints_the_generated_password_once(capsys):
    code, out, err = run(
        capsys, "user", "create", "--username", "nivel1", "--email", "nivel1@example.com",
        "--role", "agent", "--name", "Agente nivel 1",
    )  # fmt: skip

    assert (code, err) == (0, "")
    assert "Created user “nivel1” with role Agent (level 1)." in out
    password = PASSWORD_LINE.search(out).group(1)
    user = User.objects.get(username="nivel1")
    assert (user.email, user.role, user.first_name) == ("nivel1@example.com", Role.AGENT,
                                                        "Agente nivel 1")  # fmt: skip
    assert user.organisation is None
    assert user.check_password(password)
    assert not user.is_superuser


def test_it_creates_a_customer_of_an_organisation_with_its_contact(capsys, personas):
    code, out, _err = run(
        capsys, "user", "create", "--username", "cliente", "--email", "ti@alpha.example.com",
        "--role", "customer", "--organisation", "alpha",
    )  # fmt: skip

    assert code == 0, out
    user = User.objects.get(username="cliente")
    assert user.organisation == personas.org
    assert user.contact.organisation == personas.org
    assert user.contact.email == "ti@alpha.example.com"


def test_it_reads_the_password_from_standard_input(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-desk-password-2026\nignored\n"))

    code, out, _err = run(
        capsys, "user", "create", "--username", "supervisor1", "--email", "sup@example.com",
        "--role", "supervisor", "--password-stdin",
    )  # fmt: skip

    assert code == 0
    assert "Password" not in out
    assert User.objects.get(username="supervisor1").check_password("a-long-desk-password-2026")


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["--role", "agent", "--username", "agent"], "", "The user name “agent” is taken."),
        (["--role", "wizard"], "", "Unknown role “wizard”: use one of customer, customer_admin"),
        (["--role", "customer"], "", "Customer users belong to an organisation: give its slug."),
        (["--role", "agent", "--organisation", "alpha"], "",
         "Support staff do not belong to a customer organisation."),
        (["--role", "customer", "--organisation", "gamma"], "",
         "there is no organisation with slug “gamma”."),
        (["--role", "agent", "--password-stdin"], "", "no password on standard input."),
        (["--role", "agent", "--password-stdin"], "123\n", "This password is too short."),
    ],
)  # fmt: skip
def test_it_refuses_with_a_clear_message_and_creates_nothing(
    capsys, monkeypatch, personas, argv, stdin, message
):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    before = User.objects.count()
    argv = ["--username", "newcomer", *argv] if "--username" not in argv else argv

    code, out, err = run(capsys, "user", "create", "--email", "x@example.com", *argv)

    assert code == 1
    assert out == ""
    assert err.startswith("atiende: ")
    assert message in err
    assert "Traceback" not in err
    assert User.objects.count() == before


def test_missing_arguments_are_a_usage_error(capsys):
    code, _out, err = run(capsys, "user", "create", "--username", "x")

    assert code == 2
    assert "the following arguments are required: --email, --role" in err
    assert not User.objects.exists()
