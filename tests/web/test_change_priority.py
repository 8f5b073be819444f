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


# --- the pack's scheme: a list with descriptions, or a matrix in the pack's words -----------


def _pack_ticket(name: str, **fields):
    from tests.scenarios.conftest import customer, load_shipped, requester

    pack = load_shipped(name)
    organisation = customer(pack)
    return actions.open_ticket(
        actor=None,
        channel=Channel.EMAIL,
        organisation=organisation,
        requester=requester(organisation),
        subject="The platform does not answer",
        description="No message reaches the platform since 08:40; every user is affected.",
        **fields,
    )


def test_a_pack_with_a_priority_list_offers_its_levels_with_descriptions(client, personas):
    ticket = _pack_ticket("movilnet", priority="puntual")
    client.force_login(personas.agent)
    body = client.get(reverse("desk:ticket", args=[ticket.pk])).content.decode()
    assert 'name="priority-priority" value="massive"' in body
    assert ">Multiple or massive failure</button>" in body
    assert "Affects several lines or the network (level 2, NOC)" in body
    assert 'name="priority-cell" value=' not in body  # no grid

    response = client.post(
        url(ticket), {"priority-priority": "massive", "priority-version": ticket.version}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.urgency, ticket.impact) == ("massive", "", "")
    changed = ticket.history.filter(code=EventCode.PRIORITY_CHANGED).latest("id")
    assert changed.data["new_priority"] == "massive"

    personas.agent.language = "es"
    personas.agent.save()
    body = client.get(reverse("desk:ticket", args=[ticket.pk])).content.decode()
    assert ">Falla múltiple o masiva</button>" in body


def test_a_pack_matrix_is_shown_in_the_packs_words(client, personas):
    ticket = _pack_ticket("ecc", urgency="low", impact="individual")
    client.force_login(personas.agent)
    body = client.get(reverse("desk:ticket", args=[ticket.pk])).content.decode()
    assert 'aria-label="Urgency High, impact Whole organisation: priority Critical"' in body
    assert '<th scope="col">One user</th>' in body
    response = client.post(
        url(ticket), {"priority-cell": "high|organisation", "priority-version": ticket.version}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.priority == "critical"
