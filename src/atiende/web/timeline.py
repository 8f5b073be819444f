"""The desk ticket page's one timeline: public replies, internal notes, phone calls, system
events and attachments, in the order they happened.

One query per kind of row, whatever the ticket's size: messages (with their author, contact
and phone call joined), attachments, history events (with their actor). Each kind reads at
most ``LIMIT`` rows, the newest (by the ``(ticket, id)`` indexes), so a very long ticket
stays fast; the page says when older rows are left out.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from atiende.tickets import history
from atiende.tickets.access import attachments_visible_to, messages_visible_to
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent
from atiende.web.labels import target_name

LIMIT = 500
# What a row shows, no more: the people joined to hundreds of rows are read by name only.
PERSON = ("first_name", "last_name", "username")
MESSAGE_FIELDS = (
    "ticket_id",
    "kind",
    "channel",
    "text",
    "html",
    "created_at",
    *(f"author__{name}" for name in PERSON),
    "author_contact__name",
    "phone_call__direction",
    "phone_call__outcome",
    "phone_call__duration_seconds",
)
EVENT_FIELDS = (
    "ticket_id",
    "code",
    "data",
    "channel",
    "created_at",
    *(f"actor__{name}" for name in PERSON),
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


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


@dataclass
class Timeline:
    entries: list[Entry]
    attachments: list  # every attachment the reader may see, for the side panel
    last_event_id: int
    truncated: bool


def _latest(queryset):
    rows = list(queryset.order_by("-id")[: LIMIT + 1])
    return rows[:LIMIT], len(rows) > LIMIT


def _targets(event: HistoryEvent) -> list[str]:
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
    messages, more_messages = _latest(
        messages_visible_to(user, ticket)
        .select_related("author", "author_contact", "phone_call")
        .only(*MESSAGE_FIELDS)
    )
    attachments, more_files = _latest(attachments_visible_to(user, ticket))
    events, more_events = _latest(ticket.history.select_related("actor").only(*EVENT_FIELDS))

    by_message = defaultdict(list)
    for attachment in attachments:
        by_message[attachment.message_id].append(attachment)
    inline = {a.pk for a in attachments if a.message_id is not None}
    entries = []
    for message in messages:
        message.files = sorted(by_message.get(message.pk, []), key=lambda a: a.pk)
        call = getattr(message, "phone_call", None)
        message.call = call
        who = _person(message.author) or (
            message.author_contact.name if message.author_contact else ""
        )
        entries.append(
            Entry(
                "message",
                message.created_at,
                (message.created_at, 0, message.pk),
                who=who,
                message=message,
            )
        )
    openable = set(clock_names)
    shown = [
        event
        for event in events
        if event.code not in SHOWN_AS_MESSAGE
        and not (
            event.code == EventCode.ATTACHMENT_ADDED and event.data.get("attachment") in inline
        )
    ]
    for event, text in zip(shown, history.render_all(shown, language), strict=True):
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
                who=_person(event.actor),
                event=event,
                text=text,
                tone=_tone(event.code),
                deadlines=deadlines,
            )
        )
    entries.sort(key=lambda entry: entry.order)
    # The same formatting as the ``date`` filter, with the format looked up once.
    shown = get_format("SHORT_DATETIME_FORMAT")
    channels = dict(Channel.choices)
    for entry in entries:
        local = timezone.localtime(entry.at)
        entry.iso = local.isoformat()
        entry.when = dateformat.format(local, shown)
        if entry.message is not None:
            entry.channel = str(channels.get(entry.message.channel, entry.message.channel))
    return Timeline(
        entries=entries,
        attachments=sorted(attachments, key=lambda a: a.pk),
        last_event_id=max((e.pk for e in events), default=0),
        truncated=more_messages or more_files or more_events,
    )


def changes_since(ticket, seen: int | None, *, language: str) -> list[tuple[HistoryEvent, str]]:
    """What was recorded on ``ticket`` after history entry ``seen``, for a "changed meanwhile"
    message (one query)."""
    if seen is None:
        return []
    events = list(ticket.history.filter(id__gt=seen).select_related("actor").order_by("id")[:LIMIT])
    return list(zip(events, history.render_all(events, language), strict=True))


# --- the rows as HTML ------------------------------------------------------------------------

_PLACEHOLDER = 987654321


def _e(value) -> str:
    return conditional_escape(localize(value))


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
        body = f'<div class="body">{linebreaks(message.text, autoescape=True)}</div>'
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
