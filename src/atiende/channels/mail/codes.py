"""Stable codes of the mail intake: message statuses, pipeline actions, mailbox options."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Received, not yet processed")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Failed (kept for a retry)")
    IGNORED = "ignored", _("Ignored")
    DUPLICATE = "duplicate", _("Duplicate")
    QUARANTINED = "quarantined", _("Quarantined")
    REJECTED = "rejected", _("Rejected")
    BOUNCE = "bounce", _("Delivery failure report")


class Action(models.TextChoices):
    """What the pipeline did with a message (``atiende mail ingest`` prints it)."""

    CREATED = "created", _("Ticket created")
    APPENDED = "appended", _("Added to a ticket")
    DUPLICATE = "duplicate", _("Duplicate")
    IGNORED = "ignored", _("Ignored")
    BOUNCE = "bounce", _("Delivery failure report")
    QUARANTINED = "quarantined", _("Quarantined")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


STATUS_OF_ACTION = {
    Action.CREATED: Status.PROCESSED,
    Action.APPENDED: Status.PROCESSED,
    Action.DUPLICATE: Status.DUPLICATE,
    Action.IGNORED: Status.IGNORED,
    Action.BOUNCE: Status.BOUNCE,
    Action.QUARANTINED: Status.QUARANTINED,
    Action.REJECTED: Status.REJECTED,
    Action.FAILED: Status.FAILED,
}

#: Statuses ``atiende mail failed retry`` may send through the pipeline again.
RETRYABLE = (Status.FAILED, Status.REJECTED, Status.QUARANTINED)


class Security(models.TextChoices):
    TLS = "tls", _("TLS (IMAPS, port 993)")
    STARTTLS = "starttls", _("STARTTLS (port 143)")
    NONE = "none", _("None (loopback only)")


class ProcessedAction(models.TextChoices):
    FLAG = "flag", _("Mark as read (\\Seen)")
    MOVE = "move", _("Move to another folder")


class ThreadRule(models.TextChoices):
    """Which threading rule matched (kept on the message for audits and tests)."""

    HEADERS = "headers", _("In-Reply-To / References")
    MESSAGE_ID = "message_id", _("Same Message-ID")
    SUBJECT_NUMBER = "subject_number", _("Case number in the subject")
    REPLY_ADDRESS = "reply_address", _("Signed reply address")
    SENDER_SUBJECT = "sender_subject", _("Same sender and subject")
