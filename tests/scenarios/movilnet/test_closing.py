"""Steps 8.2 and 4.2: the CSM closes the ticket after notifying the result; a solved ticket the
agent did not close closes itself 24 hours later (pack Reading), unless the customer answers
that the fault is back (T4)."""

import time_machine

from atiende.packs import timers
from atiende.tickets import actions
from atiende.tickets.codes import Channel
from tests import factories
from tests.scenarios.movilnet.helpers import account, at, move, report


def solved(load_pack):
    org, requester = account(load_pack("movilnet"))
    agent = factories.user("agent")
    ticket = report(at(2026, 3, 10, 8, 0), org, requester)
    ticket = move(ticket, "csm_attention", at(2026, 3, 10, 8, 10), agent)
    return move(ticket, "resolved", at(2026, 3, 10, 11, 0), agent), requester


def run_timers(moment):
    with time_machine.travel(moment, tick=False):
        return timers.apply_due(moment)


def test_it_closes_a_solved_fault_24_hours_after_the_solution(load_pack):
    ticket, _ = solved(load_pack)
    run_timers(at(2026, 3, 11, 10, 59))
    ticket.refresh_from_db()
    assert ticket.state.code == "resolved"
    assert run_timers(at(2026, 3, 11, 11, 1)) == 1
    ticket.refresh_from_db()
    assert ticket.state.code == "closed"
    assert run_timers(at(2026, 3, 11, 11, 2)) == 0  # once


def test_it_reopens_when_the_customer_says_the_fault_is_back(load_pack):
    ticket, requester = solved(load_pack)
    with time_machine.travel(at(2026, 3, 10, 15, 0), tick=False):
        actions.reply(
            ticket,
            actor=None,
            author_contact=requester,
            channel=Channel.EMAIL,
            text="La línea volvió a fallar.",
            now=at(2026, 3, 10, 15, 0),
        )
    ticket.refresh_from_db()
    assert ticket.state.code == "csm_attention"
    assert run_timers(at(2026, 3, 11, 12, 0)) == 0
