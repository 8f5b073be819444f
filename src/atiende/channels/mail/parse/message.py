"""What the parser returns: plain dataclasses, no behaviour, no database."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Classification = Literal["normal", "auto_reply", "bounce", "feedback_report"]
Address = tuple[str, str]  # (display name, address); either may be ""

#: Bounce reasons that mean the address itself is dead (sisimai's "hard bounce" reasons).
HARD_REASONS = frozenset({"userunknown", "hostunknown", "hasmoved", "notaccept"})


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes = field(repr=False)
    content_id: str = ""  # without <>; "" when the part has none
    inline: bool = False  # shown inside the HTML body (cid: image) rather than listed
    sha256: str = ""

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True)
class BounceRecipient:
    address: str
    status: str = ""  # RFC 3463 enhanced status code, e.g. "5.1.1"; "" when unknown
    code: str = ""  # SMTP reply code, e.g. "550"; "" when unknown
    reason: str = ""  # a stable word: userunknown, mailboxfull, hostunknown, … (classify.py)
    action: str = "failed"  # failed | delayed (RFC 3464 Action)
    diagnostic: str = ""  # the remote server's words, shortened

    @property
    def hard(self) -> bool:
        """The address itself is dead: stop writing to it (not: try again later)."""
        if self.reason == "notaccept" and self.status.startswith("4"):
            return False  # "does not accept mail" said as a temporary failure
        return self.action == "failed" and self.reason in HARD_REASONS


@dataclass(frozen=True)
class BounceInfo:
    recipients: list[BounceRecipient]
    original_message_id: str = ""  # Message-ID of the mail that bounced, without <>
    standard: bool = True  # an RFC 3464 delivery-status report (not a heuristic guess)

    @property
    def hard(self) -> bool:
        return any(r.hard for r in self.recipients)


@dataclass
class ParsedMessage:
    message_id: str = ""  # without <>; "" when the message has none (never synthesised)
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    subject: str = ""
    from_address: str = ""
    from_name: str = ""
    reply_to: list[Address] = field(default_factory=list)
    sender: str = ""  # the Sender: address, when different from From
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    date: datetime | None = None
    text: str = ""  # the whole plain-text body (from HTML when there is no text part)
    html: str = ""  # sanitised HTML body, or ""
    visible_text: str = ""  # text without quoted history and signature
    attachments: list[Attachment] = field(default_factory=list)
    auto_submitted: str = ""
    precedence: str = ""
    list_id: str = ""
    return_path: str | None = None  # None: no header; "": the null path <>
    x_headers: dict[str, str] = field(default_factory=dict)  # lower-case name → value
    classification: Classification = "normal"
    bounce: BounceInfo | None = None
    defects: list[str] = field(default_factory=list)
    size: int = 0

    @property
    def is_automatic(self) -> bool:
        """Anything a person did not write: never answer it automatically (loop guard)."""
        return self.classification != "normal"
