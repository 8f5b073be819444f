"""The desk ticket page's one timeline: public replies, internal notes, phone calls, system
events and attachments, in the order they happened.

One query per kind of row, whatever the ticket's size: messages (with their author, contact
and phone call joined), attachments, history events (with their actor). Each kind reads at
most ``LIMIT`` rows, the newest (by the ``(ticket, id)`` indexes), so a very long ticket
stays fast; the page says when older rows are left out.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from html import escape as html_escape

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.encoding import force_str
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from atiende.core.statements import Statement
from atiende.tickets import history
from atiende.tickets.access import attachments_visible_to, messages_visible_to, staff_reader
from atiende.tickets.codes import CallDirection, CallOutcome, Channel, EventCode, MessageKind
from atiende.tickets.models import CallDuration, HistoryEvent, Ticket
from atiende.web.fastforms import display
from atiende.web.labels import target_name

LIMIT = 500
# What a row shows, no more, read as plain rows (no model objects): a ticket has hundreds.
MESSAGE_COLUMNS = (
    "id",
    "kind",
    "channel",
    "text",
    "html",
    "created_at",
    "author_id",
    "author__first_name",
    "author__last_name",
    "author__username",
    "author_contact__name",
    "phone_call__id",
    "phone_call__direction",
    "phone_call__outcome",
    "phone_call__duration_seconds",
)
EVENT_COLUMNS = (
    "id",
    "code",
    "data",
    "channel",
    "created_at",
    "actor_id",
    "actor__first_name",
    "actor__last_name",
    "actor__username",
)

#: Events shown by their own row of the timeline (the message, the call).
SHOWN_AS_MESSAGE = {EventCode.REPLIED, EventCode.NOTE_ADDED, EventCode.PHONE_CALL}
SLA_EVENTS = {
    EventCode.SLA_PLANNED,
    EventCode.SLA_REPLANNED,
    EventCode.SLA_STARTED,
    EventCode.SLA_MET,
    EventCode.SLA_PAUSED,
    EventCode.SLA_RESUMED,
    EventCode.SLA_STOPPED,
    EventCode.SLA_WARNING,
    EventCode.SLA_BREACHED,
}


@dataclass
class Entry:
    kind: str  # "message" or "event"
    at: datetime
    order: tuple
    who: str = ""  # the author or actor as the page names them ("" for the system)
    iso: str = ""  # ``at`` in the reader's time zone, ISO 8601 and as the locale shows it
    when: str = ""
    channel: str = ""  # the message's channel, as a word
    message: object = None
    event: object = None
    text: str = ""
    tone: str = ""  # events: "sla-breached", "sla-at-risk", "sla", "" (plain)
    deadlines: list[tuple[str, str]] = field(default_factory=list)  # (target label, url)


def _person(first_name, last_name, username) -> str:
    """``User.get_full_name() or get_username()`` from the row's columns."""
    return f"{first_name} {last_name}".strip() or username


_KINDS = dict(MessageKind.choices)
_DIRECTIONS = dict(CallDirection.choices)
_OUTCOMES = dict(CallOutcome.choices)


def _display(labels: dict, value) -> str:
    """``Model.get_FOO_display()``: the choice's label, else the value itself."""
    return force_str(labels.get(value, value), strings_only=True)


class CallRow(CallDuration):
    """The phone call of a message row, with what ``PhoneCall`` offers the page."""

    __slots__ = ("direction", "duration_seconds", "outcome", "pk")

    def __init__(self, pk, direction, outcome, duration_seconds):
        self.pk = pk
        self.direction = direction
        self.outcome = outcome
        self.duration_seconds = duration_seconds

    def get_direction_display(self) -> str:
        return _display(_DIRECTIONS, self.direction)

    def get_outcome_display(self) -> str:
        return _display(_OUTCOMES, self.outcome)


class MessageRow:
    """A message as the timeline shows it (read as a plain row, not a ``Message``)."""

    __slots__ = ("call", "channel", "created_at", "files", "html", "kind", "pk", "text")

    def __init__(self, pk, kind, channel, text, html, created_at, call):
        self.pk = pk
        self.kind = kind
        self.channel = channel
        self.text = text
        self.html = html
        self.created_at = created_at
        self.call = call
        self.files = []

    def get_kind_display(self) -> str:
        return _display(_KINDS, self.kind)


class EventRow:
    """A history event as the timeline shows it: what ``history.render_all`` reads of a
    ``HistoryEvent`` (its code and data), its time and its actor's name."""

    __slots__ = ("channel", "code", "created_at", "data", "pk")

    def __init__(self, pk, code, data, channel, created_at):
        self.pk = pk
        self.code = code
        self.data = data
        self.channel = channel
        self.created_at = created_at


@dataclass
class Timeline:
    entries: list[Entry]
    attachments: list  # every attachment the reader may see, for the side panel
    last_event_id: int
    truncated: bool


def _message_rows(pk, reader):
    return messages_visible_to(reader, Ticket(pk=pk)).values_list(*MESSAGE_COLUMNS)


def _attachments(pk, reader):
    return attachments_visible_to(reader, Ticket(pk=pk))


def _event_rows(pk, reader):
    return Ticket(pk=pk).history.values_list(*EVENT_COLUMNS)


def _newest(read, pk, limit, reader):
    return read(pk, reader).order_by("-id")[: limit + 1]


# The reads of a timeline, compiled once (core.statements) for staff readers: a staff member
# reads every message and attachment (tickets.access), as the stand-in reader below does.
_STAFF = staff_reader()
_READS = {
    read: Statement(lambda pk, limit, read=read: _newest(read, pk, limit, _STAFF))
    for read in (_message_rows, _attachments, _event_rows)
}


def _latest(read, user, ticket):
    """The newest ``LIMIT`` rows of ``read`` as ``user`` may see them, and whether there
    are more."""
    if user.is_agent:
        rows = _READS[read].rows(ticket.pk, shape=(LIMIT,))
    else:
        rows = list(_newest(read, ticket.pk, LIMIT, user))
    return rows[:LIMIT], len(rows) > LIMIT


def _targets(event) -> list[str]:
    data = event.data or {}
    names = []
    if isinstance(data.get("target"), str):
        names.append(data["target"])
    names.extend(n for n in data.get("names") or [] if isinstance(n, str))
    names.extend(
        c["target"] for c in data.get("changes") or [] if isinstance(c, dict) and c.get("target")
    )
    return list(dict.fromkeys(names))


def _tone(code: str) -> str:
    if code == EventCode.SLA_BREACHED:
        return "sla-breached"
    if code == EventCode.SLA_WARNING:
        return "sla-at-risk"
    return "sla" if code in SLA_EVENTS else ""


def timeline_for(user, ticket, *, language: str, clock_names=()) -> Timeline:
    """The timeline of ``ticket`` as ``user`` may read it, events in ``language``.

    ``clock_names``: the SLA targets the reader can open; a deadline in an event links to its
    explanation page when it is one of them.
    """
    message_rows, more_messages = _latest(_message_rows, user, ticket)
    attachments, more_files = _latest(_attachments, user, ticket)
    event_rows, more_events = _latest(_event_rows, user, ticket)

    by_message = defaultdict(list)
    for attachment in attachments:
        by_message[attachment.message_id].append(attachment)
    inline = {a.pk for a in attachments if a.message_id is not None}
    entries = []
    for (
        pk,
        kind,
        channel,
        text,
        html,
        created_at,
        author_id,
        first_name,
        last_name,
        username,
        contact_name,
        call_id,
        direction,
        outcome,
        duration,
    ) in message_rows:
        call = CallRow(call_id, direction, outcome, duration) if call_id is not None else None
        message = MessageRow(pk, kind, channel, text, html, created_at, call)
        if pk in by_message:
            message.files = sorted(by_message[pk], key=lambda a: a.pk)
        if author_id is not None:
            who = _person(first_name, last_name, username)
        else:
            who = contact_name or ""
        entries.append(Entry("message", created_at, (created_at, 0, pk), who=who, message=message))
    openable = set(clock_names)
    shown, actors = [], []
    for (
        pk,
        code,
        data,
        channel,
        created_at,
        actor_id,
        first_name,
        last_name,
        username,
    ) in event_rows:
        if code in SHOWN_AS_MESSAGE or (
            code == EventCode.ATTACHMENT_ADDED and data.get("attachment") in inline
        ):
            continue
        shown.append(EventRow(pk, code, data, channel, created_at))
        actors.append(_person(first_name, last_name, username) if actor_id is not None else "")
    for event, who, text in zip(shown, actors, history.render_all(shown, language), strict=True):
        deadlines = [
            (target_name(name), reverse("desk:sla_explanation", args=[ticket.pk, name]))
            for name in _targets(event)
            if name in openable
        ]
        entries.append(
            Entry(
                "event",
                event.created_at,
                (event.created_at, 1, event.pk),
                who=who,
                event=event,
                text=text,
                tone=_tone(event.code),
                deadlines=deadlines,
            )
        )
    entries.sort(key=lambda entry: entry.order)
    # The same formatting as the ``date`` filter, with the format looked up and split once.
    when = _formatter(get_format("SHORT_DATETIME_FORMAT"))
    channels = {code: str(label) for code, label in Channel.choices}  # translated once
    for entry in entries:
        local = timezone.localtime(entry.at)
        entry.iso = local.isoformat()
        entry.when = when(local)
        if entry.message is not None:
            entry.channel = channels.get(entry.message.channel, entry.message.channel)
    return Timeline(
        entries=entries,
        attachments=sorted(attachments, key=lambda a: a.pk),
        last_event_id=max((row[0] for row in event_rows), default=0),
        truncated=more_messages or more_files or more_events,
    )


def _formatter(format_string: str):
    """``dateformat.format(value, format_string)`` as a function of ``value``, with the
    format split into its letters and literal text once (a timeline formats hundreds)."""
    pieces = [
        (True, piece) if n % 2 else (False, dateformat.re_escaped.sub(r"\1", piece))
        for n, piece in enumerate(dateformat.re_formatchars.split(str(format_string)))
        if piece
    ]

    def format_value(value) -> str:
        formatter = dateformat.DateFormat(value)
        return "".join(
            str(getattr(formatter, piece)()) if letter else piece for letter, piece in pieces
        )

    return format_value


def changes_since(ticket, seen: int | None, *, language: str) -> list[tuple[HistoryEvent, str]]:
    """What was recorded on ``ticket`` after history entry ``seen``, for a "changed meanwhile"
    message (one query)."""
    if seen is None:
        return []
    events = list(ticket.history.filter(id__gt=seen).select_related("actor").order_by("id")[:LIMIT])
    return list(zip(events, history.render_all(events, language), strict=True))


# --- the rows as HTML ------------------------------------------------------------------------

_PLACEHOLDER = 987654321


_PARAGRAPHS = re.compile("\n{2,}")


def _linebreaks(text: str) -> str:
    """``linebreaks(text, autoescape=True)``: paragraphs and line breaks of the escaped text
    (without the lazy-text wrappers, called for every message)."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n\n".join(
        "<p>" + html_escape(paragraph).replace("\n", "<br>") + "</p>"
        for paragraph in _PARAGRAPHS.split(text)
    )


def _e(value) -> str:
    """``{{ value }}``: localised, then escaped unless safe (``fastforms.display``)."""
    return display(value)


def _message_html(entry: Entry, system: str, files_label: str, file_link: tuple) -> str:
    message = entry.message
    call = message.call
    head = ""
    if call is not None:
        duration = gettext("%(minutes)s min %(seconds)s s") % {
            "minutes": _e(call.minutes),
            "seconds": _e(call.seconds),
        }
        head = (
            f'\n                <span class="badge">{_e(call.get_direction_display())}</span>'
            f'\n                <span class="badge">{_e(call.get_outcome_display())}</span>'
            f'\n                <span class="muted">· {duration}</span>\n              '
        )
    kind = ""
    if message.kind != "public":
        kind = f'<span class="badge">{_e(message.get_kind_display())}</span>'
    if message.html:
        body = f'<div class="body">{message.html}</div>'
    elif message.text:
        body = f'<div class="body">{_linebreaks(message.text)}</div>'
    else:
        body = ""
    files = ""
    if message.files:
        before, after = file_link
        items = "".join(
            f'\n                <li><a href="{before}{_e(attachment.pk)}{after}">'
            f"{_e(attachment.filename)}</a>"
            f' <span class="muted">({_e(filesizeformat(attachment.size))})</span></li>'
            "\n              "
            for attachment in message.files
        )
        files = (
            f'\n            <ul class="files" aria-label="{files_label}">\n              {items}'
            "\n            </ul>\n          "
        )
    return (
        f'\n        <li class="message message-{_e(message.kind)}'
        f'{" message-call" if call else ""}" id="message-{_e(message.pk)}">'
        "\n          <header>\n            <span>"
        f"\n              <strong>{_e(entry.who) if entry.who else system}</strong>"
        f"\n              {head}\n              {kind}"
        f'\n              <span class="muted">· {_e(entry.channel)}</span>\n            </span>'
        f'\n            <time datetime="{_e(entry.iso)}">{_e(entry.when)}</time>'
        f"\n          </header>\n          {body}\n          {files}\n        </li>\n      "
    )


def _event_html(entry: Entry, system: str) -> str:
    why = "".join(
        f' · <a href="{_e(href)}">'
        + gettext("Why this due time (%(target)s)?") % {"target": _e(label)}
        + "</a>"
        for label, href in entry.deadlines
    )
    tone = f" timeline-{_e(entry.tone)}" if entry.tone else ""
    return (
        f'\n        <li class="timeline-item timeline-system{tone}"'
        f' id="event-{_e(entry.event.pk)}">'
        f"\n          <header>\n            <span>{_e(entry.text)}{why}"
        f'\n              <span class="muted">· {_e(entry.who) if entry.who else system}</span>'
        "\n            </span>"
        f'\n            <time datetime="{_e(entry.iso)}">{_e(entry.when)}</time>'
        "\n          </header>\n        </li>\n      "
    )


def entries_html(timeline: Timeline) -> SafeString:
    """The ``<li>`` of each entry of the desk timeline (``_partials/desk_timeline.html``),
    written in Python: a ticket has hundreds of rows. Texts are escaped, a message's
    sanitised HTML is shown as it is (as the template's ``|safe`` did)."""
    if not timeline.entries:
        empty = gettext("No messages yet.")
        return mark_safe(f'\n      <li class="empty">{empty}</li>\n    ')  # noqa: S308
    system = gettext("System")
    files_label = gettext("Attachments")
    link = reverse("desk:attachment", args=[_PLACEHOLDER])
    file_link = tuple(conditional_escape(part) for part in link.split(str(_PLACEHOLDER)))
    parts = [
        "\n      "
        + (
            _message_html(entry, system, files_label, file_link)
            if entry.kind == "message"
            else _event_html(entry, system)
        )
        + "\n    "
        for entry in timeline.entries
    ]
    return mark_safe("".join(parts))  # noqa: S308 (escaped as the template did)
