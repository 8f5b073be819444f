"""Desk: priority from urgency × impact (T3, the default scheme's matrix)."""

import pytest
from django.urls import reverse

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from tests.web.helpers import counts, customer_ticket


@pytest.fixture
def ticket(personas):
    return customer_ticket(personas)


def url(ticket) -> str:
    return reverse("desk:priority", args=[ticket.pk])


def test_it_sets_the_priority_from_the_matrix(client, personas, ticket):
    client.force_login(personas.agent)
    response = client.post(
        url(ticket),
        {
            "priority-urgency": "high",
            "priority-impact": "organisation",
            "priority-version": ticket.version,
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.urgency, ticket.impact, ticket.priority) == ("high", "organisation", "urgent")
    event = ticket.history.latest("id")
    assert event.code == EventCode.PRIORITY_CHANGED
    assert event.data == {
        "old_priority": "",
        "new_priority": "urgent",
        "urgency": "high",
        "impact": "organisation",
    }
    assert "The priority is now Urgent." in client.get(response.url).content.decode()


def test_it_shows_the_matrix_and_the_current_choice(client, personas, ticket):
    actions.change_priority(
        ticket, actor=personas.agent, channel=Channel.WEB, urgency="medium", impact="department"
    )
    client.force_login(personas.agent)
    response = client.get(reverse("desk:ticket", args=[ticket.pk]))
    form = response.context["forms"]["priority"]
    assert (form["urgency"].value(), form["impact"].value()) == ("medium", "department")
    label, cells = response.context["matrix"]["cells"][0]
    assert (label, [cell["priority_label"] for cell in cells]) == (
        "High",
        ["Urgent", "High", "Normal"],
    )
    body = response.content.decode()
    # The grid: one button per cell, the current one pressed.
    assert 'name="priority-cell" value="high|organisation"' in body
    pressed = body[: body.index('aria-pressed="true"')]
    assert pressed.rindex('value="medium|department"') > pressed.rindex('value="high|')


def test_a_grid_cell_sets_urgency_and_impact(client, personas, ticket):
    client.force_login(personas.agent)
    response = client.post(
        url(ticket), {"priority-cell": "low|organisation", "priority-version": ticket.version}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.urgency, ticket.impact, ticket.priority) == ("low", "organisation", "normal")


def test_it_refuses_an_unknown_urgency_and_writes_nothing(client, personas, ticket):
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(
        url(ticket), {"priority-urgency": "extreme", "priority-impact": "organisation"}
    )
    assert response.status_code == 200
    assert "urgency" in response.context["forms"]["priority"].errors
    ticket.refresh_from_db()
    assert ticket.priority == ""
    assert counts(ticket) == before


def test_it_refuses_a_closed_ticket_and_writes_nothing(client, personas, ticket):
    actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="closed")
    ticket.refresh_from_db()
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(
        url(ticket),
        {
            "priority-urgency": "low",
            "priority-impact": "individual",
            "priority-version": ticket.version,
        },
    )
    assert response.context["forms"]["priority"].non_field_errors() == [
        f"Ticket {ticket.number} is closed: open a new ticket instead."
    ]
    ticket.refresh_from_db()
    assert ticket.priority == ""
    assert counts(ticket) == before


def test_it_sends_customers_to_the_portal(client, personas, ticket):
    client.force_login(personas.customer_admin)
    response = client.post(
        url(ticket), {"priority-urgency": "high", "priority-impact": "organisation"}
    )
    assert response.url == reverse("portal:list")
    ticket.refresh_from_db()
    assert ticket.priority == ""


def test_it_preselects_nothing_for_a_ticket_without_priority(client, personas, ticket):
    client.force_login(personas.agent)
    form = client.get(reverse("desk:ticket", args=[ticket.pk])).context["forms"]["priority"]
    assert (form["urgency"].value(), form["impact"].value()) == ("", "")
    assert form.fields["urgency"].choices[0] == ("", "—")


def test_it_needs_both_urgency_and_impact(client, personas, ticket):
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(url(ticket), {"priority-urgency": "high", "priority-impact": ""})
    assert list(response.context["forms"]["priority"].errors) == ["impact"]
    ticket.refresh_from_db()
    assert ticket.priority == ""
    assert counts(ticket) == before
