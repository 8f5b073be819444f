"""Mailboxes, every inbound message (stored raw before anything else) and address health."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from atiende import clock
from atiende.channels.mail.codes import Action, ProcessedAction, Security, Status, ThreadRule


class Mailbox(models.Model):
    """An IMAP mailbox the desk reads. The password is never stored: ``password_env`` names
    the environment variable (or ``<NAME>_FILE``) that holds it."""

    name = models.SlugField(_("name"), max_length=64, unique=True)
    host = models.CharField(_("IMAP host"), max_length=255)
    port = models.PositiveIntegerField(_("port"), default=993)
    security = models.CharField(
        _("connection security"), max_length=16, choices=Security.choices, default=Security.TLS
    )
    username = models.CharField(_("user name"), max_length=255)
    password_env = models.CharField(
        _("password variable"),
        max_length=100,
        help_text=_("Name of the environment variable that holds the password."),
    )
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    processed_action = models.CharField(
        _("after processing"),
        max_length=8,
        choices=ProcessedAction.choices,
        default=ProcessedAction.FLAG,
    )
    processed_folder = models.CharField(
        _("move processed mail to"), max_length=255, blank=True, default="Processed"
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Where reading stopped: UIDs are only meaningful together with the folder's UIDVALIDITY.
    uidvalidity = models.BigIntegerField(_("UIDVALIDITY"), null=True, blank=True)
    last_uid = models.BigIntegerField(_("last UID read"), default=0)
    last_polled_at = models.DateTimeField(_("last polled at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return self.name


class InboundMessage(models.Model):
    """One message as it arrived. Written before anything else is done with it; the same
    message delivered twice (same IMAP UID, or same Message-ID and content hash) is stored
    once."""

    source = models.CharField(_("source"), max_length=300)
    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    uid = models.BigIntegerField(null=True, blank=True)
    # The raw message (RFC 5322 bytes). Over ATIENDE_MAIL_MAX_BYTES only the header section
    # is kept (``truncated``) so that the refusal can still be explained and audited.
    raw = models.BinaryField()
    truncated = models.BooleanField(default=False)
    size = models.PositiveBigIntegerField(_("size"))
    # SHA-256 of the originator headers and the body (see receive.content_hash): the same
    # message delivered again along another path hashes the same.
    sha256 = models.CharField(max_length=64)
    message_id = models.CharField(_("Message-ID"), max_length=998, blank=True)
    envelope_to = models.CharField(max_length=320, blank=True)
    # Read from the message when it is processed, for threading and listings.
    from_address = models.CharField(_("from"), max_length=320, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    subject_key = models.CharField(max_length=250, blank=True)
    body_key = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices, blank=True)
    reason = models.CharField(_("reason"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    thread_rule = models.CharField(max_length=16, choices=ThreadRule.choices, blank=True)
    # The address an explanatory notice (a refusal) was sent to, if any: counted by the
    # hourly limit of automatic replies together with the outbox's acknowledgements.
    notice_to = models.CharField(max_length=320, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_mail",
    )
    created_message = models.ForeignKey(
        "tickets.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    received_at = models.DateTimeField(_("received at"), default=clock.now)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    # IMAP only: when the message was flagged or moved on the server after being stored.
    server_done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity", "uid"],
                condition=models.Q(uid__isnull=False),
                name="inbound_unique_imap_uid",
            ),
            models.UniqueConstraint(
                fields=["message_id", "sha256"], name="inbound_unique_message_content"
            ),
        ]
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(status__in=[Status.RECEIVED, Status.FAILED]),
                name="inbound_pending_idx",
            ),
            models.Index(fields=["message_id"], name="inbound_message_id_idx"),
            models.Index(
                fields=["from_address", "subject_key", "-received_at"],
                name="inbound_sender_subject_idx",
            ),
            models.Index(fields=["ticket", "from_address"], name="inbound_ticket_sender_idx"),
            models.Index(
                fields=["notice_to", "received_at"],
                condition=~models.Q(notice_to=""),
                name="inbound_notice_idx",
            ),
            models.Index(
                fields=["mailbox", "id"],
                condition=models.Q(server_done_at__isnull=True, uid__isnull=False),
                name="inbound_server_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"inbound #{self.pk} {self.status} <{self.message_id}>"


class MailAddress(models.Model):
    """What the desk knows about an address it writes to: failing after a hard bounce."""

    address = models.CharField(_("address"), max_length=320, unique=True)  # lower-case
    failing = models.BooleanField(_("failing"), default=False)
    bounces = models.PositiveIntegerField(_("bounces"), default=0)
    last_bounce_at = models.DateTimeField(_("last bounce at"), null=True, blank=True)
    last_bounce_reason = models.CharField(_("last bounce reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["address"]
        verbose_name = _("mail address")
        verbose_name_plural = _("mail addresses")

    def __str__(self) -> str:
        return self.address
