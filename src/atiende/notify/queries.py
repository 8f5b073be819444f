"""Reading the outbox: what a ticket's mail did, and the "mail failed" flag for lists."""

from django.db.models import Exists, OuterRef, QuerySet

from atiende.notify.models import OutboxMessage, OutboxStatus


def outbox_of(ticket) -> QuerySet[OutboxMessage]:
    """The ticket's outgoing mail, oldest first (staff only: it shows addresses and errors)."""
    return OutboxMessage.objects.filter(ticket=ticket).order_by("created_at", "id")


def failed_mail_of(ticket) -> QuerySet[OutboxMessage]:
    """The ticket's mail that was given up on (the flag the desk shows)."""
    return outbox_of(ticket).filter(status=OutboxStatus.FAILED)


def with_mail_failed(tickets: QuerySet) -> QuerySet:
    """Annotate ``mail_failed`` (bool) on a ticket queryset: one subquery, no per-row query."""
    failed = OutboxMessage.objects.filter(ticket=OuterRef("pk"), status=OutboxStatus.FAILED)
    return tickets.annotate(mail_failed=Exists(failed))
