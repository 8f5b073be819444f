"""create_service / update_service / create_group / update_group (R1, E1, S11)."""

from decimal import Decimal

import pytest

from atiende.accounts.models import SupportGroup
from atiende.catalog import actions
from atiende.catalog.models import Service, Subscription
from atiende.core.errors import ActionError
from tests import factories


def test_it_creates_a_service_with_its_subscribers(personas):
    service = actions.create_service(
        code="voice", name=" Voice ", availability_target=Decimal("99.95"),
        organisations=[personas.org, personas.other_org],
    )  # fmt: skip

    service.refresh_from_db()
    assert (service.code, service.name, service.availability_target) == (
        "voice", "Voice", Decimal("99.950"),
    )  # fmt: skip
    assert set(service.organisations.all()) == {personas.org, personas.other_org}


def test_it_replaces_subscribers_only_when_asked(personas):
    service = actions.create_service(code="voice", name="Voice", organisations=[personas.org])
    kept = Subscription.objects.get()

    actions.update_service(service, name="Voice (SIP)")
    assert list(Subscription.objects.all()) == [kept]

    actions.update_service(service, organisations=[personas.org, personas.other_org])
    assert set(service.organisations.all()) == {personas.org, personas.other_org}
    assert Subscription.objects.get(organisation=personas.org) == kept

    actions.update_service(service, organisations=[])
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"code": "voice", "name": "Again"}, "code"),
        ({"code": "bad code", "name": "X"}, "code"),
        (
            {"code": "x", "name": "X", "availability_target": Decimal("100.5")},
            "availability_target",
        ),
    ],
)
def test_it_refuses_invalid_services(db, fields, field):
    factories.service(code="voice")

    with pytest.raises(ActionError) as caught:
        actions.create_service(**fields)

    assert caught.value.field == field
    assert Service.objects.count() == 1


def test_it_creates_and_changes_a_group(personas):
    group = actions.create_group(name="Level 2", slug="level-2", tier="level2",
                                 members=[personas.agent_l2])  # fmt: skip
    assert list(group.members.all()) == [personas.agent_l2]

    actions.update_group(group, is_active=False)
    group.refresh_from_db()
    assert group.is_active is False
    assert list(group.members.all()) == [personas.agent_l2]

    actions.update_group(group, members=[personas.agent, personas.supervisor])
    assert set(group.members.all()) == {personas.agent, personas.supervisor}


def test_it_refuses_customers_in_a_group(personas):
    group = factories.group()

    with pytest.raises(ActionError) as caught:
        actions.update_group(group, name="Renamed", members=[personas.agent, personas.customer])

    assert (caught.value.field, caught.value.code) == ("members", "member_not_staff")
    group.refresh_from_db()
    assert group.name != "Renamed"
    assert not group.members.exists()


def test_it_refuses_a_taken_group_slug(db):
    factories.group(slug="noc")

    with pytest.raises(ActionError) as caught:
        actions.create_group(name="NOC", slug="noc")

    assert caught.value.field == "slug"
    assert SupportGroup.objects.count() == 1
