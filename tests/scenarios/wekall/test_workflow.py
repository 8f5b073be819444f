"""The WeKall lifecycle (T4, E1, T7): registered → in progress → escalated to specialised
support or development → resolved → closed; illegal moves are refused with a clear error."""

import pytest

from atiende.core.errors import ActionError
from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from tests import factories
from tests.scenarios.wekall.helpers import at, clock, customer, open_ticket

WEDNESDAY_0900 = at(2026, 3, 4, 9, 0)


def test_it_opens_tickets_in_the_packs_workflow(load_pack):
    pack = load_pack("wekall")
    org, requester = customer(pack)
    ticket = open_ticket(WEDNESDAY_0900, org, requester, priority="low")
    assert ticket.pack == pack
    assert ticket.workflow.pack == pack
    assert ticket.workflow.slug == "support"
    assert ticket.state.code == "new"
    assert ticket.number.startswith("WEK")


def test_it_escalates_to_development_and_keeps_the_clock(load_pack):
    # E1: escalation moves the ticket and keeps the clock.
    pack = load_pack("wekall")
    org, requester = customer(pack)
    agent = factories.user("agent")
    ticket = open_ticket(WEDNESDAY_0900, org, requester, priority="normal")
    due = clock(ticket).due_at
    for state in ("open", "escalated", "development"):
        ticket = actions.transition(
            ticket, actor=agent, channel=Channel.WEB, state=state, now=WEDNESDAY_0900
        )
    assert ticket.state.code == "development"
    assert clock(ticket).due_at == due


def test_it_refuses_closing_a_ticket_that_is_not_resolved(load_pack):
    pack = load_pack("wekall")
    org, requester = customer(pack)
    agent = factories.user("agent")
    ticket = open_ticket(WEDNESDAY_0900, org, requester, priority="normal")
    with pytest.raises(ActionError) as caught:
        actions.transition(ticket, actor=agent, channel=Channel.WEB, state="closed")
    assert caught.value.code == "illegal_transition"
    assert "open, escalated, pending, resolved" in str(caught.value)


def test_it_opens_problems_without_an_sla(load_pack):
    # T7: problems follow their own workflow; the seed gives them no response time.
    pack = load_pack("wekall")
    org, requester = customer(pack)
    problem = open_ticket(WEDNESDAY_0900, org, requester, kind=Kind.PROBLEM, priority="high")
    assert problem.number.startswith("WEKP")
    assert problem.workflow.slug == "problems"
    assert problem.sla_policy is None
