"""Shared fixtures: personas of two organisations and every staff role (R2, R3)."""

from dataclasses import dataclass

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _fast_hashing_and_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"


@dataclass
class Personas:
    org: object
    other_org: object
    customer: object
    teammate: object  # another customer user of the same organisation
    customer_admin: object
    other_customer: object
    other_customer_admin: object
    agent: object
    agent_l2: object
    supervisor: object
    manager: object
    admin: object

    def by_role(self, role: str):
        return getattr(self, role)


@pytest.fixture
def personas(db) -> Personas:
    org = factories.organisation(name="Alpha Telecom", slug="alpha")
    other = factories.organisation(name="Beta Networks", slug="beta")
    return Personas(
        org=org,
        other_org=other,
        customer=factories.user("customer", org, username="alice"),
        teammate=factories.user("customer", org, username="amaro"),
        customer_admin=factories.user("customer_admin", org, username="alma"),
        other_customer=factories.user("customer", other, username="bruno"),
        other_customer_admin=factories.user("customer_admin", other, username="bea"),
        agent=factories.user("agent", username="agent"),
        agent_l2=factories.user("agent_l2", username="specialist"),
        supervisor=factories.user("supervisor", username="supervisor"),
        manager=factories.user("manager", username="manager"),
        admin=factories.user("admin", username="admin"),
    )
