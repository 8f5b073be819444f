"""While an Aldeamo high incident is open the customers get an update every 30 minutes (S8,
N3): each agent reply meets the current update and starts the next; a missed update is
breached by the sweep (S10)."""

import datetime as dt

from atiende.sla.models import Clock
from atiende.sla.sweep import sweep
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.scenarios.aldeamo.helpers import at, clock, customer, open_ticket

WEDNESDAY_1400 = at(2026, 3, 4, 14, 0)


def minutes(n: int) -> dt.datetime:
    return WEDNESDAY_1400 + dt.timedelta(minutes=n)


def high_incident(pack, plan="vip"):
    org, requester = customer(pack, plan=plan)
    agent = factories.user("agent")
    ticket = open_ticket(
        WEDNESDAY_1400, org, requester, actor=agent, channel=Channel.PHONE, priority="high"
    )
    return ticket, agent


def say(ticket, agent, when, text="Seguimos trabajando en la plataforma SMS."):
    actions.reply(ticket, actor=agent, channel=Channel.WEB, text=text, now=when)


def test_it_starts_the_updates_with_the_first_response(load_pack):
    pack = load_pack("aldeamo")
    ticket, agent = high_incident(pack)
    assert clock(ticket, "update").started_at is None  # waits for the first response
    say(ticket, agent, minutes(5), "Recibimos su reporte: caso en atención.")
    assert clock(ticket).met_at == minutes(5)
    update = clock(ticket, "update")
    assert update.started_at == minutes(5)
    assert update.due_at == minutes(35)


def test_it_breaches_a_missed_update_in_the_sweep(load_pack):
    pack = load_pack("aldeamo")
    ticket, agent = high_incident(pack)
    say(ticket, agent, minutes(5))
    say(ticket, agent, minutes(30))  # meets update 1, starts update 2
    first_update = clock(ticket, "update", cycle=1)
    assert first_update.met_at == minutes(30)
    assert first_update.breached_at is None
    second = clock(ticket, "update", cycle=2)
    assert second.due_at == minutes(60)

    sweep(now=minutes(54))  # 80 % of 30 min used: at risk
    second.refresh_from_db()
    assert second.warned_at is not None
    assert second.breached_at is None

    sweep(now=minutes(61))
    second.refresh_from_db()
    assert second.breached_at == minutes(61)
    breach = HistoryEvent.objects.get(ticket=ticket, code=EventCode.SLA_BREACHED)
    assert (breach.data["target"], breach.data["cycle"]) == ("update", 2)

    sweep(now=minutes(90))  # raised once only
    assert HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_BREACHED).count() == 1


def test_it_stops_the_updates_once_resolved(load_pack):
    pack = load_pack("aldeamo")
    ticket, agent = high_incident(pack)
    say(ticket, agent, minutes(5))
    ticket.refresh_from_db()
    actions.transition(ticket, actor=agent, channel=Channel.WEB, state="resolved", now=minutes(20))
    open_updates = Clock.objects.filter(
        ticket=ticket, name="update", met_at__isnull=True, stopped_at__isnull=True
    )
    assert not open_updates.exists()
    sweep(now=minutes(120))
    assert not HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_BREACHED).exists()


def test_it_runs_a_conventional_customers_updates_in_the_plans_hours(load_pack):
    # S2 Reading: a conventional customer's clocks stop at 21:00 and resume at 07:00.
    pack = load_pack("aldeamo")
    org, requester = customer(pack, plan="conventional")
    agent = factories.user("agent")
    evening = at(2026, 3, 4, 20, 40)
    ticket = open_ticket(
        evening, org, requester, actor=agent, channel=Channel.PHONE, priority="high"
    )
    say(ticket, agent, at(2026, 3, 4, 20, 45))
    assert clock(ticket, "update").due_at == at(2026, 3, 5, 7, 15)
