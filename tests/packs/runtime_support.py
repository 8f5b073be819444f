"""Shared set-up of the loader, runtime, preview and timer tests: the small ``desk`` pack
(``tests/packs/desk/desk.yaml``) and personas served under it."""

from pathlib import Path

from django.core import serializers

from atiende.accounts.models import SupportGroup
from atiende.catalog.models import Service, Subscription
from atiende.customers.models import Contact, Organisation
from atiende.packs import loader
from atiende.packs.models import Pack, PackVersion, Plan
from atiende.sla.models import (
    BusinessCalendar,
    ChannelHours,
    Clock,
    Policy,
    PolicyRule,
    PriorityMatrix,
    Target,
)
from atiende.tickets import actions
from atiende.tickets.models import CaseSequence, HistoryEvent, State, Ticket, Transition, Workflow
from tests import factories

DESK = Path(__file__).resolve().parent / "desk" / "desk.yaml"
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "atiende" / "packs" / "shipped"
SHIPPED_NAMES = ["aldeamo", "cirion", "wekall", "ecc", "movilnet"]

MODELS = [
    Pack,
    PackVersion,
    Plan,
    BusinessCalendar,
    PriorityMatrix,
    Policy,
    PolicyRule,
    Target,
    ChannelHours,
    Workflow,
    State,
    Transition,
    SupportGroup,
    Service,
    Subscription,
    CaseSequence,
    Ticket,
    Clock,
    HistoryEvent,
]


def desk_text() -> str:
    return DESK.read_text(encoding="utf-8")


def edited(old: str, new: str, text: str | None = None) -> str:
    text = desk_text() if text is None else text
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def load(text: str | None = None, **options):
    return loader.load_text(desk_text() if text is None else text, "desk.yaml", **options)


def dump() -> str:
    """Every row the loader may touch, serialised: equal dumps mean nothing changed."""
    return "\n".join(
        serializers.serialize("json", model.objects.order_by("pk")) for model in MODELS
    )


def customer(pack, *, plan: str = "", **fields) -> Organisation:
    fields.setdefault("time_zone", "America/Bogota")
    return factories.organisation(pack=pack, plan=plan, **fields)


def requester(org: Organisation) -> Contact:
    return factories.contact(org, phone="+57 601 555 0101")


def open_ticket(org: Organisation, **fields) -> Ticket:
    fields.setdefault("channel", "phone")
    fields.setdefault("subject", "The trunk drops calls")
    fields.setdefault("description", "Every outbound call drops at 30 s since 08:40.")
    fields.setdefault("actor", None)
    requester_contact = fields.pop("requester", None) or requester(org)
    return actions.open_ticket(organisation=org, requester=requester_contact, **fields)
