"""Writing history events (T14) and rendering them in the reader's language."""

from datetime import datetime

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from atiende.core.statements import insert_row
from atiende.tickets.codes import CallDirection, CallOutcome, EventCode
from atiende.tickets.models import HistoryEvent, Ticket


def record(ticket: Ticket, code: EventCode, *, actor, channel: str, at, **data) -> HistoryEvent:
    """Write one history row; call inside the action's transaction.

    A ticket being opened carries the list ``written_history`` (see
    ``tickets.actions.open_ticket``): the row is added to it, so that what the creation wrote
    can be shown without reading it back.
    """
    event = HistoryEvent(
        ticket=ticket, code=code, data=data, actor=actor, channel=channel, created_at=at
    )
    insert_row(event)
    written = getattr(ticket, "written_history", None)
    if written is not None:
        written.append(event)
    return event


_templates_by_language: dict[str | None, dict[str, str]] = {}


def _templates() -> dict[str, str]:
    """The sentences in the active language (built once per language: catalogues are loaded
    when the process starts and do not change while it runs)."""
    language = translation.get_language()
    templates = _templates_by_language.get(language)
    if templates is None:
        templates = _templates_by_language[language] = _build_templates()
    return templates


def _build_templates() -> dict[str, str]:
    return {
        EventCode.CREATED: _("Ticket %(number)s opened"),
        EventCode.REPLIED: _("Public reply added"),
        EventCode.NOTE_ADDED: _("Internal note added"),
        EventCode.ASSIGNED: _(
            "Assignment changed: agent %(old_assignee)s → %(new_assignee)s, "
            "group %(old_group)s → %(new_group)s"
        ),
        EventCode.STATE_CHANGED: _("State changed from %(old)s to %(new)s"),
        EventCode.PRIORITY_CHANGED: _(
            "Priority changed from %(old_priority)s to %(new_priority)s "
            "(urgency %(urgency)s, impact %(impact)s)"
        ),
        EventCode.PROBLEM_LINKED: _("Linked to problem %(problem)s"),
        EventCode.MERGED_INTO: _("Merged into %(target)s"),
        EventCode.MERGED_FROM: _("%(source)s was merged into this ticket"),
        EventCode.WORKAROUND_RECORDED: _("Workaround recorded: service restored"),
        EventCode.SOLUTION_RECORDED: _("Definitive solution recorded"),
        EventCode.ATTACHMENT_ADDED: _("Attachment %(filename)s added"),
        EventCode.FIRST_RESPONSE: _("First response given"),
        EventCode.FLAGGED: _("Flagged at intake: %(message)s"),
        EventCode.ESCALATED: _(
            "Escalated from group %(old_group_name)s to %(new_group_name)s: %(reason)s"
        ),
        EventCode.PHONE_CALL: _("Phone call logged (%(direction)s, %(outcome)s)"),
        EventCode.TIME_LOGGED: _("Time entry added: %(minutes)s min"),
        EventCode.ESCALATION_REQUESTED: _("The customer asked for an escalation: %(reason)s"),
        EventCode.SOLUTION_CONFIRMED: _("The customer confirmed the solution"),
        EventCode.SLA_PLANNED: _("SLA policy %(policy)s applied"),
        EventCode.SLA_NO_POLICY: _("No SLA policy applies to this ticket"),
        EventCode.SLA_REPLANNED: _(
            "SLA re-planned after a change of %(reason)s: policy %(old_policy)s → %(new_policy)s"
        ),
        EventCode.SLA_STARTED: _("SLA clock started: %(targets)s"),
        EventCode.SLA_MET: _("SLA target met: %(targets)s"),
        EventCode.SLA_PAUSED: _("SLA clock paused (state %(state)s): %(targets)s"),
        EventCode.SLA_RESUMED: _("SLA clock resumed: %(targets)s"),
        EventCode.SLA_STOPPED: _("SLA clock stopped: %(targets)s"),
        EventCode.SLA_WARNING: _("SLA target %(target)s at risk: due %(due)s"),
        EventCode.SLA_BREACHED: _("SLA target %(target)s breached: it was due %(due)s"),
        EventCode.MAIL_FAILED: _(
            "E-mail to %(to)s could not be delivered (%(subject)s): %(error)s"
        ),
        EventCode.MAIL_RESENT: _("E-mail to %(to)s queued to be sent again (%(subject)s)"),
    }


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "—"


def render(event: HistoryEvent, language: str | None = None) -> str:
    """The human sentence for ``event`` in ``language`` (default: the active language)."""
    return render_all([event], language)[0]


def render_all(events, language: str | None = None) -> list[str]:
    """The sentences of many events in one language: the texts are looked up once (a page
    with hundreds of events)."""
    with translation.override(language or translation.get_language()):
        templates = _templates()
        active = language or translation.get_language() or "en"
        return [_render(event, templates, active) for event in events]


def _render(event: HistoryEvent, templates: dict[str, str], active: str) -> str:
    template = templates.get(event.code)
    if template is None:
        return event.code
    values = _Defaulting()
    for key, value in event.data.items():
        if key.endswith("_labels"):
            continue
        labels = event.data.get(f"{key}_labels")
        if isinstance(labels, dict) and labels:
            value = labels.get(active[:2]) or labels.get("en") or value
        values[key] = "—" if value in (None, "") else _display(key, value)
    return template % values


def _reasons() -> dict[str, str]:
    return {
        "priority": _("priority"),
        "kind": _("kind"),
        "plan": _("support plan"),
        "policy": _("SLA policy"),
        "pack": _("process configuration"),
    }


def _display(key: str, value):
    """Show instants in the reader's time zone and stable reason codes as words."""
    if key == "reason" and isinstance(value, str):
        return _reasons().get(value, value)
    if key == "direction":
        return str(CallDirection(value).label) if value in CallDirection.values else value
    if key == "outcome":
        return str(CallOutcome(value).label) if value in CallOutcome.values else value
    if key == "due" and isinstance(value, str):
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            return value
        if instant.tzinfo is None:
            return value
        return formats.date_format(timezone.localtime(instant), "SHORT_DATETIME_FORMAT")
    return value
