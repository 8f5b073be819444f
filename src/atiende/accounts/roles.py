"""Roles (R2) and what each may do. The table is the single place permissions are decided."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CUSTOMER = "customer", _("Customer user")
    CUSTOMER_ADMIN = "customer_admin", _("Customer administrator")
    AGENT = "agent", _("Agent (level 1)")
    AGENT_L2 = "agent_l2", _("Specialised agent (level 2)")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("Support manager")
    ADMIN = "admin", _("Administrator")


CUSTOMER_ROLES = frozenset({Role.CUSTOMER, Role.CUSTOMER_ADMIN})
STAFF_ROLES = frozenset(set(Role) - CUSTOMER_ROLES)


class Perm(StrEnum):
    """Capabilities checked by views, the API and the CLI."""

    WORK_TICKETS = "work_tickets"  # see every ticket; reply as agent, note, assign, transition
    MERGE_TICKETS = "merge_tickets"
    MANAGE_ORGANISATIONS = "manage_organisations"
    MANAGE_CONTACTS = "manage_contacts"  # staff: any organisation; customer admin: its own
    MANAGE_CATALOG = "manage_catalog"  # services and support groups
    MANAGE_USERS = "manage_users"
    PREVIEW_SLA = "preview_sla"  # the SLA a ticket of a pack would get (packs.preview)


_AGENT = {Perm.WORK_TICKETS, Perm.MANAGE_CONTACTS}
ROLE_PERMS: dict[str, frozenset[Perm]] = {
    Role.CUSTOMER: frozenset(),
    Role.CUSTOMER_ADMIN: frozenset({Perm.MANAGE_CONTACTS}),
    Role.AGENT: frozenset(_AGENT),
    Role.AGENT_L2: frozenset(_AGENT | {Perm.MERGE_TICKETS}),
    Role.SUPERVISOR: frozenset(
        _AGENT | {Perm.MERGE_TICKETS, Perm.MANAGE_ORGANISATIONS, Perm.PREVIEW_SLA}
    ),
    Role.MANAGER: frozenset(
        _AGENT
        | {Perm.MERGE_TICKETS, Perm.MANAGE_ORGANISATIONS, Perm.MANAGE_CATALOG, Perm.PREVIEW_SLA}
    ),
    Role.ADMIN: frozenset(set(Perm)),
}


def has_perm(role: str, perm: Perm) -> bool:
    return perm in ROLE_PERMS.get(role, frozenset())
