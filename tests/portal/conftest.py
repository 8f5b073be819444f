"""Portal fixtures: a shipped pack loaded with the real loader (``load_pack`` of
``tests/scenarios/conftest.py``) and a customer organisation served under it."""

from dataclasses import dataclass

import pytest

from tests import factories
from tests.scenarios.conftest import customer, load_shipped


@pytest.fixture
def load_pack(db):
    """``load_pack(name, *, default=True)`` → the loaded Pack."""
    return load_shipped


@dataclass
class PackCustomer:
    pack: object
    org: object
    user: object  # a customer user (its contact has its e-mail address)
    admin: object  # a customer administrator of the same organisation
    other: object  # a customer of another organisation under the same pack
    agent: object


@pytest.fixture
def pack_customer(db):
    """``pack_customer(name, **organisation_fields)`` → :class:`PackCustomer`."""

    def make(name: str, **fields) -> PackCustomer:
        pack = load_shipped(name)
        org = customer(pack, language="en", **fields)
        other_org = customer(pack, language="en")
        user = factories.user("customer", org, language="en")
        admin = factories.user("customer_admin", org, language="en")
        other = factories.user("customer", other_org, language="en")
        return PackCustomer(pack, org, user, admin, other, factories.user("agent"))

    return make
