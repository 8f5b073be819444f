"""Shared set-up of the ECC scenarios (seed 003): customer organisations under the shipped pack
on a service-hours plan, cases opened and answered through the real actions at frozen instants
in Bogotá."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from atiende.sla.models import Clock
from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from tests.scenarios.conftest import customer as organisation_under
from tests.scenarios.conftest import requester as contact_of

BOGOTA = ZoneInfo("America/Bogota")


def at(year, month, day, hour=0, minute=0, second=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=BOGOTA)


def customer(pack, plan="standard", **fields):
    org = organisation_under(pack, plan=plan, **fields)
    return org, contact_of(org)


def open_case(moment, org, requester, *, channel=Channel.PHONE, kind=Kind.INCIDENT, **fields):
    fields.setdefault("subject", "No puedo abrir el correo corporativo")
    fields.setdefault("description", "Desde esta mañana el cliente de correo no abre para nadie.")
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


def clock(ticket, name, cycle=1) -> Clock:
    return Clock.objects.get(ticket=ticket, name=name, cycle=cycle)
