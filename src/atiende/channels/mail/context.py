"""What the mail pipeline's filters share: the :class:`Context` they read and fill, and
the :class:`Outcome` a filter returns to end the pipeline."""

from dataclasses import dataclass, field
from datetime import datetime

from atiende.accounts.models import User
from atiende.channels.mail.codes import STATUS_OF_ACTION
from atiende.channels.mail.lookups import Facts
from atiende.channels.mail.models import InboundMessage
from atiende.channels.mail.parse import ParsedMessage
from atiende.customers.models import Contact
from atiende.tickets.models import Message, Ticket


@dataclass
class Outcome:
    action: str
    reason: str = ""
    detail: str = ""
    ticket: Ticket | None = None
    message: Message | None = None

    @property
    def status(self) -> str:
        return STATUS_OF_ACTION[self.action]

    def as_dict(self) -> dict:
        """What ``atiende mail ingest`` prints."""
        return {
            "action": self.action,
            "ticket": self.ticket.number if self.ticket is not None else None,
            "reason": self.reason or None,
        }


@dataclass
class Context:
    inbound: InboundMessage
    raw: bytes
    now: datetime
    parsed: ParsedMessage = field(default_factory=ParsedMessage)
    # Envelope recipients the MTA recorded (Delivered-To, X-Original-To, the pipe argument).
    envelope_to: list[str] = field(default_factory=list)
    # Who wrote it (From). ``contacts``: active contacts with that address, best first.
    address: str = ""
    name: str = ""
    contacts: list[Contact] = field(default_factory=list)
    agent: User | None = None  # a staff user with that address (not proof of anything)
    # Set when an agent forwarded a customer's mail: the ticket is for the original sender.
    forwarded_by: User | None = None
    forward_preface: str = ""
    subject: str = ""
    text: str = ""
    # Threading.
    ticket: Ticket | None = None
    thread_rule: str = ""
    token_ticket_id: int | None = None  # the ticket named by a signed reply address
    refused_ticket: Ticket | None = None  # a match the guard refused (logged)
    follow_up_of: Ticket | None = None  # the closed ticket this mail follows up
    reopen_state: str = ""  # reopen the closed ticket into this state first (closed.py)
    acting_agent: User | None = None  # an agent proven by the ticket's signed reply address
    # Who the ticket or message is for.
    contact: Contact | None = None
    # Automatic replies (acknowledgements, notices) may be sent for this message.
    auto_reply: bool = True
    automatic: bool = False  # written by a machine (Auto-Submitted, Precedence, …)
    auto_response: bool = False  # an out-of-office style answer (RFC 3834 auto-replied)
    notes: list[str] = field(default_factory=list)
    # Facts several filters ask for, looked up once per message (lookups.facts).
    facts: Facts | None = None

    def note(self, text: str) -> None:
        self.notes.append(text)
