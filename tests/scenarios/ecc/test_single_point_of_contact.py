"""C1: one point of contact: whatever the channel, every report lands in the same queue, the
same workflow and one sequence of case numbers (T1)."""

from atiende.tickets.codes import Channel, Kind
from tests.scenarios.ecc.helpers import at, customer, open_case

OPENED = at(2026, 3, 10, 10, 0)


def test_it_takes_every_channel_into_one_queue(load_pack):
    pack = load_pack("ecc")
    org, requester = customer(pack)
    tickets = [
        open_case(OPENED, org, requester, channel=Channel.PHONE),
        open_case(
            OPENED, org, requester, channel=Channel.EMAIL, kind=Kind.REQUEST, subtype="access"
        ),
        open_case(OPENED, org, requester, channel=Channel.PORTAL, subtype="productivity"),
    ]
    assert {t.workflow.slug for t in tickets} == {"helpdesk"}
    assert {t.workflow.pack_id for t in tickets} == {pack.pk}
    assert {t.pack_id for t in tickets} == {pack.pk}
    assert all(t.number.startswith("ECC") for t in tickets)
    numbers = [int("".join(ch for ch in t.number if ch.isdigit())) for t in tickets]
    assert numbers == list(range(numbers[0], numbers[0] + 3))  # one shared sequence


def test_it_lets_level_one_resolve_on_the_line(load_pack):
    from atiende.tickets import actions
    from tests import factories

    org, requester = customer(load_pack("ecc"))
    ticket = open_case(OPENED, org, requester, kind=Kind.REQUEST, subtype="usage")
    agent = factories.user("agent")
    ticket = actions.transition(
        ticket, actor=agent, channel=Channel.PHONE, state="resolved", now=at(2026, 3, 10, 10, 6)
    )
    assert ticket.state.code == "resolved"
