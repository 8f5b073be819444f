"""Portal: service status and maintenance windows of the organisation's services (N4)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from atiende import clock
from atiende.catalog.models import MaintenanceKind, MaintenanceWindow, Subscription
from atiende.catalog.queries import maintenance_for
from tests import factories

URL = reverse("portal:maintenance")


def window(services, start, end, *, kind=MaintenanceKind.SCHEDULED, title="Core upgrade"):
    row = MaintenanceWindow.objects.create(
        kind=kind,
        starts_at=clock.now() + start,
        ends_at=clock.now() + end,
        title_en=title,
        title_es=f"ES {title}",
        description_en="Calls may drop for a minute.",
    )
    row.services.set(services)
    return row


@pytest.fixture
def catalogue(personas):
    sms = factories.service(name="SMS platform")
    voice = factories.service(name="Voice platform")
    other = factories.service(name="Hosting")
    Subscription.objects.create(organisation=personas.org, service=sms)
    Subscription.objects.create(organisation=personas.org, service=voice)
    Subscription.objects.create(organisation=personas.other_org, service=other)
    hour = timedelta(hours=1)
    window([voice], -hour, hour, kind=MaintenanceKind.EMERGENCY, title="Voice repair")
    window([sms, voice], 24 * hour, 26 * hour, title="Core upgrade")
    window([sms], -3 * hour, -2 * hour, title="Finished work")
    window([other], -hour, hour, title="Hosting move")
    return sms, voice


@pytest.mark.parametrize("role", ["customer", "teammate", "customer_admin"])
def test_it_lists_the_status_and_windows_of_the_organisations_services(
    client, personas, catalogue, role
):
    client.force_login(personas.by_role(role))
    response = client.get(URL)
    body = response.content.decode()
    statuses = response.context["statuses"]
    assert [(s.service.name, s.in_maintenance) for s in statuses] == [
        ("SMS platform", False),
        ("Voice platform", True),
    ]
    assert "Voice repair" in body and "Core upgrade" in body
    assert "Emergency" in body and "In maintenance now" in body and "Operating" in body
    assert "Finished work" not in body
    assert "Hosting move" not in body


def test_it_shows_the_title_in_the_users_language(client, personas, catalogue):
    personas.customer.language = "es"
    personas.customer.save()
    client.force_login(personas.customer)
    assert "ES Core upgrade" in client.get(URL).content.decode()


def test_it_reads_two_queries(personas, catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):
        maintenance_for(personas.org)


def test_the_other_organisation_sees_only_its_own(client, personas, catalogue):
    client.force_login(personas.other_customer)
    body = client.get(URL).content.decode()
    assert "Hosting move" in body
    assert "Voice repair" not in body


def test_staff_are_sent_to_the_desk(client, personas):
    client.force_login(personas.agent)
    assert client.get(URL).url == reverse("desk:list")


def test_a_window_must_end_after_it_starts(db):
    from django.core.exceptions import ValidationError

    row = MaintenanceWindow(
        starts_at=clock.now(), ends_at=clock.now() - timedelta(hours=1), title_en="x", title_es="x"
    )
    with pytest.raises(ValidationError):
        row.full_clean()
