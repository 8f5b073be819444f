"""POST /api/v1/tickets/{id}/assign/: to an agent and/or a support group (E1)."""

import pytest

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from tests import factories
from tests.api.conftest import counts, url


@pytest.fixture
def ticket(personas):
    return factories.ticket(personas.org, requester=personas.customer.contact)


def test_it_assigns_by_user_name_and_group_slug(personas, client_for, ticket):
    group = factories.group(slug="level-2", tier="level2")

    response = client_for(personas.agent).post(
        url("api-ticket-assign", ticket.pk),
        {"assignee": "specialist", "group": "level-2", "version": 1},
        format="json",
    )

    assert response.status_code == 200
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.group) == (personas.agent_l2, group)
    event = ticket.history.get(code=EventCode.ASSIGNED)
    assert event.data == {
        "old_assignee": None,
        "new_assignee": "specialist",
        "old_group": None,
        "new_group": "level-2",
    }
    assert response.json()["assignee"]["username"] == "specialist"


def test_it_keeps_what_is_left_out_and_clears_what_is_null(personas, client_for, ticket):
    group = factories.group()
    actions.assign(ticket, actor=personas.agent, channel=Channel.WEB, assignee=personas.agent,
                   group=group)  # fmt: skip

    response = client_for(personas.agent).post(
        url("api-ticket-assign", ticket.pk), {"assignee": None}, format="json"
    )

    assert response.status_code == 200
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.group) == (None, group)


def test_it_refuses_a_customer_as_assignee(personas, client_for, ticket):
    before = counts()

    response = client_for(personas.admin).post(
        url("api-ticket-assign", ticket.pk), {"assignee": personas.customer.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_assignee"
    assert counts() == before


def test_it_cannot_find_customers_for_agents(personas, client_for, ticket):
    response = client_for(personas.agent).post(
        url("api-ticket-assign", ticket.pk), {"assignee": personas.customer.username},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "assignee": [f"There is no user “{personas.customer.username}” that you can use here."]
    }


def test_it_needs_something_to_assign(personas, client_for, ticket):
    response = client_for(personas.agent).post(
        url("api-ticket-assign", ticket.pk), {}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Say whom to assign the ticket to: an agent, a group, or both.",
        "errors": {},
        "code": "nothing_to_change",
    }
    assert not ticket.history.filter(code=EventCode.ASSIGNED).exists()
