"""GET /api/v1/tickets/{id}/sla/{name}/explain/: why a clock's due time is what it is, pauses
included (S12), in the request's language; staff only (R2, R3)."""

import pytest
import time_machine

from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from tests.api.conftest import url
from tests.web.helpers import at, sla_policy, sla_ticket


@pytest.fixture
def ticket(personas):
    sla_policy()
    personas.agent.time_zone = "America/Caracas"
    personas.agent.save(update_fields=["time_zone"])
    return sla_ticket(personas)


def explain(client, ticket, name, when=None, **params):
    with time_machine.travel(when or at(12, 40), tick=False):
        return client.get(url("api-ticket-sla-explain", ticket.pk, name), params)


def test_it_explains_the_counted_and_skipped_business_time(personas, client_for, ticket):
    response = explain(client_for(personas.agent), ticket, "resolution")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["clock"]["name"] == "resolution"
    assert body["clock"]["due_at"] == "2026-11-23T15:30:00-04:00"
    assert body["clock"]["remaining_seconds"] == 30 * 60  # lunch does not count
    assert [(s["kind"], s["start"], s["end"]) for s in body["steps"]] == [
        ("counted", "2026-11-23T10:00:00-04:00", "2026-11-23T13:30:00-04:00"),
        ("after_hours", "2026-11-23T13:30:00-04:00", "2026-11-23T15:00:00-04:00"),
        ("counted", "2026-11-23T15:00:00-04:00", "2026-11-23T15:30:00-04:00"),
    ]
    assert [s["counted_seconds"] for s in body["steps"]] == [210 * 60, 0, 30 * 60]
    assert body["steps"][-1]["total_seconds"] == 240 * 60
    assert body["steps"][1]["holiday"] is None and body["steps"][1]["days"] == []
    # The texts read the calendar's own zone (Bogotá).
    assert body["steps"][0]["text"] == (
        "Counts 3 h 30 min: Mon 2026-11-23 09:00 → 12:30 (total so far: 3 h 30 min)."
    )
    assert body["steps"][1]["text"] == (
        "Skips Mon 2026-11-23 12:30 → 14:00 (1 h 30 min): outside business hours."
    )


def test_it_writes_the_steps_in_the_language_of_the_request(personas, client_for, ticket):
    spanish = explain(client_for(personas.agent), ticket, "resolution", lang="es").json()

    assert spanish["steps"][1]["text"] == (
        "No cuenta lun 2026-11-23 12:30 → 14:00 (1 h 30 min): fuera del horario de atención."
    )
    assert spanish["clock"]["state"] == "running"  # codes stay codes


def test_it_shows_the_pause_while_waiting_on_the_customer(personas, client_for, ticket):
    with time_machine.travel(at(9, 30), tick=False):
        actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text="Send a trace.")
        actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="pending")
    with time_machine.travel(at(10, 30), tick=False):
        actions.reply(ticket, actor=personas.customer, channel=Channel.PORTAL, text="Attached.")
    ticket.refresh_from_db()
    assert ticket.state.code == "open"  # the customer's answer resumes the clock (S12)

    body = explain(client_for(personas.agent), ticket, "resolution", when=at(11, 0)).json()

    kinds = [s["kind"] for s in body["steps"]]
    assert kinds[:3] == ["counted", "pause", "counted"]
    assert body["steps"][1]["start"] == "2026-11-23T10:30:00-04:00"
    assert body["steps"][1]["end"] == "2026-11-23T11:30:00-04:00"
    assert body["steps"][1]["text"].endswith("clock paused.")
    assert body["clock"]["due_at"] == "2026-11-23T16:30:00-04:00"  # one hour later


def test_it_explains_nothing_for_a_clock_that_has_not_started(personas, client_for):
    sla_policy(
        # Starts when the ticket enters "pending": not yet.
        {"name": "diagnosis", "minutes": 20, "starts_on": "state", "start_states": ["pending"],
         "meets_on": "state", "meet_states": ["resolved"]},
    )  # fmt: skip
    ticket = sla_ticket(personas)

    body = explain(client_for(personas.agent), ticket, "diagnosis").json()

    assert body["clock"]["state"] == "waiting"
    assert body["steps"] == []


@pytest.mark.parametrize("name", ["diagnosis", "nonsense"])
def test_it_is_404_for_a_target_the_ticket_does_not_have(personas, client_for, ticket, name):
    response = explain(client_for(personas.agent), ticket, name)

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"This ticket has no SLA target {name}.",
        "code": "unknown_target",
    }


def test_it_is_404_for_a_ticket_without_sla(personas, client_for, ticket):
    request = sla_ticket(personas, kind=Kind.REQUEST)

    assert explain(client_for(personas.agent), request, "resolution").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("customer", 403), ("customer_admin", 403), ("teammate", 404), ("other_customer", 404)],
)
def test_it_is_for_staff_only(personas, client_for, ticket, role, status):
    response = explain(client_for(personas.by_role(role)), ticket, "resolution")

    assert response.status_code == status
    assert "steps" not in response.json()


def test_it_answers_in_constant_queries(personas, client_for, ticket, django_assert_num_queries):
    client = client_for(personas.agent)
    # token, ticket, clocks, the clock explained
    with django_assert_num_queries(4):
        assert explain(client, ticket, "resolution").status_code == 200
