"""Shared set-up of the WeKall scenarios (seed 002): customers under the shipped pack, tickets
opened and answered through the real actions at frozen instants in Bogotá."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from atiende.sla.models import Clock
from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from tests.scenarios.conftest import customer as organisation_under
from tests.scenarios.conftest import requester as contact_of

BOGOTA = ZoneInfo("America/Bogota")


def at(year, month, day, hour=0, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BOGOTA)


def customer(pack, *, plan: str = ""):
    """An organisation served under ``pack`` with ``plan`` and one of its contacts."""
    org = organisation_under(pack, plan=plan)
    return org, contact_of(org)


def open_ticket(
    moment, org, requester, *, actor=None, channel=Channel.PORTAL, kind=Kind.INCIDENT, **fields
):
    fields.setdefault("subject", "Las llamadas salientes se cortan")
    fields.setdefault("description", "Todas las llamadas salientes del troncal se cortan a 30 s.")
    with time_machine.travel(moment, tick=False):
        return actions.open_ticket(
            actor=actor,
            channel=channel,
            organisation=org,
            requester=requester,
            kind=kind,
            now=moment,
            **fields,
        )


def clock(ticket, name="first_response", cycle=1) -> Clock:
    return Clock.objects.get(ticket=ticket, name=name, cycle=cycle)


def due(ticket, name="first_response", cycle=1) -> dt.datetime | None:
    return clock(ticket, name, cycle).due_at
