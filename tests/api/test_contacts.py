"""/api/v1/contacts/: staff manage any, a customer administrator its organisation's, a customer
user sees only itself (R1, R3)."""

from atiende.customers.models import Contact
from tests import factories
from tests.api.conftest import url


def test_it_lets_a_customer_admin_create_a_contact_of_its_organisation(personas, client_for):
    response = client_for(personas.customer_admin).post(
        url("api-contact-list"),
        {"name": "Night shift lead", "email": "night@example.com",
         "notification_lists": ["technical"]},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201
    contact = Contact.objects.get(email="night@example.com")
    assert contact.organisation == personas.org
    assert contact.notification_lists == ["technical"]
    assert response.json()["organisation"] == {"id": personas.org.pk, "slug": "alpha",
                                               "name": "Alpha Telecom"}  # fmt: skip


def test_it_makes_staff_name_the_organisation(personas, client_for):
    client = client_for(personas.agent)

    missing = client.post(url("api-contact-list"), {"name": "NOC"}, format="json")
    given = client.post(url("api-contact-list"), {"name": "NOC", "organisation": "beta"},
                        format="json")  # fmt: skip

    assert missing.status_code == 400
    assert missing.json()["errors"] == {"organisation": ["Support staff must give this field."]}
    assert given.status_code == 201
    assert Contact.objects.get(name="NOC").organisation == personas.other_org


def test_it_refuses_a_duplicate_email_in_the_organisation(personas, client_for):
    email = personas.customer.contact.email

    response = client_for(personas.customer_admin).post(
        url("api-contact-list"), {"name": "Twin", "email": email}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "email": ["This organisation already has a contact with that e-mail address."]
    }
    assert Contact.objects.filter(email=email).count() == 1


def test_it_refuses_a_malformed_email(personas, client_for):
    response = client_for(personas.customer_admin).post(
        url("api-contact-list"), {"name": "X", "email": "not-an-email"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"email": ["Enter a valid email address."]}


def test_it_lists_what_each_role_may_see(personas, client_for):
    extra = factories.contact(personas.org, name="Billing desk")

    def ids(role):
        response = client_for(personas.by_role(role)).get(url("api-contact-list"))
        return {c["id"] for c in response.json()["results"]}

    own_org = set(Contact.objects.filter(organisation=personas.org).values_list("pk", flat=True))
    assert extra.pk in own_org
    assert ids("customer") == {personas.customer.contact.pk}
    assert ids("customer_admin") == own_org
    assert ids("agent") == set(Contact.objects.values_list("pk", flat=True))


def test_it_changes_a_contact(personas, client_for):
    contact = personas.teammate.contact

    response = client_for(personas.customer_admin).patch(
        url("api-contact-detail", contact.pk), {"phone": "+57 601 555 0100", "is_active": False},
        format="json",
    )  # fmt: skip

    assert response.status_code == 200
    contact.refresh_from_db()
    assert (contact.phone, contact.is_active) == ("+57 601 555 0100", False)


def test_it_does_not_move_a_contact_to_another_organisation(personas, client_for):
    contact = personas.teammate.contact

    response = client_for(personas.agent).patch(
        url("api-contact-detail", contact.pk), {"organisation": "beta"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_field"
    contact.refresh_from_db()
    assert contact.organisation == personas.org


def test_it_lets_a_customer_read_but_not_change_its_own_contact(personas, client_for):
    client = client_for(personas.customer)
    path = url("api-contact-detail", personas.customer.contact.pk)

    assert client.get(path).status_code == 200
    assert client.patch(path, {"name": "Me"}, format="json").status_code == 403
    assert client.get(url("api-contact-detail", personas.teammate.contact.pk)).status_code == 404


def test_it_lists_contacts_in_constant_queries(personas, client_for, django_assert_num_queries):
    client = client_for(personas.agent)
    with django_assert_num_queries(2):  # token, contacts with their organisations
        client.get(url("api-contact-list"))
    for _ in range(20):
        factories.contact(personas.other_org)
    with django_assert_num_queries(2):
        assert len(client.get(url("api-contact-list")).json()["results"]) > 20
