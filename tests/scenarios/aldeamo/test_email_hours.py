"""Aldeamo incidents by e-mail: the mailbox is read 08:00-20:00 (S3, C5), and the clock runs
on the plan's calendar intersected with those hours (S2 Reading), for VIP customers too."""

import pytest

from atiende.sla import queries
from atiende.tickets.codes import Channel
from tests import factories
from tests.scenarios.aldeamo.helpers import at, clock, customer, open_ticket

WEDNESDAY_2300 = at(2026, 3, 4, 23, 0)
THURSDAY_0800 = at(2026, 3, 5, 8, 0)


@pytest.mark.parametrize("plan", ["vip", "conventional"])
def test_it_starts_a_medium_incident_mailed_at_23_at_the_next_opening(load_pack, plan):
    pack = load_pack("aldeamo")
    org, requester = customer(pack, plan=plan)
    agent = factories.user("agent")
    ticket = open_ticket(WEDNESDAY_2300, org, requester, channel=Channel.EMAIL, priority="medium")
    assert ticket.flags == []
    first = clock(ticket)
    # 2 h from 08:00, the e-mail channel's opening.
    assert first.due_at == at(2026, 3, 5, 10, 0)
    (view,) = queries.clocks_for(ticket, agent, now=THURSDAY_0800.replace(hour=7, minute=59))
    assert view.remaining_seconds == 2 * 3600.0  # nothing counted overnight
    (view,) = queries.clocks_for(ticket, agent, now=THURSDAY_0800.replace(hour=9))
    assert view.remaining_seconds == 3600.0


def test_it_runs_the_same_vip_incident_through_the_night_by_phone(load_pack):
    # The contrast: by phone (7x24) a VIP customer's medium incident is due at 01:00.
    pack = load_pack("aldeamo")
    org, requester = customer(pack, plan="vip")
    ticket = open_ticket(WEDNESDAY_2300, org, requester, channel=Channel.PHONE, priority="medium")
    assert clock(ticket).due_at == at(2026, 3, 5, 1, 0)


@pytest.mark.parametrize(
    ("moment", "priority", "due"),
    [
        # Low: 6 h from 08:00.
        (WEDNESDAY_2300, "low", at(2026, 3, 5, 14, 0)),
        # At 19:00 one hour counts before 20:00, the rest from 08:00.
        (at(2026, 3, 4, 19, 0), "medium", at(2026, 3, 5, 9, 0)),
        # Before 08:00 (the conventional plan is already open at 07:00) the mailbox is not.
        (at(2026, 3, 4, 7, 30), "medium", at(2026, 3, 4, 10, 0)),
        # Sundays too: the e-mail hours run every day.
        (at(2026, 3, 8, 18, 0), "low", at(2026, 3, 9, 12, 0)),
    ],
)
def test_it_counts_only_the_e_mail_hours(load_pack, moment, priority, due):
    pack = load_pack("aldeamo")
    org, requester = customer(pack, plan="conventional")
    ticket = open_ticket(moment, org, requester, channel=Channel.EMAIL, priority=priority)
    assert clock(ticket).due_at == due
