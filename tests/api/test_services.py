"""/api/v1/services/: everyone lists (customers: their organisation's subscriptions); managing
needs MANAGE_CATALOG (R1, S11)."""

from decimal import Decimal

from atiende.catalog.models import Service, Subscription
from tests import factories
from tests.api.conftest import url


def test_it_creates_a_service_with_its_subscribers(personas, client_for):
    response = client_for(personas.manager).post(
        url("api-service-list"),
        {"code": "sms", "name": "SMS gateway", "availability_target": "99.950",
         "organisations": ["alpha", personas.other_org.pk]},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201
    service = Service.objects.get(code="sms")
    assert service.availability_target == Decimal("99.950")
    assert set(service.organisations.all()) == {personas.org, personas.other_org}
    assert response.json()["organisations"] == ["alpha", "beta"]


def test_it_replaces_the_subscribers(personas, client_for):
    service = factories.service()
    Subscription.objects.create(service=service, organisation=personas.org)

    response = client_for(personas.admin).patch(
        url("api-service-detail", service.pk), {"organisations": ["beta"]}, format="json"
    )

    assert response.status_code == 200
    assert list(service.organisations.all()) == [personas.other_org]


def test_it_refuses_a_target_above_100_percent(personas, client_for):
    response = client_for(personas.manager).post(
        url("api-service-list"), {"code": "x", "name": "X", "availability_target": 101},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["availability_target"]
    assert not Service.objects.exists()


def test_it_shows_customers_their_active_subscriptions_only(personas, client_for):
    used = factories.service(name="Voice")
    retired = factories.service(name="Fax", is_active=False)
    foreign = factories.service(name="SMS")
    unused = factories.service(name="Video")
    Subscription.objects.create(service=used, organisation=personas.org)
    Subscription.objects.create(service=retired, organisation=personas.org)
    Subscription.objects.create(service=foreign, organisation=personas.other_org)

    customer = client_for(personas.customer).get(url("api-service-list")).json()["results"]
    agent = client_for(personas.agent).get(url("api-service-list")).json()["results"]

    assert [(s["name"], s["organisations"]) for s in customer] == [("Voice", None)]
    assert {s["id"] for s in agent} == {used.pk, retired.pk, foreign.pk, unused.pk}
    assert {s["name"]: s["organisations"] for s in agent}["SMS"] == ["beta"]


def test_it_lists_services_in_constant_queries(personas, client_for, django_assert_num_queries):
    client = client_for(personas.agent)
    for _ in range(3):
        Subscription.objects.create(service=factories.service(), organisation=personas.org)
    with django_assert_num_queries(3):  # token, services, their organisations
        client.get(url("api-service-list"))
    for _ in range(20):
        Subscription.objects.create(service=factories.service(), organisation=personas.org)
    with django_assert_num_queries(3):
        assert len(client.get(url("api-service-list")).json()["results"]) == 23
