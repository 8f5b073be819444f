"""Tickets in and out: list rows, the detail with messages and history, action bodies."""

from collections.abc import Mapping

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from atiende.accounts.access import groups_visible_to, users_visible_to
from atiende.api.fields import (
    IdLookup,
    IdOrNameLookup,
    Text,
    uploads,
    version_field,
)
from atiende.api.serializers import (
    ContactRef,
    GroupRef,
    OrganisationRef,
    ServiceRef,
    SiteRef,
    StrictSerializer,
    TicketRef,
    UserRef,
)
from atiende.catalog.access import services_visible_to
from atiende.customers.access import (
    contact_with_organisation,
    contacts_visible_to,
    may_see_organisation,
    organisations_visible_to,
    sites_visible_to,
)
from atiende.sla.models import ClockState
from atiende.tickets import history
from atiende.tickets.access import tickets_visible_to
from atiende.tickets.codes import Channel, Kind

# Channels staff may log a ticket under (a phone call, a visit, ...); customers use "api".
STAFF_CHANNELS = [c for c in Channel.values if c not in (Channel.SYSTEM, Channel.CLI)]
STAFF_ONLY_CREATE_FIELDS = ("channel", "group", "assignee")


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


# --- out -----------------------------------------------------------------------------------
#
# The serializer classes below document the answers (the OpenAPI schema is generated from
# them). Rows are rendered by the plain functions that follow them (``to_representation``
# calls them): DRF's field-by-field rendering, with its nested serializers and per-instance
# copies of the declared fields, cost about half of a list answer. Each function gives what
# the fields would; tests/api/test_representation.py compares the two.


def _when(value) -> str | None:
    """A DateTimeField's output: ISO 8601 in the current time zone, ``Z`` for UTC."""
    if not value:
        return None
    text = value.astimezone(timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _user(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "name": user.get_full_name() or user.username}


def _contact(contact) -> dict | None:
    if contact is None:
        return None
    return {"id": contact.pk, "name": contact.name, "email": contact.email}


def _slugged(item, slug: str = "slug") -> dict | None:
    if item is None:
        return None
    return {"id": item.pk, slug: getattr(item, slug), "name": item.name}


def _ticket_ref(ticket) -> dict | None:
    return {"id": ticket.pk, "number": ticket.number} if ticket is not None else None


class StateSerializer(serializers.Serializer):
    code = serializers.CharField()
    category = serializers.CharField()
    label = serializers.SerializerMethodField()

    def get_label(self, state) -> str:
        return state.label(_language())


class TicketSerializer(serializers.Serializer):
    """A ticket as a list row."""

    id = serializers.IntegerField()
    number = serializers.CharField(help_text=gettext_lazy("The case number (T1)."))
    url = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    subtype = serializers.CharField()
    subject = serializers.CharField()
    state = StateSerializer()
    priority = serializers.CharField()
    urgency = serializers.CharField()
    impact = serializers.CharField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    organisation = OrganisationRef()
    requester = ContactRef(allow_null=True)
    service = ServiceRef(allow_null=True)
    assignee = UserRef(allow_null=True)
    group = GroupRef(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    first_response_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField(
        help_text=gettext_lazy("Grows with every change; send it back to detect conflicts.")
    )
    next_due_at = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The earliest due time of the ticket's running SLA clocks; null when none runs, "
            "and always null for customers."
        )
    )

    def get_url(self, ticket) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api-ticket-detail", args=[ticket.pk])
        )

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_next_due_at(self, ticket) -> str | None:
        if ticket.next_due_at is None or not self.context["request"].user.is_agent:
            return None
        return serializers.DateTimeField().to_representation(ticket.next_due_at)

    def to_representation(self, ticket) -> dict:
        return ticket_row(ticket, self.context["request"])


def ticket_row(ticket, request) -> dict:
    """What :class:`TicketSerializer` renders for ``ticket``."""
    state = ticket.state
    staff = request.user.is_agent
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "url": request.build_absolute_uri(reverse("api-ticket-detail", args=[ticket.pk])),
        "kind": ticket.kind,
        "subtype": ticket.subtype,
        "subject": ticket.subject,
        "state": {
            "code": state.code,
            "category": state.category,
            "label": state.label(_language()),
        },
        "priority": ticket.priority,
        "urgency": ticket.urgency,
        "impact": ticket.impact,
        "channel": ticket.channel,
        "organisation": _slugged(ticket.organisation),
        "requester": _contact(ticket.requester),
        "service": _slugged(ticket.service, "code"),
        "assignee": _user(ticket.assignee),
        "group": _slugged(ticket.group),
        "created_at": _when(ticket.created_at),
        "updated_at": _when(ticket.updated_at),
        "first_response_at": _when(ticket.first_response_at),
        "resolved_at": _when(ticket.resolved_at),
        "closed_at": _when(ticket.closed_at),
        "version": ticket.version,
        "next_due_at": _when(ticket.next_due_at) if staff else None,
    }


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    message = serializers.IntegerField(source="message_id", allow_null=True)
    filename = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, attachment) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api-attachment-download", args=[attachment.pk])
        )

    def to_representation(self, attachment) -> dict:
        return attachment_data(attachment, self.context["request"])


def attachment_data(attachment, request) -> dict:
    """What :class:`AttachmentSerializer` renders."""
    return {
        "id": attachment.pk,
        "message": attachment.message_id,
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "created_at": _when(attachment.created_at),
        "download_url": request.build_absolute_uri(
            reverse("api-attachment-download", args=[attachment.pk])
        ),
    }


class SlaClockSerializer(serializers.Serializer):
    """One SLA clock (``sla.queries.ClockView``); times in the caller's time zone.

    Customers read only the first response and the resolution, without warnings or breaches:
    ``remaining_seconds``, ``warned``, ``breached``, ``at_risk`` and ``explain_url`` are null
    for them, and a clock past its due time reads ``running``.
    """

    name = serializers.CharField(
        help_text=gettext_lazy(
            "The target: first_response, update, resolution or a stage name (e.g. diagnosis)."
        )
    )
    cycle = serializers.IntegerField(
        help_text=gettext_lazy("1, or the cycle of a recurring target (update).")
    )
    state = serializers.ChoiceField(choices=ClockState.choices)
    due_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("Null while paused or not started.")
    )
    remaining_seconds = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Business seconds left before the due time, negative once overdue; while paused, "
            "what is left when it resumes. Null when met, stopped or not started."
        )
    )
    warned = serializers.SerializerMethodField(
        help_text=gettext_lazy("The warning before the breach was raised.")
    )
    breached = serializers.SerializerMethodField(help_text=gettext_lazy("The due time was missed."))
    at_risk = serializers.SerializerMethodField(
        help_text=gettext_lazy("Running, past its warning time and not yet due.")
    )
    paused = serializers.BooleanField()
    paused_since = serializers.DateTimeField(allow_null=True)
    met_at = serializers.DateTimeField(allow_null=True)
    explain_url = serializers.SerializerMethodField(
        help_text=gettext_lazy("Why the due time is what it is (staff).")
    )

    def _staff(self) -> bool:
        return self.context["request"].user.is_agent

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_remaining_seconds(self, clock) -> int | None:
        if not self._staff() or clock.remaining_seconds is None:
            return None
        return round(clock.remaining_seconds)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_warned(self, clock) -> bool | None:
        return clock.warned if self._staff() else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_breached(self, clock) -> bool | None:
        return clock.breached if self._staff() else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_at_risk(self, clock) -> bool | None:
        return clock.at_risk if self._staff() else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_explain_url(self, clock) -> str | None:
        if not self._staff():
            return None
        path = reverse("api-ticket-sla-explain", args=[self.context["ticket"].pk, clock.name])
        return self.context["request"].build_absolute_uri(path)

    def to_representation(self, clock) -> dict:
        return clock_data(clock, self.context["ticket"], self.context["request"])


def clock_data(clock, ticket, request) -> dict:
    """What :class:`SlaClockSerializer` renders for a ``sla.queries.ClockView``."""
    staff = request.user.is_agent
    remaining = clock.remaining_seconds
    explain = None
    if staff:
        path = reverse("api-ticket-sla-explain", args=[ticket.pk, clock.name])
        explain = request.build_absolute_uri(path)
    return {
        "name": clock.name,
        "cycle": clock.cycle,
        "state": clock.state,
        "due_at": _when(clock.due_at),
        "remaining_seconds": round(remaining) if staff and remaining is not None else None,
        "warned": clock.warned if staff else None,
        "breached": clock.breached if staff else None,
        "at_risk": clock.at_risk if staff else None,
        "paused": bool(clock.paused),
        "paused_since": _when(clock.paused_since),
        "met_at": _when(clock.met_at),
        "explain_url": explain,
    }


class SlaSerializer(serializers.Serializer):
    policy = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy(
            "The slug of the SLA policy; null when no policy applies (no SLA), and always "
            "null for customers."
        ),
    )
    clocks = SlaClockSerializer(many=True)


class SlaStepSerializer(serializers.Serializer):
    """One stretch of time between a clock's start and its due time (``businesstime.Step``)."""

    # A plain string: an enum here would collide with the ticket's "kind" enum in the schema.
    kind = serializers.CharField(
        help_text=gettext_lazy(
            "counted, or why the stretch does not count: after_hours, closed_day, holiday, "
            "closed_date, pause"
        )
    )
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    counted_seconds = serializers.SerializerMethodField(
        help_text=gettext_lazy("Business seconds counted in this step (0 when skipped).")
    )
    total_seconds = serializers.SerializerMethodField(
        help_text=gettext_lazy("Business seconds counted from the start to the end of this step.")
    )
    holiday = serializers.CharField(allow_null=True)
    days = serializers.ListField(child=serializers.DateField())
    text = serializers.CharField(
        help_text=gettext_lazy(
            "The step in words, in the request's language; its times are in the calendar's "
            "time zone."
        )
    )

    def get_counted_seconds(self, step) -> float:
        return step.counted.total_seconds()

    def get_total_seconds(self, step) -> float:
        return step.total.total_seconds()


class SlaExplanationSerializer(serializers.Serializer):
    clock = SlaClockSerializer()
    steps = SlaStepSerializer(
        many=True,
        help_text=gettext_lazy(
            "Counted and skipped stretches from the start to the due time, pauses included "
            "(S12); empty when the clock has not started."
        ),
    )


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text=gettext_lazy("public, internal (staff only) or system"))
    author = UserRef(allow_null=True)
    author_contact = ContactRef(allow_null=True)
    channel = serializers.CharField()
    text = serializers.CharField()
    html = serializers.CharField()
    created_at = serializers.DateTimeField()

    def to_representation(self, message) -> dict:
        return message_data(message)


def message_data(message) -> dict:
    """What :class:`MessageSerializer` renders."""
    return {
        "id": message.pk,
        "kind": message.kind,
        "author": _user(message.author),
        "author_contact": _contact(message.author_contact),
        "channel": message.channel,
        "text": message.text,
        "html": message.html,
        "created_at": _when(message.created_at),
    }


class HistoryEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    data = serializers.DictField()
    actor = UserRef(allow_null=True)
    channel = serializers.CharField()
    created_at = serializers.DateTimeField()
    text = serializers.SerializerMethodField()

    def get_text(self, event) -> str:
        return history.render(event)

    def to_representation(self, event) -> dict:
        return event_data(event)


def event_data(event) -> dict:
    """What :class:`HistoryEventSerializer` renders."""
    return {
        "id": event.pk,
        "code": event.code,
        "data": {str(key): value for key, value in event.data.items()},
        "actor": _user(event.actor),
        "channel": event.channel,
        "created_at": _when(event.created_at),
        "text": history.render(event),
    }


class TicketDetailSerializer(TicketSerializer):
    """A ticket with its messages, attachments and history (T14), as the caller may see it."""

    # The view sets ``visible_messages``, ``visible_attachments`` and ``visible_history`` on
    # the ticket: what the requesting user may read, fetched with one query each.

    description = serializers.CharField()
    site = SiteRef(allow_null=True)
    problem = serializers.SerializerMethodField(
        help_text=gettext_lazy("The problem this ticket is linked to (T7); null for customers.")
    )
    merged_into = TicketRef(allow_null=True)
    workaround = serializers.CharField()
    workaround_at = serializers.DateTimeField(allow_null=True)
    solution = serializers.CharField()
    solution_at = serializers.DateTimeField(allow_null=True)
    pack = serializers.CharField(
        source="pack.name",
        allow_null=True,
        help_text=gettext_lazy(
            "Name of the process pack the ticket was opened under (kept for life); null when "
            "no pack was loaded."
        ),
    )
    flags = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy(
            "Codes set at intake, e.g. unofficial_channel: the ticket arrived through a "
            "channel that does not count for the service levels (C4, R4)."
        ),
    )
    requested_for = serializers.DateTimeField(
        allow_null=True,
        help_text=gettext_lazy("The date the customer asks for (K2), e.g. a training session."),
    )
    messages = MessageSerializer(many=True, source="visible_messages")
    attachments = AttachmentSerializer(many=True, source="visible_attachments")
    history = HistoryEventSerializer(many=True, source="visible_history")
    sla = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Service levels (S3-S12): the policy and its clocks. Customers see the first "
            "response and the resolution due times only."
        )
    )

    # The view also sets ``sla_clocks``: ``sla.queries.clocks_visible_to`` for the caller.

    @extend_schema_field(SlaSerializer)
    def get_sla(self, ticket) -> dict:
        staff = self.context["request"].user.is_agent
        policy = ticket.sla_policy.slug if staff and ticket.sla_policy_id else None
        context = {**self.context, "ticket": ticket}
        return SlaSerializer({"policy": policy, "clocks": ticket.sla_clocks}, context=context).data

    @extend_schema_field(TicketRef(allow_null=True))
    def get_problem(self, ticket):
        if ticket.problem is None or not self.context["request"].user.is_agent:
            return None
        return TicketRef(ticket.problem).data

    def to_representation(self, ticket) -> dict:
        return ticket_detail_row(ticket, self.context["request"])


def ticket_detail_row(ticket, request) -> dict:
    """What :class:`TicketDetailSerializer` renders (the view has set ``visible_messages``,
    ``visible_attachments``, ``visible_history`` and ``sla_clocks`` on the ticket)."""
    staff = request.user.is_agent
    policy = ticket.sla_policy.slug if staff and ticket.sla_policy_id else None
    return {
        **ticket_row(ticket, request),
        "description": ticket.description,
        "site": {"id": ticket.site.pk, "name": ticket.site.name} if ticket.site else None,
        "problem": _ticket_ref(ticket.problem) if staff else None,
        "merged_into": _ticket_ref(ticket.merged_into),
        "workaround": ticket.workaround,
        "workaround_at": _when(ticket.workaround_at),
        "solution": ticket.solution,
        "solution_at": _when(ticket.solution_at),
        "pack": ticket.pack.name if ticket.pack_id is not None else None,
        "flags": [str(flag) for flag in ticket.flags or []],
        "requested_for": _when(ticket.requested_for),
        "messages": [message_data(message) for message in ticket.visible_messages],
        "attachments": [attachment_data(item, request) for item in ticket.visible_attachments],
        "history": [event_data(event) for event in ticket.visible_history],
        "sla": {
            "policy": policy,
            "clocks": [clock_data(clock, ticket, request) for clock in ticket.sla_clocks],
        },
    }


class IntakeSerializer(serializers.Serializer):
    flags = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy("The flags the intake set (as the ticket's flags)."),
    )
    message = serializers.CharField(
        allow_null=True,
        help_text=gettext_lazy(
            "The pack's message for the customer, in the caller's language (e.g. that the "
            "channel does not count for the service levels, C4); null when it has none."
        ),
    )


class TicketCreatedSerializer(TicketDetailSerializer):
    """The 201 answer of a creation: the ticket, and what the pack's intake rules said."""

    intake = IntakeSerializer(
        help_text=gettext_lazy("What the process pack's intake rules said (T8, K2, C4).")
    )

    def to_representation(self, ticket) -> dict:
        return ticket_created_row(ticket, self.context["request"])


def ticket_created_row(ticket, request) -> dict:
    """What :class:`TicketCreatedSerializer` renders (a ticket ``open_ticket`` returned)."""
    return {
        **ticket_detail_row(ticket, request),
        "intake": {
            "flags": [str(flag) for flag in ticket.flags or []],
            "message": getattr(ticket, "intake_message", None) or None,
        },
    }


class MessagePostedSerializer(serializers.Serializer):
    message = MessageSerializer()
    ticket = TicketSerializer()


class AttachmentsAddedSerializer(serializers.Serializer):
    attachments = AttachmentSerializer(many=True)
    ticket = TicketSerializer()


# --- in ------------------------------------------------------------------------------------


class TicketCreateSerializer(StrictSerializer):
    """Open a ticket (T1, T8).

    Customers open tickets for their own organisation; the requester is their own contact
    unless a customer administrator names another contact of the organisation. Staff name
    the organisation (id or slug) and the requester contact.
    """

    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.INCIDENT)
    subtype = Text(required=False, allow_blank=True, max_length=64)
    subject = Text(max_length=1000)
    description = Text(required=False, allow_blank=True, trim_whitespace=False, default="")
    description_html = Text(required=False, allow_blank=True, trim_whitespace=False)
    urgency = Text(required=False, allow_blank=True, max_length=32)
    impact = Text(required=False, allow_blank=True, max_length=32)
    priority = Text(required=False, allow_blank=True, max_length=32)
    organisation = IdOrNameLookup(
        organisations_visible_to,
        noun=gettext_lazy("organisation"),
        name_field="slug",
        name_label=gettext_lazy("slug"),
        required=False,
        help_text=gettext_lazy("Id or slug. Staff must give it; customers get their own."),
    )
    requester = IdLookup(
        contacts_visible_to,
        noun=gettext_lazy("contact"),
        required=False,
        help_text=gettext_lazy("Contact id. Staff must give it; customers default to themselves."),
    )
    service = IdOrNameLookup(
        services_visible_to,
        noun=gettext_lazy("service"),
        name_field="code",
        name_label=gettext_lazy("code"),
        required=False,
        allow_null=True,
    )
    site = IdLookup(sites_visible_to, noun=gettext_lazy("site"), required=False, allow_null=True)
    group = IdOrNameLookup(
        groups_visible_to,
        noun=gettext_lazy("support group"),
        name_field="slug",
        name_label=gettext_lazy("slug"),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Staff only."),
    )
    assignee = IdOrNameLookup(
        users_visible_to,
        noun=gettext_lazy("user"),
        name_field="username",
        name_label=gettext_lazy("user name"),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Staff only."),
    )
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        required=False,
        help_text=gettext_lazy(
            "Staff only: where the report came from (default api; not system or cli)."
        ),
    )
    attachments = uploads(help_text=gettext_lazy("Files, with multipart/form-data."))
    requested_for = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "The date the customer asks for (e.g. a training session); sub-types with a lead "
            "time require it (K2)."
        ),
    )

    def validate_channel(self, value: str) -> str:
        if value not in STAFF_CHANNELS:
            raise serializers.ValidationError(
                _("Use one of %(channels)s.") % {"channels": ", ".join(STAFF_CHANNELS)},
                code="invalid_choice",
            )
        return value

    def known_object(self, field_name: str, lookup: dict):
        """The requester's organisation, read with the requester (one query for both)."""
        contact = self._requester_read
        if contact is None:
            return None
        if field_name == "requester":
            return contact if lookup == {"pk": contact.pk} else None
        organisation = contact.organisation
        if field_name == "organisation" and lookup in (
            {"pk": organisation.pk},
            {"slug": organisation.slug},
        ):
            user = self.context["request"].user
            return organisation if may_see_organisation(user, organisation) else None
        return None

    def _read_requester(self, data) -> None:
        """Read the requester contact with its organisation when both fields are given."""
        self._requester_read = None
        if not isinstance(data, Mapping) or "organisation" not in data or "requester" not in data:
            return
        try:
            lookup = self.fields["requester"].lookup_for(data["requester"])
        except serializers.ValidationError:
            return  # reported by the field itself
        user = self.context["request"].user
        self._requester_read = contact_with_organisation(user, lookup["pk"])

    def to_internal_value(self, data):
        user = self.context["request"].user
        self._read_requester(data)
        staff_only = {}
        if user.is_customer and isinstance(data, Mapping):
            message = _("Only support staff may set this field.")
            staff_only = {name: [message] for name in STAFF_ONLY_CREATE_FIELDS if name in data}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if staff_only and isinstance(exc.detail, Mapping):
                raise serializers.ValidationError({**exc.detail, **staff_only}) from None
            raise
        if staff_only:
            raise serializers.ValidationError(staff_only, code="staff_only")
        return value

    def validate(self, attrs):
        user = self.context["request"].user
        if user.is_customer:
            attrs.setdefault("organisation", user.organisation)
            attrs.setdefault("requester", user.contact)
            return attrs
        missing = [name for name in ("organisation", "requester") if name not in attrs]
        if missing:
            message = _("Support staff must give this field.")
            raise serializers.ValidationError(
                {name: [message] for name in missing}, code="required"
            )
        return attrs


class ReplySerializer(StrictSerializer):
    text = Text(required=False, allow_blank=True, trim_whitespace=False, default="")
    html = Text(required=False, allow_blank=True, trim_whitespace=False, default="")
    attachments = uploads(help_text=gettext_lazy("Files, with multipart/form-data."))
    version = version_field()


class TransitionSerializer(StrictSerializer):
    state = Text(max_length=64, help_text=gettext_lazy("The code of the state to move to."))
    reason = Text(required=False, allow_blank=True, default="", max_length=1000)
    version = version_field()


class AssignSerializer(StrictSerializer):
    """Leave a field out to keep it; ``null`` clears it."""

    assignee = IdOrNameLookup(
        users_visible_to,
        noun=gettext_lazy("user"),
        name_field="username",
        name_label=gettext_lazy("user name"),
        required=False,
        allow_null=True,
    )
    group = IdOrNameLookup(
        groups_visible_to,
        noun=gettext_lazy("support group"),
        name_field="slug",
        name_label=gettext_lazy("slug"),
        required=False,
        allow_null=True,
    )
    version = version_field()


class PrioritySerializer(StrictSerializer):
    """Urgency and impact (the priority follows from the matrix, T3), or the priority alone."""

    urgency = Text(required=False, max_length=32)
    impact = Text(required=False, max_length=32)
    priority = Text(required=False, allow_blank=True, max_length=32)
    version = version_field()


def _ticket_lookup(**kwargs) -> IdOrNameLookup:
    return IdOrNameLookup(
        tickets_visible_to,
        noun=gettext_lazy("ticket"),
        name_field="number",
        name_label=gettext_lazy("case number"),
        **kwargs,
    )


class LinkProblemSerializer(StrictSerializer):
    problem = _ticket_lookup(help_text=gettext_lazy("Id or case number of a problem ticket."))
    version = version_field()


class MergeSerializer(StrictSerializer):
    into = _ticket_lookup(help_text=gettext_lazy("Id or case number of the ticket to keep."))
    version = version_field()


class ResolutionTextSerializer(StrictSerializer):
    text = Text(trim_whitespace=False)
    version = version_field()


class AttachmentUploadSerializer(StrictSerializer):
    attachments = uploads(required=True, help_text=gettext_lazy("One or more files."))
    version = version_field()
