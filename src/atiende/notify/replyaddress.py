"""Per-ticket signed reply addresses: ``support+<token>@domain`` (C3).

Every mail about a ticket carries, as Reply-To, an address that names the ticket and is signed
with ``ATIENDE_MAIL_REPLY_SECRET`` (default: the secret key). The inbound side reads it back
with :func:`ticket_id_from_reply_address`: a reply threads into its ticket even when its
subject and headers were mangled, and an address nobody signed is refused, so it can also serve
to recognise an agent answering from their mail client.

The token is ``<ticket id>-<signature>``: the signature is 80 bits of an HMAC-SHA256 written in
lower-case base32 (16 characters), so it survives mail systems that change the case of
addresses and needs no characters beyond letters, digits and a hyphen.
"""

import base64
import re
from email.utils import parseaddr

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

KEY_SALT = "atiende.notify.replyaddress"
SIGNATURE_BYTES = 10
TOKEN_RE = re.compile(r"^(?P<id>[1-9][0-9]{0,17})-(?P<signature>[a-z2-7]{16})$")


def _signature(ticket_id: int) -> str:
    digest = salted_hmac(
        KEY_SALT,
        str(ticket_id),
        secret=settings.ATIENDE_MAIL_REPLY_SECRET,
        algorithm="sha256",
    ).digest()
    return base64.b32encode(digest[:SIGNATURE_BYTES]).decode("ascii").lower()


def reply_token(ticket_id: int) -> str:
    """The signed token naming ticket ``ticket_id`` (the part after ``+``)."""
    if ticket_id <= 0:
        raise ValueError("a ticket id is a positive number")
    return f"{ticket_id}-{_signature(ticket_id)}"


def mailbox() -> tuple[str, str]:
    """(local part, domain) of the reply addresses: the From address's local part and
    ``ATIENDE_MAIL_DOMAIN``."""
    _name, address = parseaddr(settings.ATIENDE_MAIL_FROM)
    local = address.rpartition("@")[0] or "support"
    return local, settings.ATIENDE_MAIL_DOMAIN


def reply_address_for(ticket) -> str:
    """``support+<token>@domain`` for ``ticket`` (a ticket or its id)."""
    ticket_id = ticket if isinstance(ticket, int) else ticket.pk
    local, domain = mailbox()
    return f"{local}+{reply_token(ticket_id)}@{domain}"


def ticket_id_from_reply_address(address: str) -> int | None:
    """The ticket id an address signed by :func:`reply_address_for` names, else ``None``.

    Accepts a bare address or ``Name <address>``; letter case does not matter. Only the
    signature is checked: the address may have reached us under another domain alias.
    """
    if not address or len(address) > 998:
        return None
    _name, bare = parseaddr(address)
    local, at, _domain = bare.rpartition("@")
    if not at or "+" not in local:
        return None
    match = TOKEN_RE.match(local.rpartition("+")[2].lower())
    if match is None:
        return None
    ticket_id = int(match["id"])
    if not constant_time_compare(match["signature"], _signature(ticket_id)):
        return None
    return ticket_id
