"""Parse raw e-mail into a :class:`ParsedMessage`: pure functions, no database.

``parse_message(raw, max_bytes=None)`` never raises on malformed input (problems are listed
in ``ParsedMessage.defects``); it raises :class:`MessageTooLarge` only for size.
"""

from atiende.channels.mail.parse.limits import MessageTooLarge
from atiende.channels.mail.parse.message import (
    Attachment,
    BounceInfo,
    BounceRecipient,
    Classification,
    ParsedMessage,
)
from atiende.channels.mail.parse.parser import parse_message
from atiende.channels.mail.parse.quotes import visible_text

__all__ = [
    "Attachment",
    "BounceInfo",
    "BounceRecipient",
    "Classification",
    "MessageTooLarge",
    "ParsedMessage",
    "parse_message",
    "visible_text",
]
