"""GET /api/v1/tickets/: filtered, cursor-paginated, scoped to the user (R3)."""

import pytest

from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from tests import factories
from tests.api.conftest import url


def _numbers(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["number"] for row in response.json()["results"]]


@pytest.fixture
def tickets(personas):
    """Four tickets: the customer's, its teammate's, and two of the other organisation."""
    voice = factories.service(code="voice")
    level2 = factories.group(slug="level-2")
    mine = factories.ticket(personas.org, requester=personas.customer.contact,
                            subject="Voice trunk down", service=voice, urgency="high",
                            impact="organisation")  # fmt: skip
    teammate = factories.ticket(personas.org, requester=personas.teammate.contact,
                                kind=Kind.REQUEST, subject="New SIP account")  # fmt: skip
    other = factories.ticket(personas.other_org, requester=personas.other_customer.contact,
                             subject="SMS delayed")  # fmt: skip
    problem = factories.ticket(personas.other_org, kind=Kind.PROBLEM, subject="SMSC queue")
    actions.assign(other, actor=personas.agent, channel=Channel.WEB, assignee=personas.agent,
                   group=level2)  # fmt: skip
    actions.transition(teammate, actor=personas.agent, channel=Channel.WEB, state="open")
    return {"mine": mine, "teammate": teammate, "other": other, "problem": problem}


def test_it_shows_each_role_its_tickets_newest_first(personas, client_for, tickets):
    def numbers(role):
        return _numbers(client_for(personas.by_role(role)).get(url("api-ticket-list")))

    everything = [t.number for t in sorted(tickets.values(), key=lambda t: -t.pk)]
    assert numbers("agent") == everything
    assert numbers("admin") == everything
    assert numbers("customer_admin") == [tickets["teammate"].number, tickets["mine"].number]
    assert numbers("customer") == [tickets["mine"].number]
    assert numbers("other_customer") == [tickets["other"].number]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "open"}, ["problem", "other", "teammate", "mine"]),  # "new" is open too
        ({"state": "new"}, ["problem", "other", "mine"]),
        ({"state": "open,closed"}, ["teammate"]),  # a category list
        ({"kind": "request"}, ["teammate"]),
        ({"kind": "problem,request"}, ["problem", "teammate"]),
        ({"priority": "urgent"}, ["mine"]),
        ({"organisation": "beta"}, ["problem", "other"]),
        ({"assignee": "me"}, ["other"]),
        ({"assignee": "none"}, ["problem", "teammate", "mine"]),
        ({"assignee": "agent"}, ["other"]),
        ({"group": "level-2"}, ["other"]),
        ({"group": "none"}, ["problem", "teammate", "mine"]),
        ({"service": "voice"}, ["mine"]),
        ({"text": "sip account"}, ["teammate"]),
        ({"text": "INC-000001"}, ["mine"]),
        ({"kind": "incident", "organisation": "alpha"}, ["mine"]),
    ],
)
def test_it_filters(personas, client_for, tickets, params, expected):
    response = client_for(personas.agent).get(url("api-ticket-list"), params)

    assert _numbers(response) == [tickets[name].number for name in expected]


def test_it_filters_only_within_what_the_user_may_see(personas, client_for, tickets):
    response = client_for(personas.customer).get(url("api-ticket-list"), {"organisation": "beta"})

    assert _numbers(response) == []


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"kind": "bug"}, "kind", "Unknown kind bug: use incident, request or problem."),
        (
            {"state": "opne"},
            "state",
            "Unknown state opne: use open, a category (new, open, pending, resolved, closed) "
            "or a state code.",
        ),
        (
            {"priority": "extreme"},
            "priority",
            "Unknown priority extreme: use urgent, high, normal, low.",
        ),
        ({"text": "x" * 201}, "text", "The search text is too long (200 characters at most)."),
        (
            {"stat": "open"},
            "stat",
            "Unknown query parameter: this endpoint accepts state, kind, "
            "priority, organisation, assignee, group, service, text, cursor, page_size, lang.",
        ),
        (
            {"kind": ["incident", "problem"]},
            "kind",
            "Give this parameter once (several values: comma-separated).",
        ),
        ({"page_size": "0"}, "page_size", "Give a whole number from 1 to 200."),
        ({"page_size": "abc"}, "page_size", "Give a whole number from 1 to 200."),
        ({"page_size": "201"}, "page_size", "Give a whole number from 1 to 200."),
        (
            {"cursor": "not-a-cursor"},
            "cursor",
            "This cursor is not valid: use the next or previous link of a page.",
        ),
        (
            {"cursor": "cD1hYmM="},
            "cursor",  # p=abc
            "This cursor is not valid: use the next or previous link of a page.",
        ),
    ],
)
def test_it_refuses_bad_filters_and_paging(personas, client_for, tickets, params, field, message):
    response = client_for(personas.agent).get(url("api-ticket-list"), params)

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}


def test_it_pages_with_a_cursor(personas, client_for):
    made = [factories.ticket(personas.org) for _ in range(5)]
    client = client_for(personas.agent)

    first = client.get(url("api-ticket-list"), {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    back = client.get(third["previous"]).json()

    newest_first = [t.number for t in reversed(made)]
    assert [r["number"] for r in first["results"]] == newest_first[:2]
    assert [r["number"] for r in second["results"]] == newest_first[2:4]
    assert [r["number"] for r in third["results"]] == newest_first[4:]
    assert third["next"] is None
    assert [r["number"] for r in back["results"]] == newest_first[2:4]
    assert first["previous"] is None


@pytest.mark.parametrize("role", ["customer", "customer_admin", "agent"])
def test_it_lists_in_constant_queries(personas, client_for, django_assert_num_queries, role):
    client = client_for(personas.by_role(role))
    service, group = factories.service(), factories.group()

    def make(n):
        for _ in range(n):
            ticket = factories.ticket(personas.org, requester=personas.customer.contact,
                                      service=service, actor=personas.customer)  # fmt: skip
            actions.assign(ticket, actor=personas.agent, channel=Channel.WEB,
                           assignee=personas.agent, group=group)  # fmt: skip

    make(2)
    with django_assert_num_queries(2):  # the token with its user, one page of tickets
        assert len(client.get(url("api-ticket-list")).json()["results"]) == 2
    make(28)
    with django_assert_num_queries(2):
        assert len(client.get(url("api-ticket-list")).json()["results"]) == 30
    with django_assert_num_queries(3):  # + the state codes the filter is checked against
        client.get(url("api-ticket-list"), {"state": "new,open"})
