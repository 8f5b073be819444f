"""Small factory functions with overridable defaults (shared by every test module)."""

import itertools

from atiende.accounts.actions import create_user
from atiende.accounts.models import SupportGroup
from atiende.catalog.models import Service
from atiende.customers.models import Contact, Organisation, Site
from atiende.tickets import actions
from atiende.tickets.codes import Channel

_seq = itertools.count(1)

PASSWORD = "correct-horse-battery-staple"


def organisation(**fields) -> Organisation:
    n = next(_seq)
    fields.setdefault("name", f"Organisation {n}")
    fields.setdefault("slug", f"org-{n}")
    return Organisation.objects.create(**fields)


def contact(org: Organisation | None = None, **fields) -> Contact:
    n = next(_seq)
    fields.setdefault("name", f"Contact {n}")
    fields.setdefault("email", f"contact{n}@example.com")
    return Contact.objects.create(organisation=org or organisation(), **fields)


def site(org: Organisation, **fields) -> Site:
    fields.setdefault("name", f"Site {next(_seq)}")
    return Site.objects.create(organisation=org, **fields)


def service(**fields) -> Service:
    n = next(_seq)
    fields.setdefault("code", f"service-{n}")
    fields.setdefault("name", f"Service {n}")
    return Service.objects.create(**fields)


def group(**fields) -> SupportGroup:
    n = next(_seq)
    fields.setdefault("name", f"Group {n}")
    fields.setdefault("slug", f"group-{n}")
    return SupportGroup.objects.create(**fields)


def user(role: str = "agent", org: Organisation | None = None, **fields):
    n = next(_seq)
    fields.setdefault("username", f"{role}{n}")
    fields.setdefault("email", f"{role}{n}@example.com")
    fields.setdefault("password", PASSWORD)
    if role in ("customer", "customer_admin") and org is None:
        org = organisation()
    return create_user(role=role, organisation=org, **fields)


def ticket(org: Organisation | None = None, *, actor=None, requester=None, **fields):
    org = org or (requester.organisation if requester else organisation())
    requester = requester or contact(org)
    fields.setdefault("subject", "Calls drop after 30 seconds")
    fields.setdefault("description", "Every outbound call on the main trunk drops at 30 s.")
    fields.setdefault("channel", Channel.API)
    return actions.open_ticket(actor=actor, organisation=org, requester=requester, **fields)
