"""T11, steps 4.1.2–8: a single-terminal fault gets its ticket and the customer goes to an
authorised installation centre with that number; the centre repairs (possibly swapping to
backup equipment) and notifies the CSM, which closes the ticket and tells the customer."""

from atiende.accounts.models import SupportGroup
from atiende.tickets import actions
from atiende.tickets.codes import Channel
from tests import factories
from tests.scenarios.movilnet.helpers import account, at, clock, move, report

REPORTED = at(2026, 3, 10, 8, 0)


def test_it_hands_a_puntual_fault_to_the_installation_centre_and_back(load_pack):
    pack = load_pack("movilnet")
    org, requester = account(pack)
    agent = factories.user("agent")
    centre = SupportGroup.objects.get(pack=pack, slug="installation-centre")
    ticket = report(REPORTED, org, requester)
    ticket = move(ticket, "csm_attention", at(2026, 3, 10, 8, 15), agent)
    ticket = move(ticket, "installation_centre", at(2026, 3, 10, 8, 40), agent)
    ticket = actions.assign(
        ticket, actor=agent, channel=Channel.WEB, group=centre, now=at(2026, 3, 10, 8, 41)
    )
    assert ticket.group == centre
    assert clock(ticket, "attention").met_at == at(2026, 3, 10, 8, 40)
    # Step 7: the centre certifies the repair (backup equipment noted) and notifies the CSM.
    actions.add_note(
        ticket,
        actor=agent,
        channel=Channel.FIELD,
        text="Equipo revisado en el centro; se usó equipo de respaldo.",
        now=at(2026, 3, 11, 10, 0),
    )
    ticket = move(ticket, "repaired", at(2026, 3, 11, 10, 5), agent)
    ticket = move(ticket, "resolved", at(2026, 3, 11, 10, 30), agent)
    ticket = move(ticket, "closed", at(2026, 3, 11, 10, 35), agent)
    assert ticket.state.code == "closed"


def test_it_keeps_the_installation_centre_an_external_team(load_pack):
    pack = load_pack("movilnet")
    tiers = {group.slug: group.tier for group in SupportGroup.objects.filter(pack=pack)}
    assert tiers["installation-centre"] == "external"
    assert tiers["cor"] == "external"
    assert tiers["csm"] == "level1"


def test_it_does_not_let_the_centre_skip_the_repair(load_pack):
    import pytest

    from atiende.core.errors import ActionError

    org, requester = account(load_pack("movilnet"))
    agent = factories.user("agent")
    ticket = report(REPORTED, org, requester)
    ticket = move(ticket, "csm_attention", at(2026, 3, 10, 8, 15), agent)
    ticket = move(ticket, "installation_centre", at(2026, 3, 10, 8, 40), agent)
    with pytest.raises(ActionError):
        move(ticket, "closed", at(2026, 3, 10, 9, 0), agent)
