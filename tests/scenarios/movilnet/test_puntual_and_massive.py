"""T3: a single-terminal ("puntual") fault and a multiple or massive failure. A report is taken
as puntual until the CSM's protocol finds more lines affected; raising it to massive re-plans
the SLA: the 24 hours stay, and the customer is kept informed of the progress every 4 hours
(pack Reading)."""

import pytest

from atiende.tickets import actions
from atiende.tickets.codes import Channel
from tests import factories
from tests.scenarios.movilnet.helpers import account, at, clock, move, report

REPORTED = at(2026, 3, 10, 8, 0)


@pytest.fixture
def customer(load_pack):
    return account(load_pack("movilnet"))


def test_it_opens_a_report_as_a_puntual_failure(customer):
    ticket = report(REPORTED, *customer)
    assert ticket.priority == "puntual"
    assert ticket.sla_policy.slug == "puntual"
    assert not ticket.clocks.filter(name="update").exists()


def test_it_opens_a_massive_failure_with_progress_updates(customer):
    ticket = report(REPORTED, *customer, priority="massive")
    assert ticket.sla_policy.slug == "massive"
    assert clock(ticket, "attention").due_at == at(2026, 3, 11, 8, 0)
    assert clock(ticket, "update").due_at == at(2026, 3, 10, 12, 0)
    agent = factories.user("agent")
    actions.reply(
        ticket,
        actor=agent,
        channel=Channel.EMAIL,
        text="El COR trabaja en la radiobase afectada.",
        now=at(2026, 3, 10, 11, 0),
    )
    assert clock(ticket, "update", cycle=1).met_at == at(2026, 3, 10, 11, 0)
    assert clock(ticket, "update", cycle=2).due_at == at(2026, 3, 10, 15, 0)


def test_it_replans_when_the_protocol_finds_a_massive_failure(customer):
    ticket = report(REPORTED, *customer)
    agent = factories.user("agent")
    ticket = move(ticket, "csm_attention", at(2026, 3, 10, 8, 10), agent)
    ticket = actions.change_priority(
        ticket, actor=agent, channel=Channel.WEB, priority="massive", now=at(2026, 3, 10, 9, 0)
    )
    ticket.refresh_from_db()
    assert ticket.sla_policy.slug == "massive"
    # The 24 hours keep their start at the report.
    assert clock(ticket, "attention").due_at == at(2026, 3, 11, 8, 0)
    ticket = move(ticket, "network_operations", at(2026, 3, 10, 9, 5), agent)
    # Handing a massive failure to the COR does not attend it: only its solution does.
    assert clock(ticket, "attention").met_at is None
    ticket = move(ticket, "resolved", at(2026, 3, 10, 20, 0), agent)
    assert clock(ticket, "attention").met_at == at(2026, 3, 10, 20, 0)


def test_it_refuses_a_priority_the_pack_does_not_have(customer):
    from atiende.core.errors import ActionError

    with pytest.raises(ActionError):
        report(REPORTED, *customer, priority="high")
