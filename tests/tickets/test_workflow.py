"""transition: allowed moves only, timestamps, history (T4)."""

import datetime as dt

import pytest
import time_machine

from atiende.core.errors import ActionError
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent, State, Transition
from atiende.tickets.workflow import allowed_targets
from tests import factories

CURRENT_TIME = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def ticket(db):
    return factories.ticket()


@pytest.fixture
def agent(db):
    return factories.user("agent")


def test_it_moves_through_the_default_lifecycle(ticket, agent):
    for code in ("open", "pending", "open", "resolved", "closed"):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state=code)
    ticket.refresh_from_db()
    assert ticket.state.code == "closed"
    moves = [e.data["new"] for e in HistoryEvent.objects.filter(
        ticket=ticket, code=EventCode.STATE_CHANGED)]  # fmt: skip
    assert moves == ["open", "pending", "open", "resolved", "closed"]


def test_it_sets_and_clears_resolution_timestamps(ticket, agent):
    with time_machine.travel(CURRENT_TIME, tick=False):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="resolved")
    ticket.refresh_from_db()
    assert ticket.resolved_at == CURRENT_TIME
    actions.transition(ticket, actor=agent, channel=Channel.WEB, state="open")
    ticket.refresh_from_db()
    assert ticket.resolved_at is None


def test_it_refuses_an_illegal_transition_naming_the_allowed_ones(ticket, agent):
    actions.transition(ticket, actor=agent, channel=Channel.WEB, state="closed")
    with pytest.raises(ActionError) as caught:
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="open")
    assert caught.value.code == "illegal_transition"
    assert "closed" in caught.value.message
    ticket.refresh_from_db()
    assert ticket.state.code == "closed"


def test_it_refuses_an_unknown_state(ticket, agent):
    with pytest.raises(ActionError) as caught:
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="frozen")
    assert caught.value.code == "unknown_state"
    assert "resolved" in caught.value.message


def test_the_workflow_is_data(ticket, agent):
    """A transition added as a row is allowed at once, with no code change."""
    new = ticket.state
    closed = State.objects.get(workflow=ticket.workflow, code="closed")
    Transition.objects.filter(workflow=ticket.workflow, source=new, target=closed).delete()
    assert closed not in allowed_targets(ticket)
    with pytest.raises(ActionError):
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="closed")
    Transition.objects.create(workflow=ticket.workflow, source=new, target=closed)
    actions.transition(ticket, actor=agent, channel=Channel.WEB, state="closed")
