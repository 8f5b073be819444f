"""``atiende demo --pack NAME``: the demo organisations served under a shipped pack."""

import pytest

from atiende.customers.models import Organisation
from atiende.packs.models import Pack
from atiende.tickets.models import Ticket
from tests.cli.helpers import run

pytestmark = pytest.mark.django_db


def test_it_loads_the_pack_and_opens_the_demo_tickets_under_it(capsys):
    code, out, err = run(capsys, "demo", "--pack", "wekall")

    pack = Pack.objects.get(name="wekall")
    assert (code, err) == (0, "")
    assert out.startswith("Process pack wekall loaded (version 1).")
    assert pack.is_default
    assert set(Organisation.objects.values_list("pack__name", flat=True)) == {"wekall"}
    assert Ticket.objects.exists()
    assert set(Ticket.objects.values_list("pack__name", flat=True)) == {"wekall"}
    assert all(
        number.startswith("WEK") for number in Ticket.objects.values_list("number", flat=True)
    )


def test_it_adds_nothing_the_second_time(capsys):
    run(capsys, "demo", "--pack", "wekall")
    tickets = Ticket.objects.count()

    code, out, _err = run(capsys, "demo", "--pack", "wekall")

    assert code == 0
    assert "nothing added" in out
    assert Ticket.objects.count() == tickets
    assert Pack.objects.get(name="wekall").version == 1


def test_it_lists_what_the_pack_refuses(capsys):
    code, out, _err = run(capsys, "demo", "--pack", "aldeamo")

    assert code == 0
    assert "Skipped because the pack's rules refuse them" in out
    assert Ticket.objects.filter(pack__name="aldeamo").exists()


def test_it_refuses_an_unknown_pack(capsys):
    code, _out, err = run(capsys, "demo", "--pack", "nothing")

    assert code == 1
    assert "no shipped pack nothing" in err
    assert not Ticket.objects.exists()
