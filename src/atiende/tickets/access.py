"""The only way to fetch tickets for a user (R3).

Staff see every ticket. A customer user sees the tickets it reported (as requester contact or
creator); a customer administrator sees all tickets of its organisation. An object the user
may not see is a 404, never a 403 that would confirm it exists.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from atiende.accounts.roles import Perm, Role
from atiende.core.access import require
from atiende.tickets.codes import MessageKind
from atiende.tickets.models import Attachment, Message, Ticket


def staff_reader():
    """A stand-in for any staff member, for reads compiled once and run for every staff
    reader (core.statements): staff see every ticket, message and attachment, the same for
    each staff role (tests/tickets/test_staff_reader.py keeps it so)."""
    from atiende.accounts.models import User

    return User(role=Role.AGENT, is_active=True)


def tickets_visible_to(user) -> QuerySet[Ticket]:
    if not user.is_authenticated or not user.is_active:
        return Ticket.objects.none()
    if user.is_agent:
        return Ticket.objects.all()
    if user.role == Role.CUSTOMER_ADMIN:
        return Ticket.objects.filter(organisation_id=user.organisation_id)
    own = Q(created_by=user)
    if user.contact_id:
        own |= Q(requester_id=user.contact_id)
    return Ticket.objects.filter(own, organisation_id=user.organisation_id)


def access_ticket_for(user, ticket_id, *, work: bool = False) -> Ticket:
    """The ticket if ``user`` may see it (and, with ``work``, act on it as staff), else 404."""
    try:
        ticket_id = int(ticket_id)
    except (TypeError, ValueError):
        raise Http404 from None
    try:
        ticket = tickets_visible_to(user).select_related("state").get(pk=ticket_id)
    except Ticket.DoesNotExist:
        raise Http404 from None
    if work:
        require(user, Perm.WORK_TICKETS)
    return ticket


def messages_visible_to(user, ticket: Ticket) -> QuerySet[Message]:
    messages = ticket.messages.all()
    if not user.is_agent:
        messages = messages.exclude(kind=MessageKind.INTERNAL)
    return messages


def attachments_visible_to(user, ticket: Ticket) -> QuerySet[Attachment]:
    attachments = ticket.attachments.all()
    if not user.is_agent:
        attachments = attachments.exclude(message__kind=MessageKind.INTERNAL)
    return attachments


def access_attachment_for(user, attachment_id) -> Attachment:
    try:
        attachment_id = int(attachment_id)
    except (TypeError, ValueError):
        raise Http404 from None
    attachment = (
        Attachment.objects.select_related("message", "ticket")
        .filter(pk=attachment_id, ticket__in=tickets_visible_to(user))
        .first()
    )
    if attachment is None:
        raise Http404
    if not user.is_agent and attachment.message and attachment.message.kind == MessageKind.INTERNAL:
        raise Http404
    return attachment
