"""users_visible_to / groups_visible_to and their access_*_for (R2, R3)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from atiende.accounts.access import (
    access_group_for,
    access_user_for,
    groups_visible_to,
    users_visible_to,
)
from atiende.accounts.models import User
from atiende.accounts.roles import STAFF_ROLES
from tests import factories


def test_it_shows_administrators_every_user(personas):
    assert set(users_visible_to(personas.admin)) == set(User.objects.all())


@pytest.mark.parametrize("role", ["agent", "agent_l2", "supervisor", "manager"])
def test_it_shows_other_staff_only_staff(personas, role):
    visible = set(users_visible_to(personas.by_role(role)))

    assert visible == set(User.objects.filter(role__in=STAFF_ROLES))
    assert personas.customer not in visible


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_shows_a_customer_only_itself(personas, role):
    user = personas.by_role(role)

    assert list(users_visible_to(user)) == [user]
    with pytest.raises(Http404):
        access_user_for(user, personas.teammate.pk)


def test_it_shows_nothing_to_anonymous_or_inactive_users(personas):
    personas.agent.is_active = False
    personas.agent.save()

    assert not users_visible_to(AnonymousUser()).exists()
    assert not users_visible_to(personas.agent).exists()
    assert not groups_visible_to(personas.agent).exists()


def test_it_shows_groups_to_staff_only(personas):
    group = factories.group()

    assert access_group_for(personas.agent, group.pk) == group
    assert access_group_for(personas.admin, str(group.pk)) == group
    for user in (personas.customer, personas.customer_admin):
        with pytest.raises(Http404):
            access_group_for(user, group.pk)


@pytest.mark.parametrize("bad_id", ["abc", None, 2**70, "1.5"])
def test_it_answers_404_for_ids_that_are_not_ids(personas, bad_id):
    with pytest.raises(Http404):
        access_user_for(personas.admin, bad_id)
    with pytest.raises(Http404):
        access_group_for(personas.admin, bad_id)
