"""A ticket is opened under its organisation's pack (or the default pack) and keeps it; its
workflow, case number and priority come from that pack (T1, T2, T3, T4)."""

import pytest

from atiende.core.errors import ActionError
from atiende.tickets import actions
from atiende.tickets.models import CaseSequence
from tests import factories
from tests.packs.runtime_support import customer, edited, load, open_ticket

pytestmark = pytest.mark.django_db


def test_it_opens_under_the_organisation_pack_with_the_kind_workflow_and_prefix():
    pack = load().pack
    org = customer(pack)

    ticket = open_ticket(org, kind="incident", priority="low")

    assert ticket.pack == pack
    assert ticket.workflow.slug == "support" and ticket.workflow.pack == pack
    assert ticket.state.code == "new"
    assert ticket.number == "TST-00001"
    assert ticket.state_entered_at == ticket.created_at


def test_it_opens_under_the_default_pack_when_the_organisation_has_none():
    pack = load().pack
    org = factories.organisation()

    ticket = open_ticket(org, kind="incident", priority="low")

    assert ticket.pack == pack


def test_it_shares_one_sequence_between_kinds_with_the_same_prefix():
    pack = load().pack
    org = customer(pack)

    first = open_ticket(org, kind="incident", priority="low")
    second = open_ticket(org, kind="request", subtype="reports", priority="low")
    problem = open_ticket(org, kind="problem", priority="low")

    assert (first.number, second.number, problem.number) == ("TST-00001", "TST-00002", "TSTP-0001")
    assert CaseSequence.objects.filter(prefix="TST").count() == 1


def test_it_takes_the_subtype_workflow_before_the_kind_workflow():
    pack = load().pack

    ticket = open_ticket(customer(pack), kind="request", subtype="onsite")

    assert ticket.workflow.slug == "field"
    assert ticket.state.code == "received"


def test_it_gives_the_pack_default_priority_from_its_list():
    pack = load().pack

    ticket = open_ticket(customer(pack), kind="incident")

    assert ticket.priority == "medium"


def test_it_refuses_a_priority_outside_the_pack_list():
    pack = load().pack

    with pytest.raises(ActionError) as error:
        open_ticket(customer(pack), kind="incident", priority="urgent")

    assert error.value.code == "invalid_priority"
    assert "high, medium, low" in error.value.message


def test_it_refuses_urgency_and_impact_when_the_pack_has_a_list():
    pack = load().pack

    with pytest.raises(ActionError) as error:
        open_ticket(customer(pack), kind="incident", urgency="high", impact="organisation")

    assert error.value.code == "priority_from_list"


def test_it_keeps_the_pack_of_a_ticket_when_the_default_pack_changes():
    pack = load().pack
    org = factories.organisation()
    ticket = open_ticket(org, kind="incident", priority="low")
    other = load(edited("name: desk\n", "name: other\n"), make_default=True).pack

    ticket.refresh_from_db()
    later = open_ticket(org, kind="incident", priority="low")

    assert ticket.pack == pack
    assert later.pack == other


def test_it_keeps_the_built_in_workflow_and_numbers_without_packs():
    org = factories.organisation()

    ticket = open_ticket(org, kind="incident", priority="high")

    assert ticket.pack is None
    assert ticket.workflow.slug == "default" and ticket.workflow.pack is None
    assert ticket.number.startswith("INC-")


def test_it_changes_the_priority_within_the_ticket_pack_scheme():
    pack = load().pack
    agent = factories.user("agent")
    ticket = open_ticket(customer(pack), kind="incident", priority="low")

    changed = actions.change_priority(ticket, actor=agent, channel="web", priority="high")

    assert changed.priority == "high"
    with pytest.raises(ActionError):
        actions.change_priority(changed, actor=agent, channel="web", priority="urgent")


def test_it_filters_the_desk_list_by_any_pack_priority():
    from atiende.tickets import queries

    pack = load().pack
    agent = factories.user("agent")
    medium = open_ticket(customer(pack), kind="incident", priority="medium")

    found = queries.ticket_list(agent, {"priority": "medium"})
    default_matrix = queries.ticket_list(agent, {"priority": "urgent"})

    assert list(found) == [medium]
    assert list(default_matrix) == []
