"""Desk ticket list: filters, keyset pagination and a constant number of queries."""

import pytest
from django.urls import reverse

from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from atiende.web import views
from tests import factories
from tests.web.helpers import customer_ticket

URL = reverse("desk:list")


def numbers(response) -> list[str]:
    return [ticket.number for ticket in response.context["page"].rows]


@pytest.fixture
def tickets(personas):
    """Three tickets, oldest first: an incident, an assigned request, a closed problem."""
    incident = customer_ticket(personas, subject="Calls drop on the main trunk")
    request = factories.ticket(
        personas.other_org, kind=Kind.REQUEST, subject="New SMS template", assignee=personas.agent
    )
    problem = factories.ticket(personas.org, kind=Kind.PROBLEM, subject="Recurring SBC restarts")
    actions.transition(problem, actor=personas.agent, channel=Channel.WEB, state="closed")
    actions.change_priority(
        incident, actor=personas.agent, channel=Channel.WEB, urgency="high", impact="organisation"
    )
    return incident, request, problem


def test_it_lists_every_organisations_tickets_newest_first(client, personas, tickets):
    client.force_login(personas.agent)
    response = client.get(URL)
    assert response.status_code == 200
    assert numbers(response) == [t.number for t in reversed(tickets)]
    body = response.content.decode()
    assert "Alpha Telecom" in body and "Beta Networks" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "open"}, [1, 0]),
        ({"state": "closed"}, [2]),
        ({"kind": "request"}, [1]),
        ({"priority": "urgent"}, [0]),
        ({"assignee": "me"}, [1]),
        ({"assignee": "none"}, [2, 0]),
        ({"text": "template"}, [1]),
        ({"state": "open", "kind": "incident", "text": "calls"}, [0]),
    ],
)
def test_it_filters(client, personas, tickets, query, expected):
    client.force_login(personas.agent)
    response = client.get(URL, query)
    assert numbers(response) == [tickets[i].number for i in expected]


def test_it_searches_by_case_number(client, personas, tickets):
    client.force_login(personas.agent)
    assert numbers(client.get(URL, {"text": tickets[1].number})) == [tickets[1].number]


def test_it_shows_bad_filter_values_next_to_the_field(client, personas, tickets):
    client.force_login(personas.agent)
    response = client.get(URL, {"kind": "gossip", "before": "soon"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "before"}
    assert response.context["page"] is None


def test_it_pages_by_id(client, personas, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    made = [customer_ticket(personas, subject=f"Case {n}") for n in range(5)]
    client.force_login(personas.agent)

    first = client.get(URL, {"state": "open"})
    assert numbers(first) == [made[4].number, made[3].number]
    assert first.context["page"].first_query is None
    next_query = first.context["page"].next_query
    assert next_query == f"state=open&before={made[3].pk}"

    second = client.get(f"{URL}?{next_query}")
    assert numbers(second) == [made[2].number, made[1].number]
    third = client.get(f"{URL}?{second.context['page'].next_query}")
    assert numbers(third) == [made[0].number]
    assert third.context["page"].next_query is None
    assert third.context["page"].first_query == "state=open"


@pytest.mark.parametrize("count", [3, 30])
def test_it_reads_a_constant_number_of_queries(client, personas, django_assert_num_queries, count):
    group = factories.group()
    for n in range(count):
        factories.ticket(
            personas.org if n % 2 else personas.other_org,
            assignee=personas.agent,
            group=group,
            service=factories.service(),
        )
    client.force_login(personas.agent)
    # session, user, the priority scheme (filter choices), one page of tickets with their rows
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert len(response.context["page"].rows) == count


@pytest.mark.parametrize("role", ["customer", "customer_admin", "other_customer"])
def test_it_sends_customers_to_the_portal(client, personas, role):
    client.force_login(personas.by_role(role))
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == reverse("portal:list")
