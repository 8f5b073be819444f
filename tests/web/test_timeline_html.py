"""web.timeline.entries_html writes the desk timeline's rows exactly as the template loop did
(kept here as the reference): messages, notes, calls, files, events with their deadline
links, hostile text escaped, in Spanish and English."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import engines
from django.urls import reverse
from django.utils import dateformat, translation
from django.utils.html import linebreaks

from atiende.sla.sweep import sweep
from atiende.tickets import actions
from atiende.tickets.codes import Channel
from atiende.web.timeline import (
    Timeline,
    _formatter,
    _linebreaks,
    entries_html,
    timeline_for,
)
from tests.web.helpers import at, customer_ticket, sla_policy, sla_ticket
from tests.web.test_ticket_page import _busy_ticket

# The loop of _partials/desk_timeline.html before the rows were written in Python.
REFERENCE = """{% load i18n %}{% translate "System" as system %}{% translate "Attachments" as files_label %}{% for entry in timeline.entries %}
      {% if entry.kind == "message" %}
        <li class="message message-{{ entry.message.kind }}{% if entry.message.call %} message-call{% endif %}" id="message-{{ entry.message.pk }}">
          <header>
            <span>
              <strong>{{ entry.who|default:system }}</strong>
              {% if entry.message.call %}
                <span class="badge">{{ entry.message.call.get_direction_display }}</span>
                <span class="badge">{{ entry.message.call.get_outcome_display }}</span>
                <span class="muted">· {% blocktranslate trimmed with minutes=entry.message.call.minutes seconds=entry.message.call.seconds %}{{ minutes }} min {{ seconds }} s{% endblocktranslate %}</span>
              {% endif %}
              {% if entry.message.kind != "public" %}<span class="badge">{{ entry.message.get_kind_display }}</span>{% endif %}
              <span class="muted">· {{ entry.channel }}</span>
            </span>
            <time datetime="{{ entry.iso }}">{{ entry.when }}</time>
          </header>
          {% if entry.message.html %}<div class="body">{{ entry.message.html|safe }}</div>{% elif entry.message.text %}<div class="body">{{ entry.message.text|linebreaks }}</div>{% endif %}
          {% if entry.message.files %}
            <ul class="files" aria-label="{{ files_label }}">
              {% for attachment in entry.message.files %}
                <li><a href="{% url 'desk:attachment' attachment.pk %}">{{ attachment.filename }}</a> <span class="muted">({{ attachment.size|filesizeformat }})</span></li>
              {% endfor %}
            </ul>
          {% endif %}
        </li>
      {% else %}
        <li class="timeline-item timeline-system{% if entry.tone %} timeline-{{ entry.tone }}{% endif %}" id="event-{{ entry.event.pk }}">
          <header>
            <span>{{ entry.text }}{% for label, href in entry.deadlines %} · <a href="{{ href }}">{% blocktranslate trimmed with target=label %}Why this due time ({{ target }})?{% endblocktranslate %}</a>{% endfor %}
              <span class="muted">· {{ entry.who|default:system }}</span>
            </span>
            <time datetime="{{ entry.iso }}">{{ entry.when }}</time>
          </header>
        </li>
      {% endif %}
    {% empty %}
      <li class="empty">{% translate "No messages yet." %}</li>
    {% endfor %}"""  # noqa: E501


def _compare(user, ticket, language):
    with translation.override(language):
        timeline = timeline_for(user, ticket, language=language, clock_names=["first_response"])
        expected = engines["django"].from_string(REFERENCE).render({"timeline": timeline})
        assert str(entries_html(timeline)) == expected
    return expected


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_busy_ticket(personas, language):
    ticket = _busy_ticket(personas, 3)
    actions.reply(
        ticket,
        actor=personas.agent,
        channel=Channel.WEB,
        text='<script>alert("x")</script> & more\n\nsecond paragraph',
    )
    html = _compare(personas.agent, ticket, language)
    assert "<script>" not in html and "message-call" in html and "update-2.txt" in html


@pytest.mark.parametrize("language", ["es", "en"])
def test_sla_events_with_their_deadline_links(personas, language):
    sla_policy()
    ticket = sla_ticket(personas)
    sweep(now=at(9, 50))
    sweep(now=at(10, 5))
    with time_machine.travel(at(10, 5), tick=False):
        html = _compare(personas.agent, ticket, language)
    explain = reverse("desk:sla_explanation", args=[ticket.pk, "first_response"])
    assert "timeline-sla-breached" in html and f'href="{explain}"' in html


def test_an_empty_timeline(personas):
    empty = Timeline(entries=[], attachments=[], last_event_id=0, truncated=False)
    expected = engines["django"].from_string(REFERENCE).render({"timeline": empty})
    assert str(entries_html(empty)) == expected


def test_a_customer_reply(personas):
    ticket = customer_ticket(personas, subject="Caída <b>total</b>")
    _compare(personas.agent, ticket, "es")


@pytest.mark.parametrize(
    "format_string", ["j N Y H:i", "d/m/Y H:i", r"j \d\e F \d\e Y, P", "D, jS M Y g:i:s a T O"]
)
def test_the_rows_dates_read_as_the_date_filter_writes_them(format_string):
    for value in (
        datetime(2026, 11, 23, 9, 5, 7, tzinfo=UTC).astimezone(ZoneInfo("America/Bogota")),
        datetime(2025, 3, 30, 1, 30, tzinfo=UTC).astimezone(ZoneInfo("Europe/Madrid")),
        datetime(2024, 1, 1, 0, 0, tzinfo=UTC),
    ):
        for language in ("es", "en"):
            with translation.override(language):
                expected = dateformat.format(value, format_string)
                assert _formatter(format_string)(value) == expected


@pytest.mark.parametrize(
    "text",
    [
        "One line",
        "Two\nlines",
        "Windows\r\nline\r\n\r\nends\rand an old Mac's",
        "Paragraphs\n\n\n\nwith <b>tags</b> & \"quotes\" 'too'\n",
        "\n\nLeading and trailing\n\n",
    ],
)
def test_a_messages_text_is_laid_out_as_the_linebreaks_filter_does(text):
    assert _linebreaks(text) == linebreaks(text, autoescape=True)
