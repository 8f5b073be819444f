"""Desk page explaining an SLA clock: the counted and skipped stretches from its start to its
due time, pauses included (S12), in the reader's language."""

import pytest
import time_machine
from django.urls import reverse

from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from tests.web.helpers import at, sla_policy, sla_ticket


@pytest.fixture
def ticket(personas):
    sla_policy()
    return sla_ticket(personas)


def url(ticket, name="resolution") -> str:
    return reverse("desk:sla_explanation", args=[ticket.pk, name])


def _get(client, ticket, name="resolution", when=None):
    with time_machine.travel(when or at(12, 40), tick=False):
        return client.get(url(ticket, name))


@pytest.mark.parametrize("role", ["agent", "agent_l2", "supervisor", "manager", "admin"])
def test_it_explains_the_due_time_to_staff(client, personas, ticket, role):
    client.force_login(personas.by_role(role))

    response = _get(client, ticket)

    assert response.status_code == 200
    body = response.content.decode()
    assert "How the due time of “Resolution” was reached" in body
    assert [step.kind.value for step in response.context["steps"]] == [
        "counted",
        "after_hours",
        "counted",
    ]
    assert (
        '<li class="counted">Counts 3 h 30 min: Mon 2026-11-23 09:00 → 12:30 '
        "(total so far: 3 h 30 min).</li>"
    ) in body
    assert (
        '<li class="skipped">Skips Mon 2026-11-23 12:30 → 14:00 (1 h 30 min): '
        "outside business hours.</li>"
    ) in body
    assert "30 min left" in body
    assert "Times in these steps are in the calendar's time zone, America/Bogota." in body
    assert reverse("desk:ticket", args=[ticket.pk]) in body


def test_it_explains_in_the_readers_language(client, personas, ticket):
    personas.agent.language = "es"
    personas.agent.save(update_fields=["language"])
    client.force_login(personas.agent)

    body = _get(client, ticket).content.decode()

    assert "No cuenta lun 2026-11-23 12:30 → 14:00 (1 h 30 min): fuera del horario" in body
    assert "Resolución" in body


def test_it_shows_the_pause_while_the_ticket_waits_on_the_customer(client, personas, ticket):
    with time_machine.travel(at(9, 30), tick=False):
        actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text="Send a trace.")
        actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="pending")
    client.force_login(personas.agent)

    response = _get(client, ticket, when=at(10, 0))

    body = response.content.decode()
    assert "The clock is paused: the steps assume it resumes now." in body
    assert [step.kind.value for step in response.context["steps"]][:2] == ["counted", "pause"]
    assert "Skips Mon 2026-11-23 09:30 → 10:00 (30 min): clock paused." in body
    assert "paused, 3 h 30 min left" in body


def test_it_is_404_for_a_target_the_ticket_does_not_have(client, personas, ticket):
    client.force_login(personas.agent)
    assert _get(client, ticket, "diagnosis").status_code == 404
    request = sla_ticket(personas, kind=Kind.REQUEST)
    assert _get(client, request).status_code == 404


@pytest.mark.parametrize("role", ["customer", "customer_admin", "other_customer"])
def test_it_sends_customers_to_the_portal(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    response = _get(client, ticket)
    assert response.status_code == 302
    assert response.url == reverse("portal:list")


def test_it_reads_a_constant_number_of_queries(client, personas, ticket, django_assert_num_queries):
    client.force_login(personas.agent)
    # session, user, ticket, clocks, the clock explained
    with django_assert_num_queries(5):
        assert _get(client, ticket).status_code == 200
