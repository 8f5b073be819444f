"""Filters of the desk list: the channel icon with its label, a mapping's item."""

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
