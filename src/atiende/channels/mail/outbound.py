"""What the intake needs from the outbox (:mod:`atiende.notify`), in one place.

Reading: which tickets our own Message-IDs belong to, the ticket a signed reply address
names, whether an address is one of ours, how many automatic replies an address got lately.
Writing: the explanatory notice sent when a message is refused.
"""

from collections.abc import Iterable
from datetime import datetime
from email.utils import getaddresses

from django.conf import settings
from django.db.models import QuerySet

from atiende.channels.mail.models import Mailbox
from atiende.notify import outbox
from atiende.notify.models import OutboxMessage
from atiende.notify.replyaddress import mailbox as reply_mailbox
from atiende.notify.replyaddress import ticket_id_from_reply_address

#: Outbox causes that are automatic replies to an inbound message (rate-limited, C3).
ACKNOWLEDGEMENT_CAUSES = ("ticket.acknowledgement",)
NOTICE_CAUSE = "mail.refused"

__all__ = [
    "acknowledgements_since",
    "is_own_address",
    "is_own_message_id",
    "send_notice",
    "ticket_id_from_reply_address",
    "tickets_of_sent_messages",
]


def tickets_of_sent_messages(message_ids: Iterable[str]) -> dict[str, int | None]:
    """Message-ID → ticket id (None for mail about no ticket) of the outbox rows among
    ``message_ids``."""
    ids = [value for value in dict.fromkeys(message_ids) if value]
    if not ids:
        return {}
    return dict(
        OutboxMessage.objects.filter(message_id__in=ids).values_list("message_id", "ticket_id")
    )


def is_own_message_id(message_id: str) -> bool:
    return bool(message_id) and OutboxMessage.objects.filter(message_id=message_id).exists()


def own_addresses() -> set[str]:
    """Addresses the desk writes from or reads: a mail from one of them is a loop."""
    found = {address.lower() for _name, address in getaddresses([settings.ATIENDE_MAIL_FROM])}
    found.update(
        username.lower()
        for username in Mailbox.objects.filter(username__contains="@").values_list(
            "username", flat=True
        )
    )
    return {address for address in found if "@" in address}


def is_own_address(address: str, known: set[str] | None = None) -> bool:
    """``known``: :func:`own_addresses`, when the caller already has it."""
    address = (address or "").lower()
    if not address:
        return False
    if address in (own_addresses() if known is None else known):
        return True
    local, _at, domain = address.rpartition("@")
    own_local, own_domain = reply_mailbox()
    if domain == own_domain.lower() and local.startswith(f"{own_local.lower()}+"):
        return True  # a reply address, signed or not
    return ticket_id_from_reply_address(address) is not None


def acknowledgements_since(contact_ids: Iterable[int], since: datetime) -> int:
    """Acknowledgements written since ``since`` for tickets of these contacts (the outbox's
    rows, found by the contact they were written for and their time: one index range,
    however large the outbox and however many tickets the contacts have)."""
    found = acknowledgements(contact_ids, since)
    return found.count() if found is not None else 0


def acknowledgements(contact_ids: Iterable[int], since: datetime) -> QuerySet | None:
    """The rows :func:`acknowledgements_since` counts (None: no contacts, no rows)."""
    ids = sorted({pk for pk in contact_ids if pk})
    if not ids:
        return None
    return OutboxMessage.objects.filter(
        for_contact__in=ids, cause__in=ACKNOWLEDGEMENT_CAUSES, created_at__gte=since
    )


def send_notice(
    *,
    to: str,
    subject: str,
    text: str,
    language: str,
    in_reply_to: str,
    references: list[str],
    idempotency_key: str,
    now: datetime,
) -> OutboxMessage:
    thread_ids = []
    for value in [*references, in_reply_to]:
        try:
            bare = outbox.normalise_message_id(value)
        except ValueError:
            continue
        if bare not in thread_ids:
            thread_ids.append(bare)
    return outbox.enqueue_email(
        to=[to],
        subject=subject,
        text=text,
        cause=NOTICE_CAUSE,
        language=language,
        in_reply_to=thread_ids[-1] if thread_ids else "",
        references=thread_ids[-outbox.MAX_REFERENCES :],
        headers={"Auto-Submitted": "auto-replied"},
        idempotency_key=idempotency_key,
        now=now,
    )
