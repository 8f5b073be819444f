"""customers.access: one contact with its organisation, as each role may see it (R2, R3)."""

import pytest

from atiende.customers.access import contact_with_organisation, contacts_visible_to
from tests import factories

pytestmark = pytest.mark.django_db


def test_staff_read_any_contact_with_its_organisation(personas, django_assert_num_queries):
    contact = personas.other_customer.contact
    with django_assert_num_queries(1):
        found = contact_with_organisation(personas.agent, contact.pk)
        assert found.organisation == personas.other_org  # read with it, no second query
    assert found == contact
    assert contact_with_organisation(personas.agent, 10**9) is None


@pytest.mark.parametrize("role", ["customer", "customer_admin", "teammate", "other_customer"])
def test_customers_read_only_what_contacts_visible_to_gives(personas, role):
    user = getattr(personas, role)
    colleague = factories.contact(personas.org, email="noc@alpha.example.com")
    for contact in (personas.customer.contact, colleague, personas.other_customer.contact):
        found = contact_with_organisation(user, contact.pk)
        expected = contacts_visible_to(user).filter(pk=contact.pk).first()
        assert found == expected
        if found is not None:
            assert found.organisation == contact.organisation


def test_an_inactive_user_reads_nothing(personas):
    personas.agent.is_active = False
    assert contact_with_organisation(personas.agent, personas.customer.contact.pk) is None
