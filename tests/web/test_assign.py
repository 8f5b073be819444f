"""Desk: assigning a ticket to an agent and a support group (E1)."""

import pytest
from django.urls import reverse

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from tests import factories
from tests.web.helpers import counts, customer_ticket


@pytest.fixture
def ticket(personas):
    return customer_ticket(personas)


@pytest.fixture
def group(db):
    return factories.group(name="Voice level 2", slug="voice-l2")


def url(ticket) -> str:
    return reverse("desk:assign", args=[ticket.pk])


def test_it_assigns_an_agent_and_a_group(client, personas, ticket, group):
    client.force_login(personas.supervisor)
    response = client.post(
        url(ticket),
        {
            "assign-assignee": personas.agent_l2.pk,
            "assign-group": group.pk,
            "assign-version": ticket.version,
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.group) == (personas.agent_l2, group)
    event = ticket.history.latest("id")
    assert (event.code, event.actor) == (EventCode.ASSIGNED, personas.supervisor)
    assert event.data == {
        "old_assignee": None,
        "new_assignee": "specialist",
        "old_group": None,
        "new_group": "voice-l2",
    }
    assert "Assignment saved." in client.get(response.url).content.decode()


def test_it_clears_the_assignment(client, personas, ticket, group):
    actions.assign(
        ticket, actor=personas.agent, channel=Channel.WEB, assignee=personas.agent, group=group
    )
    ticket.refresh_from_db()
    client.force_login(personas.agent)
    client.post(
        url(ticket), {"assign-assignee": "", "assign-group": "", "assign-version": ticket.version}
    )
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.group) == (None, None)
    assert ticket.history.latest("id").data["old_assignee"] == "agent"


def test_it_refuses_a_customer_as_assignee_and_writes_nothing(client, personas, ticket):
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(url(ticket), {"assign-assignee": personas.customer.pk})
    assert response.status_code == 200
    assert "assignee" in response.context["forms"]["assign"].errors
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert counts(ticket) == before


def test_it_refuses_a_change_made_on_an_old_copy(client, personas, ticket):
    seen = ticket.version
    actions.add_note(ticket, actor=personas.agent_l2, channel=Channel.WEB, text="Looking.")
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(
        url(ticket), {"assign-assignee": personas.agent.pk, "assign-version": seen}
    )
    assert response.context["forms"]["assign"].non_field_errors()
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert counts(ticket) == before


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_sends_customers_to_the_portal_and_writes_nothing(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    response = client.post(url(ticket), {"assign-assignee": personas.agent.pk})
    assert response.url == reverse("portal:list")
    ticket.refresh_from_db()
    assert ticket.assignee is None
