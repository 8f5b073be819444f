"""Parse the stored raw bytes; read the envelope recipients the MTA recorded."""

from atiende.channels.mail import receive
from atiende.channels.mail.context import Context
from atiende.channels.mail.parse import headers as header_tools
from atiende.channels.mail.parse import parse_message

# Headers in which MTAs record the address a message was delivered to.
_ENVELOPE_HEADERS = ("delivered-to", "x-original-to", "envelope-to", "x-envelope-to")


def run(ctx: Context) -> None:
    # Stored messages are already bounded by ATIENDE_MAIL_MAX_BYTES (larger ones keep only
    # their header section), so the parser's own limit is never the one that applies.
    ctx.parsed = parse_message(ctx.raw, max_bytes=max(len(ctx.raw), 1))
    # The header fields store_raw read from these very bytes, when the row is the one it
    # just stored (else read again).
    ctx.envelope_to = envelope_recipients(ctx.raw, getattr(ctx.inbound, "header_fields", None))
    if ctx.inbound.envelope_to:
        ctx.envelope_to.append(ctx.inbound.envelope_to.lower())
    return None


def envelope_recipients(raw: bytes, found: list[tuple[str, str]] | None = None) -> list[str]:
    """``found``: the :func:`receive.header_list` of ``raw``'s header section, if known."""
    if found is None:
        head, _body = receive.split_head(raw)
        found = receive.header_list(head)
    addresses: list[str] = []
    for name in _ENVELOPE_HEADERS:
        for value in header_tools.raw_get_all(found, name):
            for _display, address in header_tools.parse_addresses(value):
                if "@" in address and address.lower() not in addresses:
                    addresses.append(address.lower())
    return addresses
