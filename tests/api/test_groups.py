"""/api/v1/groups/: support groups, staff only; managing needs MANAGE_CATALOG (E1)."""

from atiende.accounts.models import SupportGroup
from tests import factories
from tests.api.conftest import url


def test_it_creates_a_group_with_members(personas, client_for):
    response = client_for(personas.manager).post(
        url("api-group-list"),
        {"name": "Level 2", "slug": "level-2", "tier": "level2",
         "members": ["specialist", personas.agent.pk]},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201
    group = SupportGroup.objects.get(slug="level-2")
    assert group.tier == "level2"
    assert set(group.members.all()) == {personas.agent, personas.agent_l2}
    assert [m["username"] for m in response.json()["members"]] == ["agent", "specialist"]


def test_it_refuses_customers_as_members(personas, client_for):
    response = client_for(personas.admin).post(
        url("api-group-list"),
        {"name": "Mixed", "slug": "mixed", "members": [personas.customer.username]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "members": [f"Only support staff can be members of a support group, not "
                    f"{personas.customer.username}."]
    }  # fmt: skip
    assert not SupportGroup.objects.exists()


def test_it_changes_a_group(personas, client_for):
    group = factories.group()
    group.members.add(personas.agent)

    response = client_for(personas.manager).patch(
        url("api-group-detail", group.pk), {"is_active": False, "members": []}, format="json"
    )

    assert response.status_code == 200
    group.refresh_from_db()
    assert group.is_active is False
    assert list(group.members.all()) == []


def test_it_refuses_a_taken_slug(personas, client_for):
    factories.group(slug="noc")

    response = client_for(personas.manager).post(
        url("api-group-list"), {"name": "NOC", "slug": "noc"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["slug"]
    assert SupportGroup.objects.count() == 1


def test_it_lists_groups_in_constant_queries(personas, client_for, django_assert_num_queries):
    client = client_for(personas.agent)
    factories.group().members.add(personas.agent)
    with django_assert_num_queries(3):  # token, groups, members
        client.get(url("api-group-list"))
    for _ in range(10):
        factories.group().members.add(personas.agent, personas.agent_l2)
    with django_assert_num_queries(3):
        assert len(client.get(url("api-group-list")).json()["results"]) == 11
