"""GET /api/v1/tickets/{id}/: the ticket with messages, attachments and history (T14, R3)."""

import pytest

from atiende.tickets import actions, history
from atiende.tickets.attachments import Upload
from atiende.tickets.codes import Channel, EventCode, Kind
from tests import factories
from tests.api.conftest import url


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
