"""SLA history events carry codes and data; their sentences are rendered when shown (T14)."""

import datetime as dt

import time_machine

from atiende.sla.sweep import sweep
from atiende.tickets import actions
from atiende.tickets.codes import Channel
from atiende.tickets.history import render
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.sla import configs

CURRENT_TIME = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)


def test_it_renders_every_sla_event_with_its_data(db):
    configs.policy(
        "standard",
        targets=[configs.target("first_response", 30), configs.target("resolution", 240)],
    )
    agent = factories.user("agent")
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket()
    sweep(now=CURRENT_TIME + dt.timedelta(minutes=25))
    with time_machine.travel(CURRENT_TIME + dt.timedelta(minutes=26), tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="On it.")
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="pending")
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="open")
        actions.change_priority(ticket, actor=agent, channel=Channel.WEB, priority="urgent")
    texts = {
        event.code: render(event, "en")
        for event in HistoryEvent.objects.filter(ticket=ticket, code__startswith="sla.")
    }
    assert texts == {
        "sla.planned": "SLA policy standard applied",
        "sla.warning": "SLA target first_response at risk: due 11/23/2026 9:30 a.m.",
        "sla.met": "SLA target met: first_response",
        "sla.paused": "SLA clock paused (state pending): resolution",
        "sla.resumed": "SLA clock resumed: resolution",
    }
    configs.policy(
        "urgent",
        targets=[configs.target("resolution", 60)],
        rules=[{"priorities": ["urgent"], "position": 0}],
    )
    with time_machine.travel(CURRENT_TIME + dt.timedelta(minutes=27), tick=False):
        actions.change_priority(ticket, actor=agent, channel=Channel.WEB, priority="urgent")
    replanned = HistoryEvent.objects.filter(ticket=ticket, code="sla.replanned").last()
    assert render(replanned, "en") == (
        "SLA re-planned after a change of priority: policy standard → urgent"
    )
