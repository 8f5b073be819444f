"""Set-up and checks of the IMAP crash test, run in a separate process on the crash test's
own database (``python -m tests.channels.mail.crashcheck setup|verify``, with the same
environment as the killed ``atiende`` processes). Prints one JSON object."""

import json
import os
import sys


def setup(host: str, port: int, username: str, password_env: str) -> dict:
    from atiende.channels.mail.codes import Security
    from atiende.channels.mail.models import Mailbox
    from atiende.customers.actions import create_contact, create_organisation

    organisation = create_organisation(name="Crash Telecom", slug="crash")
    for n in range(10):
        create_contact(
            organisation=organisation, name=f"Contact {n}", email=f"contact{n}@crash.example.com"
        )
    Mailbox.objects.create(
        name="crash",
        host=host,
        port=port,
        security=Security.NONE,
        username=username,
        password_env=password_env,
    )
    return {"ok": True}


def verify() -> dict:
    from django.db.models import Count

    from atiende.channels.mail.models import InboundMessage, Mailbox
    from atiende.notify.models import OutboxMessage
    from atiende.tickets.codes import EventCode, MessageKind
    from atiende.tickets.models import HistoryEvent, Message, Ticket

    inbound = InboundMessage.objects.all()
    per_ticket_messages = (
        Message.objects.filter(kind=MessageKind.PUBLIC)
        .values("ticket")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    created_events = (
        HistoryEvent.objects.filter(code=EventCode.CREATED)
        .values("ticket")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    acks = (
        OutboxMessage.objects.filter(cause="ticket.acknowledgement")
        .values("ticket")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    return {
        "inbound": inbound.count(),
        "statuses": dict(inbound.values_list("status").annotate(n=Count("id"))),
        "distinct_uids": inbound.values("uidvalidity", "uid").distinct().count(),
        "distinct_message_ids": inbound.values("message_id").distinct().count(),
        "server_pending": inbound.filter(server_done_at__isnull=True).count(),
        "inbound_with_ticket": inbound.filter(ticket__isnull=False).count(),
        "tickets": Ticket.objects.count(),
        "tickets_linked": inbound.values("ticket").distinct().count(),
        "public_messages": Message.objects.filter(kind=MessageKind.PUBLIC).count(),
        "messages_per_ticket": sorted(set(per_ticket_messages)),
        "created_events_per_ticket": sorted(set(created_events)),
        "tickets_with_created_event": len(list(created_events)),
        "acks_per_ticket": sorted(set(acks)),
        "acks": sum(acks),
        "last_uid": Mailbox.objects.get(name="crash").last_uid,
    }


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atiende.settings")
    import django

    django.setup()
    result = setup(argv[1], int(argv[2]), argv[3], argv[4]) if argv[0] == "setup" else verify()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
