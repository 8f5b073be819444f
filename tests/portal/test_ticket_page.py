"""Portal ticket page: the organisation's tickets only (R3), never internal notes; the first
response and resolution due times, never warnings or breaches (S3, S5, S9)."""

import pytest
import time_machine
from django.urls import reverse

from atiende.sla.sweep import sweep
from atiende.tickets import actions
from atiende.tickets.codes import Channel
from tests.sla import configs
from tests.web.helpers import at, customer_ticket, sla_policy, sla_ticket, text_upload


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
    # session, user, ticket, detail, messages, attachments, public history
    with django_assert_num_queries(7):
        response = client.get(url(ticket))
    assert response.content.decode().count("Update ") == replies


# --- service levels: the customer reads due times, never warnings or breaches (S3, S5, S9) --


def _commitments(response) -> str:
    body = response.content.decode()
    start = body.index('aria-labelledby="commitments-heading"')
    return body[start : body.index("</section>", start)]


def _page(client, ticket, when):
    with time_machine.travel(when, tick=False):
        response = client.get(url(ticket))
    assert response.status_code == 200
    return response


@pytest.fixture
def sla(personas):
    sla_policy(configs.target("update", 30), configs.target("diagnosis", 20, meet_states=["open"]))
    personas.customer.time_zone = "America/Caracas"
    personas.customer.save(update_fields=["time_zone"])
    return sla_ticket(personas)


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_shows_the_first_response_and_resolution_due_times(client, personas, sla, role):
    client.force_login(personas.by_role(role))

    panel = _commitments(_page(client, sla, at(9, 50)))

    assert "First response" in panel and "Resolution" in panel
    assert "Update" not in panel and "Diagnosis" not in panel  # internal targets
    if role == "customer":  # in the customer's own zone
        assert 'Expected by <time datetime="2026-11-23T11:00:00-04:00">' in panel
        assert 'Expected by <time datetime="2026-11-23T15:30:00-04:00">' in panel


def test_it_says_nothing_of_warnings_or_breaches(client, personas, sla):
    sweep(now=at(10, 5))
    client.force_login(personas.customer)

    response = _page(client, sla, at(10, 5))

    panel = _commitments(response)
    assert 'Expected by <time datetime="2026-11-23T11:00:00-04:00">' in panel
    body = response.content.decode().lower()
    for word in ("breach", "overdue", "at risk", "sla-", "left"):
        assert word not in body, word


def test_it_shows_what_was_done_and_what_is_on_hold(client, personas, sla):
    with time_machine.travel(at(9, 10), tick=False):
        actions.reply(sla, actor=personas.agent, channel=Channel.WEB, text="Send a trace.")
    with time_machine.travel(at(9, 30), tick=False):
        actions.transition(sla, actor=personas.agent, channel=Channel.WEB, state="pending")
    client.force_login(personas.customer)

    panel = _commitments(_page(client, sla, at(10, 0)))

    assert 'Done: <time datetime="2026-11-23T10:10:00-04:00">' in panel
    assert "On hold until the ticket moves on" in panel


def test_it_shows_no_commitments_without_sla(client, personas, ticket):
    client.force_login(personas.customer)

    body = client.get(url(ticket)).content.decode()

    assert "commitments-heading" not in body


def test_it_reads_the_clocks_in_one_query(client, personas, sla, django_assert_num_queries):
    for n in range(10):
        with time_machine.travel(at(9, 10 + n), tick=False):
            actions.reply(sla, actor=personas.agent, channel=Channel.WEB, text=f"Update {n}")
    client.force_login(personas.customer)
    # session, user, ticket, detail, messages, attachments, clocks, public history
    with time_machine.travel(at(9, 30), tick=False), django_assert_num_queries(8):
        response = client.get(url(sla))
    assert [c.name for c in response.context["clocks"]] == ["first_response", "resolution"]
