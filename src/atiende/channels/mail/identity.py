"""Who an address is: contacts of organisations, staff users, the "unassigned" organisation."""

from django.conf import settings
from django.db import connection

from atiende.accounts.models import User
from atiende.accounts.roles import STAFF_ROLES
from atiende.channels.mail import rows
from atiende.core.errors import ActionError
from atiende.customers import actions as customer_actions
from atiende.customers.models import Contact, Organisation

UNASSIGNED_NAME = "Unassigned e-mail senders"


def unassigned_slug() -> str:
    return settings.ATIENDE_MAIL_UNASSIGNED_ORGANISATION


def contacts_for(address: str) -> list[Contact]:
    """Active contacts with ``address``: those of real organisations first, oldest first.

    Each with its organisation, as ``select_related`` gives it, read with plain SQL (read on
    every message: building the queryset cost more than the query). The match is the ORM's
    ``email__iexact`` on PostgreSQL, UPPER() on both sides (ASCII-only on SQLite, like the
    LIKE the ORM uses there)."""
    contact, organisation = rows.columns(Contact), rows.columns(Organisation)
    sql = (
        f"SELECT {contact.sql}, {organisation.sql} FROM {contact.table} "  # noqa: S608
        f"INNER JOIN {organisation.table} "
        f"ON ({contact.column('organisation')} = {organisation.column('id')}) "
        f"WHERE UPPER({contact.column('email')}) = UPPER(%s) AND {contact.column('is_active')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [address])
        found = []
        for row in cursor.fetchall():
            item = contact.build(row)
            item.organisation = organisation.build(row, contact.width)
            found.append(item)
    unassigned = unassigned_slug()
    # Sorted here rather than by a CASE in the query: a sender has a handful of contacts.
    return sorted(found, key=lambda c: (c.organisation.slug == unassigned, c.pk))


def agent_for(address: str) -> User | None:
    """The active staff user with ``address``, if any (an e-mail From proves nothing)."""
    return (
        User.objects.filter(email__iexact=address, is_active=True, role__in=sorted(STAFF_ROLES))
        .order_by("id")
        .first()
    )


def agent_by_id(user_id: int) -> User | None:
    """The staff user :func:`agent_for` would find, by the id a lookup found it under."""
    return User.objects.filter(pk=user_id).first()


def is_unassigned(organisation: Organisation) -> bool:
    return organisation.slug == unassigned_slug()


def unassigned_organisation() -> Organisation:
    """The organisation that holds contacts created for unknown senders (made on first use)."""
    found = Organisation.objects.filter(slug=unassigned_slug()).first()
    if found is not None:
        return found
    try:
        return customer_actions.create_organisation(name=UNASSIGNED_NAME, slug=unassigned_slug())
    except ActionError:
        return Organisation.objects.get(slug=unassigned_slug())  # created meanwhile


def create_unassigned_contact(address: str, name: str) -> Contact:
    """A contact for an unknown sender in the unassigned organisation (or the existing one)."""
    organisation = unassigned_organisation()
    existing = Contact.objects.filter(organisation=organisation, email__iexact=address).first()
    if existing is not None:
        return existing
    display = " ".join((name or "").split())[:200] or address.split("@")[0][:200]
    try:
        return customer_actions.create_contact(
            organisation=organisation, name=display, email=address
        )
    except ActionError as exc:
        if exc.code != "duplicate":
            raise
        return Contact.objects.get(organisation=organisation, email__iexact=address)
