"""Portal ticket page actions: escalation request (E3), confirm solved / still failing (T4),
per persona: the customer, its organisation's administrator (R3), a teammate and another
organisation (404), staff (sent to the desk)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from atiende.tickets import actions, customer
from atiende.tickets.codes import Channel, MessageKind, StateCategory
from atiende.tickets.models import Transition, Trigger
from tests.web.helpers import MONDAY_0900, codes, counts, customer_ticket, sla_policy, sla_ticket


@pytest.fixture
def ticket(personas):
    return customer_ticket(personas)


def resolve(ticket, agent):
    actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Fixed the route.")
    ticket.refresh_from_db()
    actions.transition(ticket, actor=agent, channel=Channel.WEB, state="resolved")
    ticket.refresh_from_db()
    return ticket


def url(name, ticket):
    return reverse(f"portal:{name}", args=[ticket.pk])


# --- E3 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_the_customer_asks_for_an_escalation_with_a_reason(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    response = client.post(url("escalate", ticket), {"escalate-reason": "Two days without news."})
    assert response.url == url("ticket", ticket)
    event = ticket.history.latest("id")
    assert event.code == "ticket.escalation_requested"
    assert (event.actor, event.channel) == (personas.by_role(role), Channel.PORTAL)
    assert event.data == {"reason": "Two days without news.", "overdue": False}
    body = client.get(url("ticket", ticket)).content.decode()
    assert "You asked for an escalation: Two days without news." in body


def test_an_escalation_needs_a_reason(client, personas, ticket):
    client.force_login(personas.customer)
    before = counts(ticket)
    response = client.post(url("escalate", ticket), {"escalate-reason": "  "})
    assert response.status_code == 200
    assert response.context["escalate_form"].errors == {
        "reason": [
            "Say why the ticket should be escalated: what is pending and how it affects you."
        ]
    }
    assert counts(ticket) == before


def test_a_resolved_ticket_cannot_be_escalated(client, personas, ticket):
    resolve(ticket, personas.agent)
    client.force_login(personas.customer)
    response = client.post(url("escalate", ticket), {"escalate-reason": "Please."})
    assert (
        "Only an open ticket can be escalated."
        in response.context["escalate_form"].errors["reason"][0]
    )
    assert "escalate-panel" not in response.content.decode()


def test_the_page_says_when_the_ticket_is_out_of_its_targets(client, personas):
    sla_policy()
    ticket = sla_ticket(personas)
    client.force_login(personas.customer)
    with time_machine.travel(MONDAY_0900 + timedelta(minutes=5), tick=False):
        body = client.get(url("ticket", ticket)).content.decode()
    assert "This ticket is past the time we committed to." not in body
    with time_machine.travel(MONDAY_0900 + timedelta(days=10), tick=False):
        body = client.get(url("ticket", ticket)).content.decode()
        assert "This ticket is past the time we committed to." in body
        customer.request_escalation(ticket, actor=personas.customer, reason="Late.")
    assert ticket.history.latest("id").data["overdue"] is True


@pytest.mark.parametrize("role", ["teammate", "other_customer", "other_customer_admin"])
@pytest.mark.parametrize("name", ["escalate", "confirm", "still_failing", "survey"])
def test_it_is_404_for_tickets_the_user_may_not_see(client, personas, ticket, role, name):
    client.force_login(personas.by_role(role))
    before = counts(ticket)
    assert client.post(url(name, ticket), {"escalate-reason": "x"}).status_code == 404
    assert counts(ticket) == before


@pytest.mark.parametrize("name", ["escalate", "confirm", "still_failing", "survey"])
def test_staff_are_sent_to_the_desk(client, personas, ticket, name):
    client.force_login(personas.agent)
    before = counts(ticket)
    assert client.post(url(name, ticket), {"escalate-reason": "x"}).url == reverse("desk:list")
    assert counts(ticket) == before


def test_the_action_refuses_staff(personas, ticket):
    with pytest.raises(Exception, match="Only the customer"):
        customer.request_escalation(ticket, actor=personas.agent, reason="x")


# --- T4 ----------------------------------------------------------------------------------


def test_confirm_solved_closes_through_the_workflow(client, personas, ticket):
    resolve(ticket, personas.agent)
    client.force_login(personas.customer)
    body = client.get(url("ticket", ticket)).content.decode()
    assert "Is the problem solved?" in body
    response = client.post(url("confirm", ticket))
    assert response.url == url("ticket", ticket)
    ticket.refresh_from_db()
    assert ticket.state.category == StateCategory.CLOSED
    event = ticket.history.latest("id")
    assert (event.code, event.data["reason"], event.actor) == (
        "ticket.state_changed",
        "customer_confirmed",
        personas.customer,
    )
    assert "Is the problem solved?" not in client.get(url("ticket", ticket)).content.decode()


def test_confirm_solved_is_recorded_when_the_workflow_has_no_close(client, personas, ticket):
    resolve(ticket, personas.agent)
    Transition.objects.filter(
        workflow=ticket.workflow, source=ticket.state, target__category=StateCategory.CLOSED
    ).delete()
    client.force_login(personas.customer_admin)
    client.post(url("confirm", ticket))
    ticket.refresh_from_db()
    assert ticket.state.category == StateCategory.RESOLVED
    assert codes(ticket)[-1] == "ticket.solution_confirmed"
    body = client.get(url("ticket", ticket)).content.decode()
    assert "You confirmed that the problem is solved" in body


def test_an_open_ticket_cannot_be_confirmed(client, personas, ticket):
    client.force_login(personas.customer)
    before = counts(ticket)
    response = client.post(url("confirm", ticket), follow=True)
    assert "Only a resolved ticket can be confirmed as solved" in response.content.decode()
    assert counts(ticket) == before


def test_still_failing_reopens_with_the_customers_comment(client, personas, ticket):
    resolve(ticket, personas.agent)
    client.force_login(personas.customer)
    response = client.post(url("still_failing", ticket), {"failing-text": "Calls drop again."})
    assert response.url == url("ticket", ticket)
    ticket.refresh_from_db()
    assert ticket.state.category == StateCategory.OPEN
    message = ticket.messages.latest("id")
    assert (message.kind, message.text, message.author) == (
        MessageKind.PUBLIC,
        "Calls drop again.",
        personas.customer,
    )
    assert ticket.history.filter(code="ticket.state_changed").latest("id").data["reason"] == (
        Trigger.CUSTOMER_REPLY
    )


def test_still_failing_uses_the_manual_reopen_when_there_is_no_customer_reply_rule(
    client, personas, ticket
):
    resolve(ticket, personas.agent)
    Transition.objects.filter(
        workflow=ticket.workflow, source=ticket.state, trigger=Trigger.CUSTOMER_REPLY
    ).delete()
    client.force_login(personas.customer)
    client.post(url("still_failing", ticket), {"failing-text": "Still broken."})
    ticket.refresh_from_db()
    assert ticket.state.category == StateCategory.OPEN
    event = ticket.history.filter(code="ticket.state_changed").latest("id")
    assert event.data["reason"] == "customer_still_failing"


def test_still_failing_needs_a_comment(client, personas, ticket):
    resolve(ticket, personas.agent)
    client.force_login(personas.customer)
    before = counts(ticket)
    response = client.post(url("still_failing", ticket), {"failing-text": ""})
    assert response.context["failing_form"].errors == {
        "text": ["Say what still fails, so that the desk can pick it up again."]
    }
    assert counts(ticket) == before
    ticket.refresh_from_db()
    assert ticket.state.category == StateCategory.RESOLVED


def test_the_public_history_never_shows_internal_events(client, personas, ticket):
    actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text="Secret.")
    actions.assign(ticket, actor=personas.agent, channel=Channel.WEB, assignee=personas.agent)
    client.force_login(personas.customer)
    response = client.get(url("ticket", ticket))
    texts = [e.text for e in response.context["events"]]
    assert texts == [f"Ticket {ticket.number} opened"]


def test_agents_read_the_escalation_request_on_the_desk(client, personas, ticket):
    customer.request_escalation(ticket, actor=personas.customer, reason="Two days without news.")
    client.force_login(personas.agent)
    body = client.get(reverse("desk:ticket", args=[ticket.pk])).content.decode()
    assert "The customer asked for an escalation: Two days without news." in body
