"""Shared set-up of the Cirion scenarios (seed 001): customer companies under the shipped pack,
their sites, and cases walked through the real ticket actions at frozen instants in
Guayaquil (Ecuador, UTC-5 all year)."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from atiende.sla.models import Clock
from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from tests.scenarios.conftest import customer as organisation_under
from tests.scenarios.conftest import requester as contact_of

GUAYAQUIL = ZoneInfo("America/Guayaquil")


def at(year, month, day, hour=0, minute=0, second=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=GUAYAQUIL)


def customer(pack, **fields):
    """A customer company served under ``pack`` and one of its technical contacts."""
    org = organisation_under(pack, **fields)
    return org, contact_of(org, notification_lists=["technical"])


def open_case(moment, org, requester, *, channel=Channel.PHONE, kind=Kind.INCIDENT, **fields):
    fields.setdefault("subject", "Enlace de datos caído en la sede Quito")
    fields.setdefault("description", "El enlace principal de la sede no responde desde las 09:50.")
    with time_machine.travel(moment, tick=False):
        return actions.open_ticket(
            actor=None,
            channel=channel,
            organisation=org,
            requester=requester,
            kind=kind,
            now=moment,
            **fields,
        )


def move(ticket, state, moment, agent):
    """The engineer moves the case to ``state`` at ``moment`` (T4)."""
    with time_machine.travel(moment, tick=False):
        return actions.transition(ticket, actor=agent, channel=Channel.WEB, state=state, now=moment)


def clock(ticket, name, cycle=1) -> Clock:
    return Clock.objects.get(ticket=ticket, name=name, cycle=cycle)
