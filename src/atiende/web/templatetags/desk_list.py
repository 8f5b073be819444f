"""Filters of the desk list: the channel icon with its label, a mapping's item; the rows."""

from django import template
from django.utils.html import format_html

from atiende.tickets.codes import Channel

register = template.Library()

# Symbols of the fonts Debian ships (DejaVu); the label next to them is what counts.
CHANNEL_ICONS = {
    Channel.PHONE: "☎",
    Channel.EMAIL: "✉",
    Channel.PORTAL: "⌂",
    Channel.WHATSAPP: "✆",
    Channel.API: "⇄",
    Channel.WEB: "⌨",
    Channel.FIELD: "⚑",
    Channel.SYSTEM: "⚙",
    Channel.CLI: "›",
}


@register.filter
def channel_icon(code: str) -> str:
    """An icon hidden from screen readers and the channel's name as text."""
    try:
        label = Channel(code).label
    except ValueError:
        label = code
    return format_html(
        '<span class="channel-icon" aria-hidden="true">{}</span> <span class="channel-label">{}'
        "</span>",
        CHANNEL_ICONS.get(code, "•"),
        label,
    )


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.simple_tag
def desk_rows(rows, checked=()):
    """The table rows of a list page (``web.desk_rows``: one Python function, no template
    work per row)."""
    from atiende.web.desk_rows import rows as render_rows

    return render_rows(rows, checked)


@register.simple_tag
def desk_form_fields(form):
    """A ticket-page form's fields (``web.fastforms.form_fields``)."""
    from atiende.web.fastforms import form_fields

    return form_fields(form)


@register.simple_tag
def desk_timeline_entries(timeline):
    """The desk timeline's rows (``web.timeline.entries_html``)."""
    from atiende.web.timeline import entries_html

    return entries_html(timeline)
