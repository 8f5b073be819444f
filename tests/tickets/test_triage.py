"""assign, change_priority, link_problem, merge, workaround and solution (T3, T5, T7)."""

import pytest

from atiende.core.errors import ActionError, Conflict
from atiende.core.sentinel import UNCHANGED
from atiende.tickets import actions
from atiende.tickets.attachments import Upload
from atiende.tickets.codes import Channel, EventCode, Kind, MessageKind
from atiende.tickets.history import render
from atiende.tickets.models import HistoryEvent
from tests import factories


@pytest.fixture
def org(db):
    return factories.organisation()


@pytest.fixture
def agent(db):
    return factories.user("agent")


def _events(ticket, code):
    return list(HistoryEvent.objects.filter(ticket=ticket, code=code))


def test_it_assigns_to_an_agent_and_a_group(org, agent):
    ticket = factories.ticket(org)
    other = factories.user("agent_l2")
    group = factories.group(name="Level 2", slug="level-2", tier="level2")
    actions.assign(ticket, actor=agent, channel=Channel.WEB, assignee=other, group=group)
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.group) == (other, group)
    (event,) = _events(ticket, EventCode.ASSIGNED)
    assert event.data["new_assignee"] == other.username
    assert event.data["new_group"] == "level-2"
    actions.assign(ticket, actor=agent, channel=Channel.WEB, assignee=None)
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert ticket.group == group


def test_it_refuses_to_assign_to_a_customer(org, agent):
    ticket = factories.ticket(org)
    customer = factories.user("customer", org)
    with pytest.raises(ActionError) as caught:
        actions.assign(ticket, actor=agent, channel=Channel.WEB, assignee=customer)
    assert caught.value.field == "assignee"
    assert _events(ticket, EventCode.ASSIGNED) == []


def test_it_recomputes_priority_from_urgency_and_impact(org, agent):
    ticket = factories.ticket(org, urgency="low", impact="individual")
    assert ticket.priority == "low"
    actions.change_priority(ticket, actor=agent, channel=Channel.WEB, urgency="high")
    ticket.refresh_from_db()
    assert (ticket.urgency, ticket.impact, ticket.priority) == ("high", "individual", "normal")
    (event,) = _events(ticket, EventCode.PRIORITY_CHANGED)
    assert event.data["old_priority"] == "low"
    assert event.data["new_priority"] == "normal"


def test_it_sets_a_priority_alone(org, agent):
    ticket = factories.ticket(org)
    actions.change_priority(ticket, actor=agent, channel=Channel.WEB, priority="high")
    ticket.refresh_from_db()
    assert ticket.priority == "high"
    with pytest.raises(ActionError):
        actions.change_priority(ticket, actor=agent, channel=Channel.WEB, priority="p0")
    with pytest.raises(ActionError):
        actions.change_priority(ticket, actor=agent, channel=Channel.WEB, priority=UNCHANGED)


def test_it_links_an_incident_to_a_problem(org, agent):
    incident = factories.ticket(org)
    problem = factories.ticket(org, kind=Kind.PROBLEM)
    actions.link_problem(incident, actor=agent, channel=Channel.WEB, problem=problem)
    incident.refresh_from_db()
    assert incident.problem == problem
    assert list(problem.incidents.all()) == [incident]
    with pytest.raises(ActionError) as caught:
        actions.link_problem(problem, actor=agent, channel=Channel.WEB, problem=incident)
    assert caught.value.code == "not_a_problem"


def test_it_merges_a_duplicate_and_closes_it(org, agent):
    original = factories.ticket(org)
    duplicate = factories.ticket(org)
    actions.merge(duplicate, actor=agent, channel=Channel.WEB, into=original)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original
    assert duplicate.state.category == "closed"
    assert _events(duplicate, EventCode.MERGED_INTO)[0].data == {"target": original.number}
    assert _events(original, EventCode.MERGED_FROM)[0].data == {"source": duplicate.number}
    assert original.messages.filter(kind=MessageKind.SYSTEM).count() == 1
    with pytest.raises(ActionError) as caught:
        actions.reply(duplicate, actor=agent, channel=Channel.WEB, text="hi")
    assert caught.value.code == "ticket_merged"


def test_it_refuses_to_merge_across_organisations_or_into_itself(org, agent):
    mine = factories.ticket(org)
    theirs = factories.ticket(factories.organisation())
    with pytest.raises(ActionError) as caught:
        actions.merge(mine, actor=agent, channel=Channel.WEB, into=theirs)
    assert caught.value.code == "merge_other_organisation"
    with pytest.raises(ActionError) as caught:
        actions.merge(mine, actor=agent, channel=Channel.WEB, into=mine)
    assert caught.value.code == "merge_into_itself"
    mine.refresh_from_db()
    assert mine.merged_into is None


def test_it_keeps_workaround_and_solution_apart(org, agent):
    ticket = factories.ticket(org)
    actions.record_workaround(ticket, actor=agent, channel=Channel.WEB, text="Rerouted trunk")
    actions.record_solution(ticket, actor=agent, channel=Channel.WEB, text="Replaced card")
    ticket.refresh_from_db()
    assert ticket.workaround == "Rerouted trunk"
    assert ticket.solution == "Replaced card"
    assert ticket.workaround_at is not None
    assert ticket.solution_at >= ticket.workaround_at
    assert len(_events(ticket, EventCode.WORKAROUND_RECORDED)) == 1


def test_history_renders_in_the_readers_language(org, agent):
    ticket = factories.ticket(org)
    actions.transition(ticket, actor=agent, channel=Channel.WEB, state="resolved")
    event = _events(ticket, EventCode.STATE_CHANGED)[0]
    assert render(event, "en") == "State changed from New to Resolved"
    assert render(event, "es") == "Estado cambiado de Nuevo a Resuelto"


@pytest.mark.parametrize(
    "act",
    [
        lambda t, a, v: actions.link_problem(
            t, actor=a, channel=Channel.WEB, expected_version=v,
            problem=factories.ticket(t.organisation, kind=Kind.PROBLEM),
        ),
        lambda t, a, v: actions.merge(
            t, actor=a, channel=Channel.WEB, expected_version=v,
            into=factories.ticket(t.organisation),
        ),
        lambda t, a, v: actions.record_workaround(
            t, actor=a, channel=Channel.WEB, text="x", expected_version=v
        ),
        lambda t, a, v: actions.record_solution(
            t, actor=a, channel=Channel.WEB, text="x", expected_version=v
        ),
        lambda t, a, v: actions.add_attachments(
            t, actor=a, channel=Channel.WEB, expected_version=v,
            attachments=[Upload("log.txt", b"trace")],
        ),
    ],
)  # fmt: skip
def test_every_change_refuses_a_stale_version(org, agent, act):
    ticket = factories.ticket(org)
    stale = ticket.version
    actions.add_note(ticket, actor=agent, channel=Channel.WEB, text="meanwhile")
    history_before = HistoryEvent.objects.filter(ticket=ticket).count()
    with pytest.raises(Conflict):
        act(ticket, agent, stale)
    assert HistoryEvent.objects.filter(ticket=ticket).count() == history_before
    ticket.refresh_from_db()
    act(ticket, agent, ticket.version)  # the current version is accepted
