"""WeKall's single point of contact takes tickets by portal, phone, e-mail and WhatsApp (C1,
C2); the portal and the mailbox take them 7x24 while the clock runs in business hours (S1);
a channel the seed does not name does not count for the service levels (R4)."""

import pytest

from atiende.tickets.codes import Channel
from tests.scenarios.wekall.helpers import at, clock, customer, open_ticket

SATURDAY_1000 = at(2026, 3, 7, 10, 0)
# Saturday and Sunday are closed: the urgent hour runs on Monday 07:30-08:30.
MONDAY_0830 = at(2026, 3, 9, 8, 30)


@pytest.mark.parametrize("channel", [Channel.PORTAL, Channel.EMAIL, Channel.WHATSAPP])
def test_it_takes_tickets_on_a_saturday_and_counts_from_monday(load_pack, channel):
    pack = load_pack("wekall")
    org, requester = customer(pack)
    ticket = open_ticket(SATURDAY_1000, org, requester, channel=channel, priority="urgent")
    assert ticket.flags == []
    assert clock(ticket).due_at == MONDAY_0830


def test_it_flags_a_channel_the_seed_does_not_name(load_pack):
    pack = load_pack("wekall")
    org, requester = customer(pack)
    ticket = open_ticket(SATURDAY_1000, org, requester, channel=Channel.API, priority="urgent")
    ticket.refresh_from_db()
    assert ticket.flags == ["unofficial_channel"]
    assert ticket.sla_policy is None
    assert ticket.intake_message
