"""Tickets, their messages, attachments and history; workflows and case-number sequences."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from atiende import clock
from atiende.core.fields import PackSlugMixin, pack_slug_constraints
from atiende.tickets.codes import (
    CallDirection,
    CallOutcome,
    Channel,
    EventCode,
    Kind,
    MessageKind,
    StateCategory,
)


class Workflow(PackSlugMixin, models.Model):
    """A set of states and the transitions allowed between them (T4)."""

    slug = models.SlugField(_("slug"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    # Owned by a process pack (names unique within it); empty: the desk's own workflows,
    # such as the built-in ``default``.
    pack = models.ForeignKey(
        "packs.Pack",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process pack"),
    )

    class Meta:
        verbose_name = _("workflow")
        verbose_name_plural = _("workflows")
        constraints = [
            *pack_slug_constraints("workflow"),
        ]

    def __str__(self) -> str:
        return self.name


class State(models.Model):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="states")
    code = models.SlugField(_("code"), max_length=64)
    category = models.CharField(_("category"), max_length=16, choices=StateCategory.choices)
    # Display names by language code, e.g. {"es": "Abierto", "en": "Open"}: configuration data
    # written by administrators (and later process packs), not translatable source strings.
    labels = models.JSONField(_("labels"), default=dict)
    is_initial = models.BooleanField(_("initial"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["workflow", "position"]
        verbose_name = _("state")
        verbose_name_plural = _("states")
        constraints = [
            models.UniqueConstraint(fields=["workflow", "code"], name="state_unique_code"),
            models.UniqueConstraint(
                fields=["workflow"],
                condition=models.Q(is_initial=True),
                name="state_one_initial_per_workflow",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels.get("en") or self.code


class Trigger(models.TextChoices):
    MANUAL = "manual", _("Manual")
    AGENT_REPLY = "agent_reply", _("Agent's public reply")
    CUSTOMER_REPLY = "customer_reply", _("Customer's reply")
    TIMER = "timer", _("Time spent in the state")


class Transition(models.Model):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="transitions")
    source = models.ForeignKey(State, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(State, on_delete=models.CASCADE, related_name="+")
    trigger = models.CharField(
        _("trigger"), max_length=16, choices=Trigger.choices, default=Trigger.MANUAL
    )
    # Trigger ``timer`` (T4): taken automatically once the ticket has been this many minutes
    # (real time) in the source state, e.g. resolved → closed after 48 h.
    after_minutes = models.DecimalField(
        _("after (minutes in the state)"), max_digits=12, decimal_places=3, null=True, blank=True
    )

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "source", "target", "trigger"], name="transition_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target} ({self.trigger})"


class CaseSequence(models.Model):
    """Counter behind case numbers (T1): values only grow, a number is never given twice."""

    key = models.SlugField(max_length=64, unique=True)
    prefix = models.CharField(max_length=16)
    padding = models.PositiveSmallIntegerField(default=6)
    last_value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("case-number sequence")
        verbose_name_plural = _("case-number sequences")

    def __str__(self) -> str:
        return f"{self.key}: {self.prefix} #{self.last_value}"


class Ticket(models.Model):
    number = models.CharField(_("case number"), max_length=32)
    # The process pack the ticket was opened under (kept for life); empty: no pack loaded.
    pack = models.ForeignKey(
        "packs.Pack",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process pack"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    subtype = models.CharField(_("sub-type"), max_length=64, blank=True)
    subject = models.CharField(_("subject"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    urgency = models.CharField(_("urgency"), max_length=32, blank=True)
    impact = models.CharField(_("impact"), max_length=32, blank=True)
    priority = models.CharField(_("priority"), max_length=32, blank=True)
    workflow = models.ForeignKey(Workflow, on_delete=models.PROTECT, related_name="+")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+", db_index=False)
    # When the ticket entered its current state (timed transitions, T4).
    state_entered_at = models.DateTimeField(_("state entered at"), null=True, blank=True)
    # The date the customer asks for, e.g. a training session (K2).
    requested_for = models.DateTimeField(_("requested for"), null=True, blank=True)
    # Stable codes set at intake, e.g. "unofficial_channel" (C4, R4: such tickets get no SLA).
    flags = models.JSONField(_("flags"), default=list, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    # Foreign keys with db_index=False are indexed by the (column, -id) indexes of Meta, or
    # by a partial index when mostly empty: every index costs on each ticket write.
    organisation = models.ForeignKey(
        "customers.Organisation", on_delete=models.PROTECT, related_name="tickets", db_index=False
    )
    requester = models.ForeignKey(
        "customers.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        db_index=False,
    )
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    site = models.ForeignKey(
        "customers.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        db_index=False,
    )
    group = models.ForeignKey(
        "accounts.SupportGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        db_index=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now)
    updated_at = models.DateTimeField(_("updated at"), default=clock.now)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # T5: service restoration (workaround) is recorded apart from the definitive solution.
    workaround = models.TextField(_("workaround"), blank=True)
    workaround_at = models.DateTimeField(_("workaround at"), null=True, blank=True)
    solution = models.TextField(_("definitive solution"), blank=True)
    solution_at = models.DateTimeField(_("solution at"), null=True, blank=True)
    problem = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        limit_choices_to={"kind": Kind.PROBLEM},
        db_index=False,
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        db_index=False,
    )
    # Grows by one with every change: lets editors detect "changed meanwhile".
    version = models.PositiveIntegerField(default=1)
    # SLA (atiende.sla): the policy chosen for the ticket (None: no policy applies) and the
    # earliest due time of its running clocks. Written only by atiende.sla.planner.
    sla_policy = models.ForeignKey(
        "sla.Policy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("SLA policy"),
    )
    next_due_at = models.DateTimeField(_("next SLA due time"), null=True, blank=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            # A constraint rather than unique=True: no second (pattern-matching) index on
            # PostgreSQL, which no query uses.
            models.UniqueConstraint(fields=["number"], name="ticket_number_unique"),
        ]
        indexes = [
            models.Index(fields=["organisation", "-id"], name="ticket_org_id_idx"),
            models.Index(fields=["state", "-id"], name="ticket_state_id_idx"),
            models.Index(fields=["assignee", "-id"], name="ticket_assignee_id_idx"),
            models.Index(fields=["group", "-id"], name="ticket_group_id_idx"),
            models.Index(fields=["requester", "-id"], name="ticket_requester_id_idx"),
            models.Index(fields=["kind", "-id"], name="ticket_kind_id_idx"),
            models.Index(fields=["priority", "-id"], name="ticket_priority_id_idx"),
            models.Index(fields=["service", "-id"], name="ticket_service_id_idx"),
            models.Index(fields=["state", "state_entered_at"], name="ticket_state_entered_idx"),
            models.Index(
                fields=["next_due_at"],
                condition=models.Q(next_due_at__isnull=False),
                name="ticket_next_due_idx",
            ),
            *(
                models.Index(
                    fields=[name], condition=models.Q(**{f"{name}__isnull": False}), name=index
                )
                for name, index in (
                    ("site", "ticket_site_idx"),
                    ("problem", "ticket_problem_idx"),
                    ("merged_into", "ticket_merged_into_idx"),
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"


class Message(models.Model):
    # Indexed by message_ticket_idx (ticket, id).
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author_contact = models.ForeignKey(
        "customers.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    text = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML (sanitised)"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["ticket", "id"], name="message_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.kind} message {self.pk} on ticket {self.ticket_id}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Stored under a content-addressed name: the client's file name is kept only as data.
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class HistoryEvent(models.Model):
    """One change to a ticket (T14): stable code and data; text is rendered when shown."""

    # Indexed by history_ticket_idx (ticket, id).
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="history", db_index=False
    )
    code = models.CharField(max_length=48, choices=EventCode.choices)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("history event")
        verbose_name_plural = _("history events")
        indexes = [models.Index(fields=["ticket", "id"], name="history_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.code} on ticket {self.ticket_id}"


class CallDuration:
    """Minutes and seconds of ``duration_seconds`` (a phone call, or a row read for its
    timeline entry)."""

    __slots__ = ()

    @property
    def minutes(self) -> int:
        return self.duration_seconds // 60

    @property
    def seconds(self) -> int:
        return self.duration_seconds % 60


class PhoneCall(CallDuration, models.Model):
    """A call with the customer, logged by an agent (C2); the figures of C6 come from these.

    Every call produces one message on the ticket (``message``, channel phone): the call is
    part of the timeline like any other exchange.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="phone_calls")
    message = models.OneToOneField(
        Message, on_delete=models.CASCADE, related_name="phone_call", verbose_name=_("message")
    )
    direction = models.CharField(_("direction"), max_length=8, choices=CallDirection.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=CallOutcome.choices)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    called_at = models.DateTimeField(_("call time"), default=clock.now)

    class Meta:
        ordering = ["called_at", "id"]
        verbose_name = _("phone call")
        verbose_name_plural = _("phone calls")
        indexes = [models.Index(fields=["ticket", "id"], name="phonecall_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.direction} call on ticket {self.ticket_id}"


class TimeEntry(models.Model):
    """Time worked on a ticket (T12): minutes, a note, billable or not, who and when."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="time_entries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    minutes = models.PositiveIntegerField(_("minutes"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    billable = models.BooleanField(_("billable"), default=False)
    worked_at = models.DateTimeField(_("when"), default=clock.now)
    created_at = models.DateTimeField(_("created at"), default=clock.now)

    class Meta:
        ordering = ["worked_at", "id"]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        indexes = [models.Index(fields=["ticket", "id"], name="timeentry_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.minutes} min on ticket {self.ticket_id}"


class CannedResponse(models.Model):
    """A ready-made reply text of a support group (empty group: every group's).

    The text may hold placeholders such as ``{case_number}`` or ``{requester_name}``
    (``tickets.canned.PLACEHOLDERS``); they are replaced by plain values, never evaluated.
    """

    name = models.CharField(_("name"), max_length=120)
    group = models.ForeignKey(
        "accounts.SupportGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="canned_responses",
        verbose_name=_("support group"),
        help_text=_("Leave empty to offer it to every group."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Leave empty for a text offered whatever the ticket's language."),
    )
    text = models.TextField(_("text"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from atiende.tickets.canned import check_placeholders

        check_placeholders(self.text)
