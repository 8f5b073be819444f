"""An agent's public reply is mailed to the requester in the ticket's thread (C3)."""

from datetime import UTC, datetime, timedelta

import pytest

from atiende.notify.models import OutboxMessage
from atiende.notify.outbox import MAX_REFERENCES
from atiende.notify.replyaddress import ticket_id_from_reply_address
from atiende.notify.sender import send_batch
from atiende.tickets import actions
from atiende.tickets.attachments import Upload
from atiende.tickets.codes import Channel
from tests import factories

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
LATER = CURRENT_TIME + timedelta(minutes=20)


@pytest.fixture
def ticket(personas, mail_settings):
    contact = personas.customer.contact
    contact.language = "en"
    contact.save()
    return factories.ticket(
        personas.org,
        actor=personas.customer,
        requester=contact,
        channel=Channel.PORTAL,
        subject="Calls drop after 30 seconds",
        now=CURRENT_TIME,
    )


def agent_reply(personas, ticket, **fields):
    fields.setdefault("text", "We restarted the trunk.\nPlease try again.")
    return actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, now=LATER, **fields)


def test_it_queues_the_reply_in_the_replys_transaction(personas, ticket):
    message = agent_reply(personas, ticket)

    row = OutboxMessage.objects.get(cause="ticket.reply")
    acknowledgement = OutboxMessage.objects.get(cause="ticket.acknowledgement")
    assert row.ticket == ticket
    assert row.to == [personas.customer.contact.email]
    assert row.idempotency_key == f"message:{message.pk}:reply"
    assert row.in_reply_to == acknowledgement.message_id
    assert row.references == [acknowledgement.message_id]
    assert row.created_at == LATER


def test_it_delivers_the_reply_in_the_thread_with_the_case_number(personas, ticket, smtp):
    agent_reply(personas, ticket)
    acknowledgement = OutboxMessage.objects.get(cause="ticket.acknowledgement")
    reply = OutboxMessage.objects.get(cause="ticket.reply")

    assert send_batch(now=LATER) == 2

    received = {r.message["Message-ID"]: r for r in smtp.messages}
    message = received[f"<{reply.message_id}>"].message
    assert message["Subject"] == f"[{ticket.number}] Re: Calls drop after 30 seconds"
    assert message["In-Reply-To"] == f"<{acknowledgement.message_id}>"
    assert message["References"] == f"<{acknowledgement.message_id}>"
    assert ticket_id_from_reply_address(message["Reply-To"]) == ticket.pk
    assert message["X-Atiende-Ticket"] == ticket.number
    assert message["X-Auto-Response-Suppress"] == "All"
    assert message["Auto-Submitted"] is None  # a person wrote it
    text = received[f"<{reply.message_id}>"].text()
    assert text.startswith("We restarted the trunk.\nPlease try again.\n")
    assert f"Case number: {ticket.number} (Calls drop after 30 seconds)" in text


def test_each_reply_answers_the_one_before(personas, ticket):
    for n in range(3):
        agent_reply(personas, ticket, text=f"Update {n}")

    ack, *replies = OutboxMessage.objects.filter(ticket=ticket).order_by("id")
    assert [r.in_reply_to for r in replies] == [ack.message_id, replies[0].message_id,
                                                replies[1].message_id]  # fmt: skip
    assert replies[2].references == [ack.message_id, replies[0].message_id, replies[1].message_id]


def test_the_thread_includes_message_ids_contributed_by_other_sources(
    personas, ticket, monkeypatch
):
    inbound = [(CURRENT_TIME + timedelta(minutes=5), "<inbound-1@example.com>")]
    monkeypatch.setattr("atiende.notify.outbox.thread_sources", [lambda t: inbound])

    agent_reply(personas, ticket)

    row = OutboxMessage.objects.get(cause="ticket.reply")
    ack = OutboxMessage.objects.get(cause="ticket.acknowledgement")
    assert row.in_reply_to == "inbound-1@example.com"
    assert row.references == [ack.message_id, "inbound-1@example.com"]


def test_a_long_thread_keeps_the_first_and_the_latest_references(personas, ticket):
    for n in range(MAX_REFERENCES + 5):
        agent_reply(personas, ticket, text=f"Update {n}")

    ack = OutboxMessage.objects.get(cause="ticket.acknowledgement")
    *_earlier, before_last, last = OutboxMessage.objects.filter(ticket=ticket).order_by("id")
    assert len(last.references) == MAX_REFERENCES
    assert last.references[0] == ack.message_id
    assert last.references[-1] == before_last.message_id


def test_it_does_not_mail_the_customer_their_own_reply(personas, ticket):
    actions.reply(ticket, actor=personas.customer, channel=Channel.PORTAL, text="Still failing")

    assert not OutboxMessage.objects.filter(cause="ticket.reply").exists()


def test_it_does_not_mail_internal_notes(personas, ticket):
    actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text="Check the SBC")

    assert not OutboxMessage.objects.filter(cause="ticket.reply").exists()


def test_it_mails_a_sanitised_html_reply(personas, ticket, smtp):
    agent_reply(
        personas,
        ticket,
        text="Restarted.",
        html='<p onclick="steal()">Restarted <b>the trunk</b>.</p><script>x()</script>',
    )
    send_batch(now=LATER)

    reply = next(
        r for r in smtp.messages if r.message["Subject"].endswith("Re: Calls drop after 30 seconds")
    )
    html = reply.html()
    assert "<p>Restarted <b>the trunk</b>.</p>" in html
    assert "onclick" not in html and "<script>" not in html


def test_it_escapes_a_plain_text_reply_in_html(personas, ticket, smtp):
    agent_reply(personas, ticket, text="Use <b>tags</b> & see")
    send_batch(now=LATER)

    reply = next(r for r in smtp.messages if "Re:" in r.message["Subject"])
    assert "Use &lt;b&gt;tags&lt;/b&gt; &amp; see" in reply.html()


def test_it_sends_the_replys_attachments(personas, ticket, smtp):
    agent_reply(personas, ticket, attachments=[Upload("steps.txt", b"1. restart\n2. retry\n")])
    send_batch(now=LATER)

    reply = next(r for r in smtp.messages if "Re:" in r.message["Subject"])
    [part] = list(reply.message.iter_attachments())
    assert part.get_filename() == "steps.txt"
    assert part.get_content().replace("\r\n", "\n") == "1. restart\n2. retry\n"


def test_it_writes_in_spanish_to_a_spanish_speaking_requester(personas, ticket, smtp):
    contact = personas.customer.contact
    contact.language = "es"
    contact.save()
    agent_reply(personas, ticket, text="Reiniciamos la troncal.")
    send_batch(now=LATER)

    reply = next(r for r in smtp.messages if "Re:" in r.message["Subject"])
    assert f"Número de caso: {ticket.number}" in reply.text()
