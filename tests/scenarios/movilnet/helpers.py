"""Shared set-up of the Movilnet scenarios (seed 004): corporate cellular accounts under the
shipped pack, fault reports opened and attended through the real actions at frozen instants in
Caracas (UTC-4 all year)."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from atiende.sla.models import Clock
from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from tests.scenarios.conftest import customer as organisation_under
from tests.scenarios.conftest import requester as contact_of

CARACAS = ZoneInfo("America/Caracas")


def at(year, month, day, hour=0, minute=0, second=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=CARACAS)


def account(pack, account_status="active", **fields):
    """A corporate cellular account (organisation) and the contact who reports for it."""
    org = organisation_under(pack, account_status=account_status, **fields)
    return org, contact_of(org)


def report(moment, org, requester, *, channel=Channel.PHONE, **fields):
    """The customer reports a fault (step 1: *626)."""
    fields.setdefault("subject", "La línea corporativa no realiza llamadas")
    fields.setdefault(
        "description", "El equipo de la gerencia no hace ni recibe llamadas desde ayer."
    )
    with time_machine.travel(moment, tick=False):
        return actions.open_ticket(
            actor=None,
            channel=channel,
            organisation=org,
            requester=requester,
            kind=Kind.INCIDENT,
            now=moment,
            **fields,
        )


def move(ticket, state, moment, agent):
    with time_machine.travel(moment, tick=False):
        return actions.transition(ticket, actor=agent, channel=Channel.WEB, state=state, now=moment)


def clock(ticket, name, cycle=1) -> Clock:
    return Clock.objects.get(ticket=ticket, name=name, cycle=cycle)
