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


def outbox_rows(*, status: str | None = None, ticket=None) -> QuerySet[OutboxMessage]:
    """Outbox rows for a person to look at, oldest first: of one status (default: every status
    but *sent*) and, optionally, one ticket's."""
    rows = OutboxMessage.objects.select_related("ticket").order_by("id")
    rows = rows.filter(status=status) if status else rows.exclude(status=OutboxStatus.SENT)
    if ticket is not None:
        rows = rows.filter(ticket=ticket)
    return rows


def failed_rows(*, ticket=None) -> QuerySet[OutboxMessage]:
    """Every failed row (of one ticket): what ``--all-failed`` sends again."""
    return outbox_rows(status=OutboxStatus.FAILED, ticket=ticket)
