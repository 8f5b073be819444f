"""Helpers shared by the desk and portal view tests."""

from datetime import datetime
from html.parser import HTMLParser

import time_machine

from atiende.tickets.attachments import Upload
from atiende.tickets.codes import Channel, Kind
from atiende.tickets.models import HistoryEvent, Message, Ticket
from tests import factories
from tests.sla import configs
from tests.sla.configs import BOGOTA

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def customer_ticket(personas, **fields) -> Ticket:
    """A ticket reported in the portal by the persona ``customer`` (alice)."""
    fields.setdefault("channel", Channel.PORTAL)
    return factories.ticket(
        personas.org, actor=personas.customer, requester=personas.customer.contact, **fields
    )


def counts(ticket: Ticket) -> tuple[int, int]:
    """(messages, history events): unchanged after a refused action."""
    return (
        Message.objects.filter(ticket=ticket).count(),
        HistoryEvent.objects.filter(ticket=ticket).count(),
    )


def codes(ticket: Ticket) -> list[str]:
    return list(ticket.history.order_by("id").values_list("code", flat=True))


def text_upload(name="log.txt", content=b"line one\nline two\n") -> Upload:
    return Upload(filename=name, content=content)


class _FormControls(HTMLParser):
    """Collects form controls, labels and a few markup facts of a page."""

    def __init__(self):
        super().__init__()
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.in_label = 0
        self.labelled_by_wrapping: list[dict] = []
        self.scripts = 0
        self.inline_scripts = 0
        self.script_sources: list[str] = []
        self.style_attributes = 0
        self.html_lang = None
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.style_attributes += 1
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif tag == "script":
            self.scripts += 1
            if attributes.get("src"):
                self.script_sources.append(attributes["src"])
            else:
                self.inline_scripts += 1
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "label":
            self.in_label += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        elif tag in ("input", "select", "textarea"):
            kind = attributes.get("type", "text")
            if tag == "input" and kind in ("hidden", "submit", "button"):
                return
            attributes["_wrapped"] = self.in_label > 0
            self.controls.append(attributes)

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label -= 1


def page_facts(html: str) -> _FormControls:
    parser = _FormControls()
    parser.feed(html)
    return parser


def unlabelled_controls(html: str) -> list[dict]:
    facts = page_facts(html)
    return [
        control
        for control in facts.controls
        if not control["_wrapped"]
        and control.get("id") not in facts.label_for
        and not control.get("aria-label")
    ]


# --- service levels -------------------------------------------------------------------------

# Monday 23 November 2026, a working day in Colombia; WeKall's hours are 07:30-12:30 and
# 14:00-18:00 Bogotá (S1).
MONDAY_0900 = datetime(2026, 11, 23, 9, 0, tzinfo=BOGOTA)


def at(hour: int, minute: int = 0) -> datetime:
    """That Monday at ``hour:minute`` in Bogotá."""
    return MONDAY_0900.replace(hour=hour, minute=minute)


def sla_policy(*extra_targets, slug="standard"):
    """Incidents: first response in 60 business minutes, resolution in 240, on WeKall's hours
    (S5-like). Requests get no policy ("no SLA")."""
    hours = configs.calendar(configs.WEKALL_HOURS)
    return configs.policy(
        slug,
        targets=[
            configs.target("first_response", 60, calendar=hours),
            configs.target("resolution", 240, calendar=hours),
            *extra_targets,
        ],
        rules=[{"kinds": [Kind.INCIDENT], "position": 1}],
    )


def sla_ticket(personas, when=MONDAY_0900, **fields) -> Ticket:
    """A customer's incident opened at ``when`` (09:00: first response due at 10:00, warning
    at 09:48; resolution due at 14:30 after the lunch break, warning at 12:12)."""
    with time_machine.travel(when, tick=False):
        return customer_ticket(personas, **fields)
