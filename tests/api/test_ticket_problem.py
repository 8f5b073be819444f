"""POST /api/v1/tickets/{id}/problem/: link an incident to its problem (T7)."""

import pytest

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode, Kind
from tests import factories
from tests.api.conftest import counts, url


@pytest.fixture
def ticket(personas):
    return factories.ticket(personas.org, requester=personas.customer.contact)


def test_it_links_by_case_number(personas, client_for, ticket):
    problem = factories.ticket(personas.org, kind=Kind.PROBLEM)

    response = client_for(personas.agent).post(
        url("api-ticket-problem", ticket.pk), {"problem": problem.number, "version": 1},
        format="json",
    )  # fmt: skip

    assert response.status_code == 200
    assert response.json()["problem"] == {"id": problem.pk, "number": problem.number}
    ticket.refresh_from_db()
    assert ticket.problem == problem
    event = ticket.history.get(code=EventCode.PROBLEM_LINKED)
    assert (event.data, event.actor) == ({"problem": problem.number}, personas.agent)


def test_it_refuses_a_ticket_that_is_not_a_problem(personas, client_for, ticket):
    incident = factories.ticket(personas.org)
    before = counts()

    response = client_for(personas.agent).post(
        url("api-ticket-problem", ticket.pk), {"problem": incident.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "not_a_problem"
    assert list(response.json()["errors"]) == ["problem"]
    assert counts() == before


def test_it_refuses_a_stale_version_and_links_nothing(personas, client_for, ticket):
    problem = factories.ticket(personas.org, kind=Kind.PROBLEM)
    actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text="Seen before.")
    before = counts()

    response = client_for(personas.agent).post(
        url("api-ticket-problem", ticket.pk), {"problem": problem.pk, "version": 1}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "changed_meanwhile"
    assert counts() == before
    ticket.refresh_from_db()
    assert ticket.problem is None
