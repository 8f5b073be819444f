"""Portal ticket list: a customer sees its own tickets, its administrator the
organisation's (R3); constant number of queries."""

import pytest
from django.urls import reverse

from atiende.portal import views
from atiende.tickets import actions
from atiende.tickets.codes import Channel
from tests import factories
from tests.web.helpers import customer_ticket

URL = reverse("portal:list")


def numbers(response) -> list[str]:
    return [ticket.number for ticket in response.context["page"].rows]


@pytest.fixture
def tickets(personas):
    """Alice's ticket, her teammate's ticket, and one of the other organisation."""
    own = customer_ticket(personas, subject="Own ticket")
    teammates = factories.ticket(
        personas.org,
        actor=personas.teammate,
        requester=personas.teammate.contact,
        subject="Teammate ticket",
    )
    other = factories.ticket(
        personas.other_org,
        actor=personas.other_customer,
        requester=personas.other_customer.contact,
        subject="Other org",
    )
    return own, teammates, other


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("customer", [0]),
        ("teammate", [1]),
        ("customer_admin", [1, 0]),
        ("other_customer", [2]),
        ("other_customer_admin", [2]),
    ],
)
def test_it_lists_only_what_the_user_may_see(client, personas, tickets, role, visible):
    client.force_login(personas.by_role(role))
    response = client.get(URL)
    assert response.status_code == 200
    assert numbers(response) == [tickets[i].number for i in visible]
    body = response.content.decode()
    for i, ticket in enumerate(tickets):
        assert (ticket.subject in body) == (i in visible)


def test_it_filters_by_state_and_text(client, personas, tickets):
    own = tickets[0]
    second = customer_ticket(personas, subject="Billing portal is slow")
    actions.transition(second, actor=personas.agent, channel=Channel.WEB, state="resolved")
    client.force_login(personas.customer)
    assert numbers(client.get(URL, {"state": "open"})) == [own.number]
    assert numbers(client.get(URL, {"state": "resolved"})) == [second.number]
    assert numbers(client.get(URL, {"text": "billing"})) == [second.number]


def test_it_pages_by_id(client, personas, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    made = [customer_ticket(personas, subject=f"Case {n}") for n in range(3)]
    client.force_login(personas.customer)
    first = client.get(URL)
    assert numbers(first) == [made[2].number, made[1].number]
    second = client.get(f"{URL}?{first.context['page'].next_query}")
    assert numbers(second) == [made[0].number]


@pytest.mark.parametrize("count", [3, 30])
def test_it_reads_a_constant_number_of_queries(client, personas, django_assert_num_queries, count):
    for _n in range(count):
        customer_ticket(personas, assignee=personas.agent)
    client.force_login(personas.customer_admin)
    with django_assert_num_queries(3):  # session, user, one page of tickets with their rows
        response = client.get(URL)
    assert len(response.context["page"].rows) == min(count, views.PAGE_SIZE)


@pytest.mark.parametrize("role", ["agent", "supervisor", "admin"])
def test_it_sends_staff_to_the_desk(client, personas, role):
    client.force_login(personas.by_role(role))
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == reverse("desk:list")
