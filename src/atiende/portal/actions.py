"""Opening a ticket from the customer portal (T8).

A ticket needs contact data for its requester. When the customer's contact has no e-mail or
no phone, the portal form asks for it; the missing data is saved on the contact and the
ticket opened in one transaction, so a refused ticket leaves the contact as it was.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from atiende.core.errors import ActionError
from atiende.customers.actions import update_contact
from atiende.customers.models import Contact
from atiende.tickets.actions import open_ticket
from atiende.tickets.attachments import Upload
from atiende.tickets.codes import Channel, Kind
from atiende.tickets.models import Ticket

PORTAL_KINDS = (Kind.INCIDENT, Kind.REQUEST)


def open_ticket_as_customer(
    user,
    *,
    kind: str,
    subject: str,
    description: str,
    subtype: str = "",
    priority: str = "",
    urgency: str = "",
    impact: str = "",
    service=None,
    site=None,
    requested_for: datetime | None = None,
    email: str = "",
    phone: str = "",
    attachments: Iterable[Upload] = (),
    now: datetime | None = None,
) -> Ticket:
    """Open a ticket for ``user``'s organisation with ``user``'s contact as requester; the
    pack's intake (T8, K2, C4, T10) decides through ``open_ticket``. ``service`` and ``site``
    must be the organisation's own (a subscribed service, one of its sites).

    ``email`` and ``phone`` only fill what the contact lacks; they never overwrite.
    """
    if not user.is_customer:
        raise ActionError(
            _("Only customer users open tickets in the portal."), code="customers_only"
        )
    if kind not in PORTAL_KINDS:
        raise ActionError(
            _("Choose whether something fails or you need something."),
            code="invalid_kind",
            field="kind",
        )
    if user.contact_id is None:
        raise ActionError(
            _("Your user is not linked to a contact of your organisation: ask your administrator."),
            code="user_without_contact",
        )
    if service is not None and not user.organisation.services.filter(pk=service.pk).exists():
        raise ActionError(
            _("Choose one of the services your organisation uses."),
            code="invalid_service",
            field="service",
        )
    if site is not None and site.organisation_id != user.organisation_id:
        raise ActionError(
            _("Choose one of your organisation's sites."), code="invalid_site", field="site"
        )
    # A fresh copy: a refused ticket must leave the caller's objects as they were too.
    contact = Contact.objects.get(pk=user.contact_id)
    missing = {}
    if email.strip() and not contact.email:
        missing["email"] = email.strip()
    if phone.strip() and not contact.phone:
        missing["phone"] = phone.strip()
    if not (contact.email or contact.phone or missing):
        raise ActionError(
            _("Give an e-mail address or a phone number so we can reach you about this ticket."),
            code="requester_without_contact_data",
            field="email",
        )
    with transaction.atomic():
        if missing:
            contact = update_contact(contact, **missing)
        return open_ticket(
            actor=user,
            channel=Channel.PORTAL,
            organisation=user.organisation,
            requester=contact,
            kind=kind,
            subtype=subtype,
            priority=priority,
            urgency=urgency,
            impact=impact,
            service=service,
            site=site,
            requested_for=requested_for,
            subject=subject,
            description=description,
            attachments=attachments,
            now=now,
        )
