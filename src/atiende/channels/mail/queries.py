"""Reads of the mail intake: listings for the command line, address health."""

from django.db import connection
from django.db.models import F, Func, QuerySet

from atiende.channels.mail.codes import Status
from atiende.channels.mail.models import InboundMessage, MailAddress

#: Statuses ``atiende mail failed list`` shows: messages a person should look at.
NEEDS_ATTENTION = (Status.FAILED, Status.QUARANTINED, Status.REJECTED, Status.RECEIVED)


def address_is_failing(address: str) -> bool:
    """True when mail to ``address`` bounced permanently (a hard bounce)."""
    return failing_address(address).exists()


def failing_address(address: str) -> QuerySet[MailAddress]:
    return MailAddress.objects.filter(address=address.lower(), failing=True)


def counted(queryset: QuerySet) -> QuerySet:
    """``queryset`` as a one-column, one-row subquery: how many rows it has."""
    return queryset.order_by().annotate(_count=Func(F("pk"), function="COUNT")).values("_count")


def scalars(*querysets: QuerySet) -> tuple:
    """The first value of each of ``querysets`` (None when it has no row), in one query: a
    ``SELECT`` of scalar subqueries, for facts that would otherwise be a round trip each."""
    parts, params = [], []
    for queryset in querysets:
        sql, values = queryset.query.sql_with_params()
        parts.append(f"({sql})")
        params.extend(values)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return tuple(cursor.fetchone())


def messages_needing_attention(statuses=NEEDS_ATTENTION) -> QuerySet[InboundMessage]:
    return (
        InboundMessage.objects.filter(status__in=statuses)
        .defer("raw")
        .select_related("mailbox", "ticket")
        .order_by("id")
    )


def pending_ids(limit: int = 1000) -> list[int]:
    """Messages stored but not processed (a crash between storing and processing)."""
    return list(
        InboundMessage.objects.filter(status=Status.RECEIVED)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


def thread_message_ids(ticket) -> list[tuple]:
    """(received at, Message-ID) of the mail stored for ``ticket`` (outbox thread source)."""
    return list(
        InboundMessage.objects.filter(ticket=ticket, status=Status.PROCESSED)
        .exclude(message_id="")
        .order_by("received_at", "id")
        .values_list("received_at", "message_id")
    )
