"""S9: first-response time runs from ticket creation to the first public agent reply."""

import datetime as dt

import pytest
import time_machine

from atiende.sla import hooks
from atiende.sla.models import Clock, EndReason
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.sla import configs

CURRENT_TIME = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def setup(db):
    configs.policy("fr", targets=[configs.target("first_response", 60)])
    customer = factories.user("customer")
    agent = factories.user("agent")
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket(customer.organisation, requester=customer.contact)
    return ticket, customer, agent


@pytest.fixture
def breaches(monkeypatch):
    seen = []
    monkeypatch.setattr(hooks, "on_breach", [lambda clock, *, now: seen.append((clock, now))])
    return seen


def test_it_meets_first_response_with_the_first_public_agent_reply(setup):
    ticket, customer, agent = setup
    with time_machine.travel(CURRENT_TIME + 5 * MINUTE, tick=False):
        actions.reply(ticket, actor=customer, channel=Channel.PORTAL, text="Any news?")
        actions.add_note(ticket, actor=agent, channel=Channel.WEB, text="Checking trunk 4.")
    assert Clock.objects.get(ticket=ticket).is_open
    with time_machine.travel(CURRENT_TIME + 25 * MINUTE, tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="We are on it.")
    with time_machine.travel(CURRENT_TIME + 50 * MINUTE, tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Fixed.")
    clock = Clock.objects.get(ticket=ticket)
    assert clock.met_at == CURRENT_TIME + 25 * MINUTE
    assert clock.end_reason == EndReason.AGENT_REPLY
    assert clock.business_time_used == 25 * MINUTE
    assert clock.breached_at is None
    assert clock.next_check_at is None
    ticket.refresh_from_db()
    assert ticket.first_response_at == clock.met_at  # the same definition (S9)
    assert ticket.next_due_at is None
    (met,) = HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_MET)
    assert met.data["names"] == ["first_response"]
    assert met.data["late"] == []
    assert met.actor == agent


def test_it_records_a_late_first_response_as_breached_once(setup, breaches):
    ticket, _customer, agent = setup
    with time_machine.travel(CURRENT_TIME + 75 * MINUTE, tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Sorry for the wait.")
    clock = Clock.objects.get(ticket=ticket)
    assert clock.met_at == CURRENT_TIME + 75 * MINUTE
    assert clock.breached_at == CURRENT_TIME + 75 * MINUTE
    assert HistoryEvent.objects.get(ticket=ticket, code=EventCode.SLA_MET).data["late"] == [
        "first_response"
    ]
    assert HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_BREACHED).count() == 1
    assert [(c.pk, now) for c, now in breaches] == [(clock.pk, CURRENT_TIME + 75 * MINUTE)]
