"""The outbox: one row per outgoing e-mail, written in the transaction of its cause (N5).

A row is composed completely when it is written (recipients, subject, bodies, headers and its
Message-ID), so what leaves is exactly what the cause decided, however late it is sent.
Only :mod:`atiende.notify.sender` changes a row after that.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from atiende import clock
from atiende.core.fields import LanguageField


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


#: States in which a row still has to be sent (covered by the partial index below).
WAITING = (OutboxStatus.PENDING, OutboxStatus.SENDING)


class OutboxMessage(models.Model):
    # What makes this message unique for its cause (e.g. "ticket:12:acknowledgement"):
    # writing the same notification twice is refused by the database.
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    # The Message-ID without angle brackets, fixed before the first attempt: every attempt
    # carries the same one, so a receiver can drop a copy sent twice after a crash.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    cause = models.CharField(_("cause"), max_length=64)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    language = LanguageField(_("language"))
    from_address = models.CharField(_("from"), max_length=320)
    to = models.JSONField(_("to"), default=list)
    reply_to = models.CharField(_("reply to"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    in_reply_to = models.CharField(_("In-Reply-To"), max_length=255, blank=True)
    references = models.JSONField(_("References"), default=list, blank=True)
    # Further headers, name → value (Auto-Submitted, X-Atiende-Ticket, …).
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # An acknowledgement's (N2) requester, the id of the contact it answers (NULL on every
    # other row): the mail intake counts the automatic replies a contact got in the last hour
    # from its own index, however many tickets the contact has (C3).
    for_contact = models.BigIntegerField(null=True, blank=True, editable=False)
    # Ids of tickets.Attachment rows sent along (their files are read when the mail is sent).
    attachment_ids = models.JSONField(_("attachments"), default=list, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    # When the row is next due: for a pending row its next attempt, for a row being sent the
    # end of the sender's lease (a sender that died leaves it due again then).
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=clock.now)
    # Set by the sender that claimed the row; only that sender may record its outcome.
    claim_token = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=models.Q(status__in=["pending", "sending"]),
                name="outbox_due_idx",
            ),
            models.Index(fields=["ticket", "id"], name="outbox_ticket_idx"),
            models.Index(
                fields=["ticket"],
                condition=models.Q(status="failed"),
                name="outbox_ticket_failed_idx",
            ),
            models.Index(
                fields=["for_contact", "created_at"],
                condition=models.Q(for_contact__isnull=False),
                name="outbox_contact_recent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cause} <{self.message_id}> ({self.status})"
