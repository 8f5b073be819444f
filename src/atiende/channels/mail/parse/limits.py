"""Size limits that keep a hostile message from costing unbounded time or memory.

Only the total size raises (:class:`MessageTooLarge`); every other limit truncates what is
kept and records a defect, so a message that is merely odd still becomes a ticket.
"""

#: Largest raw message accepted by default (bytes). Intake may pass its own ``max_bytes``.
MAX_MESSAGE_BYTES = 50 * 1024 * 1024
#: MIME parts walked; the rest of the tree is ignored (defect ``too-many-parts``).
MAX_PARTS = 1000
#: Nesting depth of multiparts and attached messages.
MAX_DEPTH = 20
#: Addresses kept per address header (To, Cc, …).
MAX_ADDRESSES = 1000
#: Characters kept of a decoded header value (subject, names, X- headers).
MAX_HEADER_CHARS = 16 * 1024
#: X- headers kept for loop detection.
MAX_X_HEADERS = 100
#: References kept (the newest ones: they matter for threading).
MAX_REFERENCES = 100
#: Characters of text or HTML body kept.
MAX_BODY_CHARS = 5 * 1024 * 1024
#: Attachments kept (the inline ones included).
MAX_ATTACHMENTS = 500
#: Bytes of a body part handed to charset detection (detection is the costly step).
MAX_DETECT_BYTES = 64 * 1024
#: Recipients kept from one bounce.
MAX_BOUNCE_RECIPIENTS = 500


class MessageTooLarge(ValueError):
    """The raw message is larger than the limit; nothing was parsed."""

    def __init__(self, size: int, limit: int):
        super().__init__(f"message of {size} bytes exceeds the limit of {limit} bytes")
        self.size = size
        self.limit = limit
