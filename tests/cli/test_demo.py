"""``atiende demo``: Spanish demo data made through the actions; running twice adds nothing."""

import pytest
from django.test import override_settings

from atiende import demo
from atiende.accounts.models import SupportGroup, User
from atiende.accounts.roles import Role
from atiende.catalog.models import Service
from atiende.customers.models import Contact, Organisation
from atiende.tickets.codes import EventCode, Kind, MessageKind
from atiende.tickets.models import HistoryEvent, Message, Ticket
from tests.cli.helpers import run

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, Contact, User, Service, SupportGroup, Ticket, Message,
                      HistoryEvent)
    }  # fmt: skip


def test_it_loads_the_demo_and_prints_the_logins(capsys):
    code, out, err = run(capsys, "demo")

    assert (code, err) == (0, "")
    assert out.startswith(
        "Demo data loaded: 3 organisations, 6 contacts, 8 users, 4 services, 4 support groups, "
        "12 tickets.\n"
    )
    assert f"password for all: {demo.DEMO_PASSWORD}" in out
    for username, *_rest in demo.USERS:
        assert f"  {username} " in out
        assert User.objects.get(username=username).check_password(demo.DEMO_PASSWORD)


def test_it_covers_every_role_kind_and_conversation(capsys):
    run(capsys, "demo")

    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(Ticket.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert Ticket.objects.count() == 12
    assert Message.objects.filter(kind=MessageKind.PUBLIC, author__isnull=False).exists()
    assert Message.objects.filter(kind=MessageKind.INTERNAL).exists()
    assert Message.objects.filter(author__role=Role.CUSTOMER).exists()
    problem = Ticket.objects.get(kind=Kind.PROBLEM)
    assert problem.incidents.count() == 2
    codes = set(HistoryEvent.objects.values_list("code", flat=True))
    assert {EventCode.CREATED, EventCode.REPLIED, EventCode.NOTE_ADDED, EventCode.ASSIGNED,
            EventCode.STATE_CHANGED, EventCode.WORKAROUND_RECORDED,
            EventCode.SOLUTION_RECORDED, EventCode.PROBLEM_LINKED} <= codes  # fmt: skip
    assert set(Ticket.objects.values_list("state__code", flat=True)) >= {
        "new", "open", "pending", "resolved", "closed"
    }  # fmt: skip
    # T1: numbers come from the real sequence
    assert Ticket.objects.filter(number__startswith="INC-").count() == 6
    assert Ticket.objects.filter(number__startswith="REQ-").count() == 5


def test_it_uses_only_example_addresses_and_role_like_names(capsys):
    run(capsys, "demo")

    emails = list(User.objects.values_list("email", flat=True))
    emails += list(Contact.objects.values_list("email", flat=True))
    assert emails and all(email.endswith("example.com") for email in emails)
    assert "Supervisor TSC" in User.objects.values_list("first_name", flat=True)


def test_running_it_twice_adds_nothing(capsys):
    run(capsys, "demo")
    before = counts()

    code, out, _err = run(capsys, "demo")

    assert code == 0
    assert out.startswith("The demo data is already there: nothing added.\n")
    assert counts() == before


def test_it_completes_a_partly_loaded_demo(capsys):
    Organisation.objects.create(name="Redes del Pacífico", slug="redes-pacifico")

    code, out, _err = run(capsys, "demo")

    assert code == 0
    assert "2 organisations" in out
    assert Organisation.objects.filter(slug="redes-pacifico").count() == 1
    assert Ticket.objects.filter(organisation__slug="redes-pacifico").count() == 3


@override_settings(ATIENDE_ENV="production")
def test_it_is_refused_in_production(capsys):
    code, out, err = run(capsys, "demo")

    assert (code, out) == (1, "")
    assert "demo data is refused in production" in err
    assert not Organisation.objects.exists()
