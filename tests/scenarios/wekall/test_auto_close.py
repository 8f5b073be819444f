"""WeKall closes a resolved ticket automatically 48 h after its resolution unless the
customer answers before, which reopens it (T4); the survey is asked at resolution (Q1)."""

import datetime as dt

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.scenarios.wekall.helpers import at, customer, open_ticket

WEDNESDAY_0900 = at(2026, 3, 4, 9, 0)
RESOLVED_AT = at(2026, 3, 4, 11, 0)
CLOSES_AT = RESOLVED_AT + dt.timedelta(hours=48)  # real time, not business hours


def apply_due(now):
    """Run the timed transitions due at ``now`` (the ``packs.timers`` task's work)."""
    from atiende.packs.timers import apply_due as run

    return run(now)


def resolved_ticket(pack):
    org, requester = customer(pack)
    agent = factories.user("agent")
    ticket = open_ticket(WEDNESDAY_0900, org, requester, priority="high")
    actions.reply(
        ticket,
        actor=agent,
        channel=Channel.WEB,
        text="Reiniciamos el troncal.",
        now=WEDNESDAY_0900 + dt.timedelta(minutes=20),
    )
    ticket = actions.transition(
        ticket, actor=agent, channel=Channel.WEB, state="resolved", now=RESOLVED_AT
    )
    assert ticket.state.code == "resolved"
    return ticket, requester


def test_it_closes_48_hours_after_resolution(load_pack):
    pack = load_pack("wekall")
    ticket, _requester = resolved_ticket(pack)

    apply_due(CLOSES_AT - dt.timedelta(minutes=1))
    ticket.refresh_from_db()
    assert ticket.state.code == "resolved"

    assert apply_due(CLOSES_AT) == 1
    ticket.refresh_from_db()
    assert ticket.state.code == "closed"
    assert ticket.closed_at == CLOSES_AT
    assert ticket.resolved_at == RESOLVED_AT
    change = HistoryEvent.objects.filter(ticket=ticket, code=EventCode.STATE_CHANGED).latest("id")
    assert (change.data["old"], change.data["new"]) == ("resolved", "closed")
    assert change.actor is None  # the desk did it, not a person

    assert apply_due(CLOSES_AT + dt.timedelta(hours=1)) == 0  # once only


def test_it_reopens_when_the_customer_answers_before_the_48_hours(load_pack):
    pack = load_pack("wekall")
    ticket, requester = resolved_ticket(pack)
    actions.reply(
        ticket,
        actor=None,
        author_contact=requester,
        channel=Channel.EMAIL,
        text="El problema volvió a presentarse esta mañana.",
        now=RESOLVED_AT + dt.timedelta(hours=24),
    )
    ticket.refresh_from_db()
    assert ticket.state.code == "open"
    assert ticket.resolved_at is None

    assert apply_due(CLOSES_AT) == 0
    ticket.refresh_from_db()
    assert ticket.state.code == "open"


def test_it_counts_the_48_hours_from_the_last_resolution(load_pack):
    pack = load_pack("wekall")
    ticket, requester = resolved_ticket(pack)
    agent = factories.user("agent")
    reopened = RESOLVED_AT + dt.timedelta(hours=24)
    actions.reply(
        ticket,
        actor=None,
        author_contact=requester,
        channel=Channel.EMAIL,
        text="Sigue fallando.",
        now=reopened,
    )
    resolved_again = reopened + dt.timedelta(hours=2)
    ticket = actions.transition(
        ticket, actor=agent, channel=Channel.WEB, state="resolved", now=resolved_again
    )
    assert apply_due(CLOSES_AT) == 0
    ticket.refresh_from_db()
    assert ticket.state.code == "resolved"
    assert apply_due(resolved_again + dt.timedelta(hours=48)) == 1
    ticket.refresh_from_db()
    assert ticket.state.code == "closed"
