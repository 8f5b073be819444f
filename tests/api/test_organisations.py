"""/api/v1/organisations/: staff see all, customers their own; managing needs
MANAGE_ORGANISATIONS (R1, R3)."""

from atiende.customers.models import Organisation
from tests.api.conftest import url


def test_it_creates_an_organisation_with_name_and_slug(personas, client_for):
    response = client_for(personas.supervisor).post(
        url("api-organisation-list"),
        {"name": "Gamma Fibra", "slug": "gamma", "plan": "vip", "time_zone": "America/Caracas"},
        format="json",
    )

    assert response.status_code == 201
    organisation = Organisation.objects.get(slug="gamma")
    assert response.json()["id"] == organisation.pk
    assert (organisation.name, organisation.plan, organisation.time_zone) == (
        "Gamma Fibra", "vip", "America/Caracas",
    )  # fmt: skip
    assert organisation.account_status == "active"


def test_it_refuses_a_taken_slug_and_a_bad_time_zone(personas, client_for):
    client = client_for(personas.admin)

    taken = client.post(url("api-organisation-list"), {"name": "A", "slug": "alpha"},
                        format="json")  # fmt: skip
    zone = client.post(url("api-organisation-list"),
                       {"name": "Z", "slug": "zeta", "time_zone": "Mars/Olympus"},
                       format="json")  # fmt: skip
    slug = client.post(url("api-organisation-list"), {"name": "Z", "slug": "Zeta Corp"},
                       format="json")  # fmt: skip

    assert taken.status_code == 400
    assert list(taken.json()["errors"]) == ["slug"]
    assert zone.status_code == 400
    assert zone.json()["errors"] == {
        "time_zone": ["Mars/Olympus is not a known time zone: use an IANA name such as "
                      "America/Bogota."]
    }  # fmt: skip
    assert slug.status_code == 400
    assert list(slug.json()["errors"]) == ["slug"]
    assert Organisation.objects.count() == 2


def test_it_changes_an_organisation(personas, client_for):
    response = client_for(personas.manager).patch(
        url("api-organisation-detail", personas.org.pk),
        {"account_status": "debt", "plan": "conventional"},
        format="json",
    )

    assert response.status_code == 200
    personas.org.refresh_from_db()
    assert (personas.org.account_status, personas.org.plan) == ("debt", "conventional")
    assert personas.org.name == "Alpha Telecom"


def test_it_refuses_unknown_fields_on_change(personas, client_for):
    response = client_for(personas.manager).patch(
        url("api-organisation-detail", personas.org.pk), {"created_at": "2020-01-01"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_field"


def test_it_lists_only_the_customers_own_organisation(personas, client_for):
    mine = client_for(personas.customer).get(url("api-organisation-list")).json()["results"]
    staff = client_for(personas.agent).get(url("api-organisation-list")).json()["results"]

    assert [o["slug"] for o in mine] == ["alpha"]
    assert sorted(o["slug"] for o in staff) == ["alpha", "beta"]


def test_it_keeps_agents_from_changing_organisations(personas, client_for):
    response = client_for(personas.agent).patch(
        url("api-organisation-detail", personas.org.pk), {"plan": "vip"}, format="json"
    )

    assert response.status_code == 403
    personas.org.refresh_from_db()
    assert personas.org.plan == ""
