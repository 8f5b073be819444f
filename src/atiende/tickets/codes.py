"""Stable codes used by tickets: kinds, channels, message kinds, state categories, events."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    REQUEST = "request", _("Service request")
    PROBLEM = "problem", _("Problem")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Portal")
    WHATSAPP = "whatsapp", _("WhatsApp")
    API = "api", _("API")
    WEB = "web", _("Agent desk")
    FIELD = "field", _("In person / field")
    SYSTEM = "system", _("System")
    CLI = "cli", _("Command line")


class MessageKind(models.TextChoices):
    PUBLIC = "public", _("Public reply")
    INTERNAL = "internal", _("Internal note")
    SYSTEM = "system", _("System message")


class StateCategory(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_CATEGORIES = (StateCategory.NEW, StateCategory.OPEN, StateCategory.PENDING)


class EventCode(models.TextChoices):
    CREATED = "ticket.created", _("Ticket created")
    REPLIED = "ticket.replied", _("Public reply")
    NOTE_ADDED = "ticket.note_added", _("Internal note")
    ASSIGNED = "ticket.assigned", _("Assignment changed")
    STATE_CHANGED = "ticket.state_changed", _("State changed")
    PRIORITY_CHANGED = "ticket.priority_changed", _("Priority changed")
    PROBLEM_LINKED = "ticket.problem_linked", _("Linked to a problem")
    MERGED_INTO = "ticket.merged_into", _("Merged into another ticket")
    MERGED_FROM = "ticket.merged_from", _("Another ticket merged into this one")
    WORKAROUND_RECORDED = "ticket.workaround_recorded", _("Workaround recorded")
    SOLUTION_RECORDED = "ticket.solution_recorded", _("Definitive solution recorded")
    ATTACHMENT_ADDED = "ticket.attachment_added", _("Attachment added")
    FIRST_RESPONSE = "ticket.first_response", _("First response given")
    FLAGGED = "ticket.flagged", _("Flagged at intake")
    ESCALATED = "ticket.escalated", _("Escalated to the next tier")
    PHONE_CALL = "ticket.phone_call", _("Phone call logged")
    TIME_LOGGED = "ticket.time_logged", _("Time entry added")
    # The customer's own steps in the portal (E3, T4).
    ESCALATION_REQUESTED = "ticket.escalation_requested", _("Escalation requested by the customer")
    SOLUTION_CONFIRMED = "ticket.solution_confirmed", _("Solution confirmed by the customer")
    # Service levels (atiende.sla)
    SLA_PLANNED = "sla.planned", _("SLA planned")
    SLA_NO_POLICY = "sla.no_policy", _("No SLA")
    SLA_REPLANNED = "sla.replanned", _("SLA re-planned")
    SLA_STARTED = "sla.started", _("SLA target started")
    SLA_MET = "sla.met", _("SLA target met")
    SLA_PAUSED = "sla.paused", _("SLA paused")
    SLA_RESUMED = "sla.resumed", _("SLA resumed")
    SLA_STOPPED = "sla.stopped", _("SLA target stopped")
    SLA_WARNING = "sla.warning", _("SLA target at risk")
    SLA_BREACHED = "sla.breached", _("SLA target breached")
    # Outgoing mail (atiende.notify)
    MAIL_FAILED = "mail.failed", _("E-mail not delivered")
    MAIL_RESENT = "mail.resent", _("E-mail queued to be sent again")


class CallDirection(models.TextChoices):
    INBOUND = "in", _("Incoming call")
    OUTBOUND = "out", _("Outgoing call")


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    LOST = "lost", _("Lost (busy, no answer or abandoned)")
