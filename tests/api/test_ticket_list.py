"""GET /api/v1/tickets/: filtered, cursor-paginated, scoped to the user (R3); service-level
filter and next-due order (S10)."""

import pytest
import time_machine

from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from tests import factories
from tests.api.conftest import url
from tests.web.helpers import at, sla_policy, sla_ticket


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
            "Unknown query parameter: this endpoint accepts state, kind, priority, "
            "organisation, assignee, group, service, text, sla, ordering, cursor, page_size, "
            "lang.",
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


# --- service levels: next_due_at, sla filter, ordering=next_due (S10) ----------------------


@pytest.fixture
def due(personas):
    """Incidents with a first response due at 10:00, 10:00, 10:10 and (met) none, and requests
    without a policy, in the order they were opened."""
    sla_policy()
    made = {
        "a": sla_ticket(personas, at(9, 0)),
        "none1": sla_ticket(personas, at(9, 0), kind=Kind.REQUEST),
        "b": sla_ticket(personas, at(9, 0)),
        "c": sla_ticket(personas, at(9, 10)),
        "none2": sla_ticket(personas, at(9, 10), kind=Kind.REQUEST),
        "met": sla_ticket(personas, at(9, 20)),
    }
    with time_machine.travel(at(9, 25), tick=False):
        actions.reply(made["met"], actor=personas.agent, channel=Channel.WEB, text="On it.")
    return made


def _list(client, when=None, **params):
    with time_machine.travel(when or at(9, 30), tick=False):
        return client.get(url("api-ticket-list"), params)


def test_it_gives_staff_the_next_due_time_of_each_row(personas, client_for, due):
    rows = {r["id"]: r for r in _list(client_for(personas.agent)).json()["results"]}

    assert rows[due["a"].pk]["next_due_at"] == "2026-11-23T10:00:00-05:00"
    assert rows[due["c"].pk]["next_due_at"] == "2026-11-23T10:10:00-05:00"
    # First response met: the resolution (240 business minutes from 09:20) is next.
    assert rows[due["met"].pk]["next_due_at"] == "2026-11-23T14:50:00-05:00"
    assert rows[due["none1"].pk]["next_due_at"] is None


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_gives_customers_no_due_times(personas, client_for, due, role):
    rows = _list(client_for(personas.by_role(role))).json()["results"]

    assert rows and all(row["next_due_at"] is None for row in rows)


@pytest.mark.parametrize(
    ("when", "sla", "expected"),
    [
        (at(9, 30), "at_risk", []),
        (at(9, 50), "at_risk", ["b", "a"]),  # past 09:48, 80 % of the hour
        (at(9, 50), "breached", []),
        (at(10, 5), "breached", ["b", "a"]),
        (at(10, 5), "at_risk", ["c"]),
        (at(10, 15), "breached", ["c", "b", "a"]),
    ],
)
def test_it_filters_by_service_level(personas, client_for, due, when, sla, expected):
    response = _list(client_for(personas.agent), when, sla=sla)

    assert _numbers(response) == [due[name].number for name in expected]


def test_it_sorts_by_next_due_time_with_tickets_without_one_last(personas, client_for, due):
    response = _list(client_for(personas.agent), ordering="next_due")

    # Ties newest first; the met ticket's resolution is due at 14:50.
    expected = ["b", "a", "c", "met", "none2", "none1"]
    assert _numbers(response) == [due[name].number for name in expected]
    default = _numbers(_list(client_for(personas.agent), ordering="-id"))
    assert default == _numbers(_list(client_for(personas.agent)))
    assert default == [t.number for t in sorted(due.values(), key=lambda t: -t.pk)]


def _page(body) -> list[str]:
    return [row["number"] for row in body["results"]]


@pytest.mark.parametrize("page_size", [1, 2, 3, 4, 7])
def test_it_pages_in_due_order_both_ways(personas, client_for, page_size):
    """Keyset pages stay exact with ties and tickets without a due time (nulls last)."""
    sla_policy()
    opened = [at(9, 0), at(9, 0), at(9, 5), at(9, 0), at(9, 5), at(9, 10), at(9, 5)]
    made = [sla_ticket(personas, when) for when in opened]
    made += [sla_ticket(personas, at(9, 0), kind=Kind.REQUEST) for _ in range(4)]
    made.insert(3, sla_ticket(personas, at(9, 10), kind=Kind.REQUEST))
    for ticket in made:
        ticket.refresh_from_db()
    due = sorted((t for t in made if t.next_due_at), key=lambda t: (t.next_due_at, -t.pk))
    without = sorted((t for t in made if t.next_due_at is None), key=lambda t: -t.pk)
    assert len(due) == 7 and len(without) == 5
    expected = [t.number for t in due + without]
    client = client_for(personas.agent)

    with time_machine.travel(at(9, 30), tick=False):
        body = client.get(url("api-ticket-list"), {"ordering": "next_due", "page_size": page_size})
        assert body.json()["previous"] is None
        body = body.json()
        forward = [_page(body)]
        while body["next"]:
            body = client.get(body["next"]).json()
            forward.append(_page(body))
        # Back from the last page to the first through the "previous" links.
        backward = [_page(body)]
        while body["previous"]:
            body = client.get(body["previous"]).json()
            backward.append(_page(body))

    assert [number for page in forward for number in page] == expected
    assert all(len(page) == page_size for page in forward[:-1])
    assert list(reversed(backward)) == forward


def test_it_keeps_filters_in_the_due_order_links(personas, client_for, due):
    client = client_for(personas.agent)
    first = _list(client, at(10, 15), ordering="next_due", sla="breached", page_size=2).json()

    assert "sla=breached" in first["next"] and "ordering=next_due" in first["next"]
    with time_machine.travel(at(10, 15), tick=False):
        second = client.get(first["next"]).json()
    assert [r["number"] for r in first["results"] + second["results"]] == [
        due[name].number for name in ("b", "a", "c")
    ]
    assert second["next"] is None


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"sla": "late"}, "sla", "Unknown SLA filter late: use breached or at_risk."),
        ({"ordering": "due"}, "ordering", "Unknown ordering due: use -id, next_due."),
        (
            {"ordering": "next_due", "cursor": "cD0yMDI2"},  # p=2026: an id-order cursor
            "cursor",
            "This cursor is not valid: use the next or previous link of a page.",
        ),
        (
            {"ordering": "next_due", "cursor": "cj0wJmk9MyZkPTIwMjYtMTEtMjNUMTA6MDA="},  # naive
            "cursor",
            "This cursor is not valid: use the next or previous link of a page.",
        ),
        (
            {"ordering": "next_due", "cursor": "cj0yJmk9Mw=="},  # r=2&i=3
            "cursor",
            "This cursor is not valid: use the next or previous link of a page.",
        ),
    ],
)
def test_it_refuses_bad_sla_filters_and_orderings(personas, client_for, params, field, message):
    response = client_for(personas.agent).get(url("api-ticket-list"), params)

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"sla": "breached"}, "sla", "Only support staff may filter by service level."),
        ({"ordering": "next_due"}, "ordering", "Only support staff may sort by service level."),
    ],
)
def test_it_refuses_service_level_filters_to_customers(
    personas, client_for, due, params, field, message
):
    response = client_for(personas.customer).get(url("api-ticket-list"), params)

    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert response.json()["code"] == "staff_only"


@pytest.mark.parametrize("count", [2, 30])
def test_it_filters_and_sorts_by_service_level_in_constant_queries(
    personas, client_for, django_assert_num_queries, count
):
    sla_policy()
    for n in range(count):
        sla_ticket(personas, at(9, n % 20), kind=Kind.REQUEST if n % 3 == 0 else Kind.INCIDENT)
    client = client_for(personas.agent)
    with time_machine.travel(at(10, 5), tick=False):
        # the token with its user, one page of tickets
        with django_assert_num_queries(2):
            page = client.get(url("api-ticket-list"), {"ordering": "next_due"}).json()
        assert len(page["results"]) == count
        with django_assert_num_queries(2):
            client.get(url("api-ticket-list"), {"sla": "breached", "ordering": "next_due"})
        with django_assert_num_queries(2):
            client.get(url("api-ticket-list"), {"sla": "at_risk"})
        with django_assert_num_queries(2):
            page = client.get(url("api-ticket-list"), {"ordering": "next_due", "page_size": 1})
        with django_assert_num_queries(2):
            client.get(page.json()["next"])
