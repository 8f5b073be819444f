"""``atiende token create USERNAME``: prints only the key; the previous token stops working."""

import pytest
from rest_framework.authtoken.models import Token

from tests.cli.helpers import run

pytestmark = pytest.mark.django_db


def test_it_prints_a_new_token_that_replaces_the_old_one(capsys, personas):
    old = Token.objects.create(user=personas.agent).key

    code, out, err = run(capsys, "token", "create", "agent")

    assert (code, err) == (0, "")
    key = out.strip()
    assert out == f"{key}\n"
    assert Token.objects.get(user=personas.agent).key == key
    assert key != old
    assert not Token.objects.filter(key=old).exists()


def test_the_user_name_is_matched_without_case(capsys, personas):
    code, out, _err = run(capsys, "token", "create", "AGENT")

    assert code == 0
    assert Token.objects.get(user=personas.agent).key == out.strip()


def test_an_unknown_user_is_a_clear_error(capsys, personas):
    code, out, err = run(capsys, "token", "create", "nobody")

    assert (code, out) == (1, "")
    assert err == "atiende: there is no user “nobody”.\n"
    assert not Token.objects.exists()


def test_a_deactivated_user_gets_no_token(capsys, personas):
    personas.agent.is_active = False
    personas.agent.save()

    code, _out, err = run(capsys, "token", "create", "agent")

    assert code == 1
    assert "deactivated" in err
    assert not Token.objects.exists()
