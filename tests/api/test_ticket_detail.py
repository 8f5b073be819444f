"""GET /api/v1/tickets/{id}/: the ticket with messages, attachments, history (T14, R3) and
service levels (S3, S5, S9, S10, S12)."""

from datetime import timedelta

import pytest
import time_machine

from atiende.sla.sweep import sweep
from atiende.tickets import actions, history
from atiende.tickets.attachments import Upload
from atiende.tickets.codes import Channel, EventCode, Kind
from tests import factories
from tests.api.conftest import url
from tests.sla import configs
from tests.web.helpers import at, sla_policy, sla_ticket


@pytest.fixture
def ticket(personas):
    """A ticket with a public reply, an internal note with a file, and a problem link."""
    ticket = factories.ticket(
        personas.org, requester=personas.customer.contact, actor=personas.customer
    )
    actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text="We are on it.")
    actions.add_note(
        ticket,
        actor=personas.agent,
        channel=Channel.WEB,
        text="Suspect the SBC firmware.",
        attachments=[Upload("sbc-internal.log", b"internal trace\n")],
    )
    actions.add_attachments(
        ticket, actor=personas.customer, channel=Channel.API,
        attachments=[Upload("customer-trace.txt", b"customer trace\n")],
    )  # fmt: skip
    problem = factories.ticket(personas.org, kind=Kind.PROBLEM, subject="SBC firmware bug")
    actions.link_problem(ticket, actor=personas.agent, channel=Channel.WEB, problem=problem)
    return ticket


def test_it_shows_staff_everything(personas, client_for, ticket):
    response = client_for(personas.agent).get(url("api-ticket-detail", ticket.pk))

    assert response.status_code == 200
    body = response.json()
    assert [m["kind"] for m in body["messages"]] == ["public", "public", "internal"]
    assert body["messages"][2]["text"] == "Suspect the SBC firmware."
    assert sorted(a["filename"] for a in body["attachments"]) == [
        "customer-trace.txt",
        "sbc-internal.log",
    ]
    assert body["problem"]["number"] == "PRB-000001"
    codes = [event["code"] for event in body["history"]]
    assert codes == list(ticket.history.order_by("created_at", "id").values_list("code", flat=True))
    assert EventCode.NOTE_ADDED in codes and EventCode.PROBLEM_LINKED in codes
    first = body["history"][0]
    assert set(first) == {"id", "code", "data", "actor", "channel", "created_at", "text"}
    assert first["actor"]["username"] == personas.customer.username
    assert first["text"] == f"Ticket {ticket.number} opened"


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_hides_internal_notes_their_files_and_problem_links_from_customers(
    personas, client_for, ticket, role
):
    response = client_for(personas.by_role(role)).get(url("api-ticket-detail", ticket.pk))

    assert response.status_code == 200
    body = response.json()
    assert [m["kind"] for m in body["messages"]] == ["public", "public"]
    assert [a["filename"] for a in body["attachments"]] == ["customer-trace.txt"]
    assert body["problem"] is None
    codes = {event["code"] for event in body["history"]}
    assert EventCode.NOTE_ADDED not in codes and EventCode.PROBLEM_LINKED not in codes
    files = [
        e["data"]["filename"] for e in body["history"] if e["code"] == "ticket.attachment_added"
    ]
    assert files == ["customer-trace.txt"]
    for secret in (b"SBC firmware", b"sbc-internal.log", b"PRB-000001"):
        assert secret not in response.content


def test_it_renders_history_in_the_language_of_the_request(personas, client_for, ticket):
    response = client_for(personas.agent).get(
        url("api-ticket-detail", ticket.pk), HTTP_ACCEPT_LANGUAGE="es"
    )

    created = response.json()["history"][0]
    assert created["code"] == "ticket.created"
    assert created["text"] == history.render(ticket.history.earliest("id"), "es")
    assert response.json()["state"]["label"] == "Abierto"
    assert response["Content-Language"] == "es"


def test_it_hides_a_teammates_ticket_from_a_customer_user(personas, client_for, ticket):
    assert client_for(personas.teammate).get(url("api-ticket-detail", ticket.pk)).status_code == 404
    assert (
        client_for(personas.customer_admin).get(url("api-ticket-detail", ticket.pk)).status_code
        == 200
    )


def test_it_reads_the_detail_in_constant_queries(personas, client_for, django_assert_num_queries):
    ticket = factories.ticket(personas.org, requester=personas.customer.contact)
    customer = client_for(personas.customer)
    agent = client_for(personas.agent)
    path = url("api-ticket-detail", ticket.pk)

    def add_messages(n):
        for i in range(n):
            actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text=f"Update {i}")
            actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text=f"Note {i}",
                             attachments=[Upload(f"n{i}.txt", b"x")])  # fmt: skip

    add_messages(1)
    # token, ticket (access), ticket (detail), messages, attachments, history
    # (+ the ids of internal files for a customer)
    with django_assert_num_queries(6):
        agent.get(path)
    with django_assert_num_queries(7):
        customer.get(path)
    add_messages(15)
    with django_assert_num_queries(6):
        assert len(agent.get(path).json()["messages"]) == 33
    with django_assert_num_queries(7):
        assert len(customer.get(path).json()["messages"]) == 17


# --- service levels (S3, S5, S9, S10, S12) -------------------------------------------------


@pytest.fixture
def sla(personas):
    """An incident under the standard policy, opened Monday 09:00 Bogotá; the agent reads
    times in Caracas (UTC-4), the customer in Bogotá (UTC-5)."""
    sla_policy()
    personas.agent.time_zone = "America/Caracas"
    personas.agent.save(update_fields=["time_zone"])
    personas.customer.time_zone = "America/Bogota"
    personas.customer.save(update_fields=["time_zone"])
    return sla_ticket(personas)


def _sla(client, ticket, when) -> dict:
    with time_machine.travel(when, tick=False):
        response = client.get(url("api-ticket-detail", ticket.pk))
    assert response.status_code == 200, response.content
    return response.json()["sla"]


def test_it_shows_staff_every_clock_with_state_due_time_and_remaining_business_time(
    personas, client_for, sla
):
    body = _sla(client_for(personas.agent), sla, at(9, 50))

    assert body["policy"] == "standard"
    first, resolution = body["clocks"]
    assert first == {
        "name": "first_response",
        "cycle": 1,
        "state": "running",
        "due_at": "2026-11-23T11:00:00-04:00",  # 10:00 Bogotá, in the agent's zone
        "remaining_seconds": 600,
        "warned": False,  # the sweep has not run
        "breached": False,
        "at_risk": True,  # past 80 % (09:48)
        "paused": False,
        "paused_since": None,
        "met_at": None,
        "explain_url": f"http://testserver/api/v1/tickets/{sla.pk}/sla/first_response/explain/",
    }
    assert resolution["state"] == "running"
    assert resolution["due_at"] == "2026-11-23T15:30:00-04:00"  # 14:30 Bogotá, after lunch
    assert resolution["remaining_seconds"] == 190 * 60  # 09:50-12:30 and 14:00-14:30
    assert resolution["at_risk"] is False


def test_it_shows_the_warning_and_the_breach_raised_by_the_sweep(personas, client_for, sla):
    client = client_for(personas.agent)
    sweep(now=at(9, 49))

    warned = _sla(client, sla, at(9, 49))["clocks"][0]
    assert (warned["state"], warned["warned"], warned["breached"]) == ("running", True, False)

    sweep(now=at(10, 5))
    first, resolution = _sla(client, sla, at(10, 5))["clocks"]
    assert first["state"] == "breached"
    assert first["breached"] is True
    assert first["remaining_seconds"] == -5 * 60
    assert resolution["state"] == "running" and resolution["breached"] is False


def test_it_shows_met_and_paused_clocks(personas, client_for, sla):
    with time_machine.travel(at(9, 20), tick=False):
        actions.reply(sla, actor=personas.agent, channel=Channel.WEB, text="Checking the trunk.")
    with time_machine.travel(at(10, 0), tick=False):
        actions.transition(sla, actor=personas.agent, channel=Channel.WEB, state="pending")

    first, resolution = _sla(client_for(personas.agent), sla, at(11, 0))["clocks"]

    assert first["state"] == "met"
    assert first["met_at"] == "2026-11-23T10:20:00-04:00"
    assert first["remaining_seconds"] is None
    assert resolution["state"] == "paused"  # S12: waiting on the customer
    assert resolution["paused"] is True
    assert resolution["paused_since"] == "2026-11-23T11:00:00-04:00"
    assert resolution["due_at"] is None
    assert resolution["remaining_seconds"] == 180 * 60  # 240 - the hour it ran
    sla.refresh_from_db()
    assert sla.next_due_at is None


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_shows_customers_only_due_times_without_warnings_or_breaches(
    personas, client_for, sla, role
):
    sweep(now=at(10, 5))

    body = _sla(client_for(personas.by_role(role)), sla, at(10, 5))

    assert body["policy"] is None
    first, resolution = body["clocks"]
    assert first["name"] == "first_response"
    assert first["state"] == "running"  # overdue, but a customer reads no breach
    assert first["due_at"].startswith("2026-11-23T10:00:00")
    for clock in (first, resolution):
        assert clock["remaining_seconds"] is None
        assert clock["warned"] is None and clock["breached"] is None
        assert clock["at_risk"] is None and clock["explain_url"] is None


def test_it_shows_customers_neither_updates_nor_stages(personas, client_for):
    sla_policy(configs.target("update", 30), configs.target("diagnosis", 20, meet_states=["open"]))
    ticket = sla_ticket(personas)

    staff = _sla(client_for(personas.agent), ticket, at(9, 5))
    customer = _sla(client_for(personas.customer), ticket, at(9, 5))

    assert [c["name"] for c in staff["clocks"]] == [
        "first_response",
        "resolution",
        "update",
        "diagnosis",
    ]
    assert [c["name"] for c in customer["clocks"]] == ["first_response", "resolution"]


def test_it_says_no_sla_with_a_null_policy_and_no_clocks(personas, client_for, sla):
    request = sla_ticket(personas, kind=Kind.REQUEST)  # the policy is for incidents

    assert _sla(client_for(personas.agent), request, at(9, 5)) == {"policy": None, "clocks": []}


def test_it_reads_the_clocks_in_one_query(personas, client_for, django_assert_num_queries):
    sla_policy(configs.target("update", 30))
    ticket = sla_ticket(personas)
    agent, customer = client_for(personas.agent), client_for(personas.customer)
    path = url("api-ticket-detail", ticket.pk)

    def replies(n, start):
        for i in range(n):
            with time_machine.travel(start + timedelta(minutes=i), tick=False):
                actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text=f"#{i}")

    replies(1, at(9, 10))
    # token, ticket (access), ticket (detail, with the policy), messages, attachments,
    # history, clocks (+ the ids of internal files for a customer)
    with time_machine.travel(at(10, 0), tick=False):
        with django_assert_num_queries(7):
            agent.get(path)
        with django_assert_num_queries(8):
            customer.get(path)
    replies(20, at(10, 10))  # 20 more update cycles, the last at 10:29
    with time_machine.travel(at(10, 40), tick=False):
        with django_assert_num_queries(7):
            clocks = agent.get(path).json()["sla"]["clocks"]
        with django_assert_num_queries(8):
            customer.get(path)
    update = next(c for c in clocks if c["name"] == "update")
    assert update["cycle"] == 22
    assert update["state"] == "running"
