"""Fixtures for the scenario suites of the shipped process packs (``tests/scenarios/<pack>/``).

A scenario replays a seed's rules end to end through the real ticket actions with frozen time::

    import time_machine
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from atiende.tickets import actions

    BOGOTA = ZoneInfo("America/Bogota")
    CURRENT_TIME = datetime(2026, 11, 16, 9, 0, tzinfo=BOGOTA)  # a Monday


    @time_machine.travel(CURRENT_TIME, tick=False)
    def test_it_answers_a_high_incident_by_phone_in_ten_minutes(load_pack, desk_for):
        desk = desk_for("aldeamo", plan="vip")          # loads the pack, makes the personas
        ticket = desk.open(kind="incident", priority="high", channel="phone")
        assert ticket.pack == desk.pack
        ...
        actions.reply(ticket, actor=desk.agent, channel="web", text="On it.")

Fixtures:

- ``load_pack(name, *, default=True)`` loads ``src/atiende/packs/shipped/<name>.yaml`` with
  the real loader (:func:`atiende.packs.loader.load_path`) into the test database and returns
  the :class:`atiende.packs.models.Pack`. Loading the same pack twice is a no-op.
- ``desk_for(name, *, plan="", account_status="active", time_zone=None)`` loads the pack and
  returns a :class:`Desk`: the pack, an agent, a supervisor, a customer organisation served
  under the pack with that plan (empty: the pack's ``default_plan``), a requester contact of
  it (name, ``example.com`` e-mail and phone), and ``desk.open(**fields)`` that opens a ticket
  through :func:`atiende.tickets.actions.open_ticket` with sensible defaults (subject,
  description, requester, channel ``phone``); any argument of ``open_ticket`` can be given.
- Plain helpers for more personas: :func:`customer` (an organisation under a pack),
  :func:`requester` (a contact of it), :func:`staff` (a user of a staff role).

Personal data: roles and ``example.com`` addresses only (REQUIREMENTS.md).
"""

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import atiende.packs
from atiende.customers.models import Contact, Organisation
from atiende.tickets import actions
from tests import factories

SHIPPED = Path(atiende.packs.__file__).parent / "shipped"

_seq = itertools.count(1)


def shipped_path(name: str) -> Path:
    return SHIPPED / f"{name}.yaml"


def load_shipped(name: str, *, default: bool = True):
    """Load a shipped pack with the real loader; return the Pack row."""
    from atiende.packs import loader

    result = loader.load_path(shipped_path(name), make_default=default)
    return result.pack


def customer(pack, *, plan: str = "", account_status: str = "active", **fields) -> Organisation:
    """A customer organisation served under ``pack`` (plan empty: the pack's default plan)."""
    n = next(_seq)
    fields.setdefault("name", f"{pack.display_name} customer {n}")
    fields.setdefault("slug", f"{pack.name}-customer-{n}")
    fields.setdefault("time_zone", pack.time_zone)
    fields.setdefault("language", (pack.languages or ["es"])[0])
    return Organisation.objects.create(
        pack=pack, plan=plan, account_status=account_status, **fields
    )


def requester(organisation: Organisation, **fields) -> Contact:
    """A contact who reports issues, with e-mail and phone (T8)."""
    n = next(_seq)
    fields.setdefault("name", f"Requester {n}")
    fields.setdefault("email", f"requester{n}@example.com")
    fields.setdefault("phone", f"+57 601 555 {n:04d}")
    return Contact.objects.create(organisation=organisation, **fields)


def staff(role: str = "agent", **fields):
    """A user of a staff role: agent, agent_l2, supervisor, manager or admin."""
    return factories.user(role, **fields)


@dataclass
class Desk:
    pack: object
    agent: object
    supervisor: object
    organisation: Organisation
    requester: Contact
    defaults: dict = field(default_factory=dict)

    def open(self, **fields):
        """Open a ticket through the real action; any ``open_ticket`` argument may be given."""
        values = {
            "actor": self.agent,
            "channel": "phone",
            "organisation": self.organisation,
            "requester": self.requester,
            "subject": "The service does not answer",
            "description": "Since 08:40 no call reaches the platform; every user is affected.",
            **self.defaults,
            **fields,
        }
        return actions.open_ticket(**values)


@pytest.fixture
def load_pack(db):
    """``load_pack(name, *, default=True)`` → the loaded Pack (see the module docstring)."""
    return load_shipped


@pytest.fixture
def desk_for(db):
    """``desk_for(name, *, plan="", …)`` → a :class:`Desk` (see the module docstring)."""

    def make(name: str, *, plan: str = "", account_status: str = "active", **org_fields) -> Desk:
        pack = load_shipped(name)
        organisation = customer(pack, plan=plan, account_status=account_status, **org_fields)
        return Desk(
            pack=pack,
            agent=staff("agent"),
            supervisor=staff("supervisor"),
            organisation=organisation,
            requester=requester(organisation),
        )

    return make
