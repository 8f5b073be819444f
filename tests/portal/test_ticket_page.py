"""Portal ticket page: the organisation's tickets only (R3), never internal notes."""

import pytest
from django.urls import reverse

from atiende.tickets import actions
from atiende.tickets.codes import Channel
from tests.web.helpers import customer_ticket, text_upload


@pytest.fixture
def ticket(personas):
    ticket = customer_ticket(personas, attachments=[text_upload("customer-trace.txt")])
    actions.add_note(
        ticket,
        actor=personas.agent,
        channel=Channel.WEB,
        text="Customer's SBC is misconfigured, do not tell yet.",
        attachments=[text_upload("internal-dump.txt")],
    )
    actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text="We are checking.")
    return ticket


def url(ticket) -> str:
    return reverse("portal:ticket", args=[ticket.pk])


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_shows_the_ticket_without_internal_notes(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    response = client.get(url(ticket))
    assert response.status_code == 200
    body = response.content.decode()
    assert ticket.number in body
    assert "Every outbound call on the main trunk drops at 30 s." in body
    assert "We are checking." in body
    assert "customer-trace.txt" in body
    assert "do not tell yet" not in body
    assert "internal-dump.txt" not in body
    internal = ticket.attachments.get(filename="internal-dump.txt")
    assert reverse("portal:attachment", args=[internal.pk]) not in body
    assert [m.text for m in response.context["conversation"]] == [
        "Every outbound call on the main trunk drops at 30 s.",
        "We are checking.",
    ]


@pytest.mark.parametrize("role", ["teammate", "other_customer", "other_customer_admin"])
def test_it_is_404_for_tickets_the_user_may_not_see(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    assert client.get(url(ticket)).status_code == 404


def test_it_is_404_for_an_unknown_ticket(client, personas):
    client.force_login(personas.customer)
    assert client.get(reverse("portal:ticket", args=[987654])).status_code == 404


def test_it_offers_no_reply_on_a_closed_ticket(client, personas, ticket):
    actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="resolved")
    actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="closed")
    client.force_login(personas.customer)
    response = client.get(url(ticket))
    assert response.context["can_reply"] is False
    assert reverse("portal:reply", args=[ticket.pk]) not in response.content.decode()


@pytest.mark.parametrize("role", ["agent", "manager"])
def test_it_sends_staff_to_the_desk(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    response = client.get(url(ticket))
    assert response.status_code == 302
    assert response.url == reverse("desk:list")


@pytest.mark.parametrize("replies", [3, 30])
def test_it_reads_a_constant_number_of_queries(
    client, personas, django_assert_num_queries, replies
):
    ticket = customer_ticket(personas)
    for n in range(replies):
        actions.reply(
            ticket,
            actor=personas.agent,
            channel=Channel.WEB,
            text=f"Update {n}",
            attachments=[text_upload(f"update-{n}.txt")],
        )
        actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text=f"Note {n}")
    client.force_login(personas.customer)
    # session, user, ticket, detail, messages, attachments
    with django_assert_num_queries(6):
        response = client.get(url(ticket))
    assert response.content.decode().count("Update ") == replies
