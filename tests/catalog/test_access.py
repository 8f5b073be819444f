"""services_visible_to / access_service_for (R1, R3)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from atiende.catalog.access import access_service_for, services_visible_to
from atiende.catalog.models import Subscription
from tests import factories


@pytest.fixture
def services(personas):
    used = factories.service(name="Voice")
    retired = factories.service(name="Fax", is_active=False)
    foreign = factories.service(name="SMS")
    unused = factories.service(name="Video")
    Subscription.objects.create(service=used, organisation=personas.org)
    Subscription.objects.create(service=retired, organisation=personas.org)
    Subscription.objects.create(service=foreign, organisation=personas.other_org)
    Subscription.objects.create(service=used, organisation=personas.other_org)
    return {"used": used, "retired": retired, "foreign": foreign, "unused": unused}


def test_it_shows_staff_the_whole_catalogue(personas, services):
    assert set(services_visible_to(personas.agent)) == set(services.values())


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_shows_customers_the_active_services_they_use(personas, services, role):
    user = personas.by_role(role)

    assert list(services_visible_to(user)) == [services["used"]]
    assert access_service_for(user, services["used"].pk) == services["used"]
    for name in ("retired", "foreign", "unused"):
        with pytest.raises(Http404):
            access_service_for(user, services[name].pk)


def test_it_shows_nothing_to_anonymous_users(services):
    assert not services_visible_to(AnonymousUser()).exists()
