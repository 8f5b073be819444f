"""The WeKall first-response clock stops while the ticket waits on the customer and resumes
when the customer answers (S12, T4)."""

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.scenarios.wekall.helpers import at, clock, customer, open_ticket

WEDNESDAY_0900 = at(2026, 3, 4, 9, 0)
WEDNESDAY_1000 = at(2026, 3, 4, 10, 0)
THURSDAY_0800 = at(2026, 3, 5, 8, 0)


def test_it_pauses_while_pending_and_resumes_on_the_customers_answer(load_pack):
    pack = load_pack("wekall")
    org, requester = customer(pack)
    agent = factories.user("agent")
    ticket = open_ticket(WEDNESDAY_0900, org, requester, priority="normal")  # 10 h
    assert clock(ticket).due_at == at(2026, 3, 5, 10, 0)

    # After one business hour the agent asks for data without answering publicly yet.
    ticket = actions.transition(
        ticket, actor=agent, channel=Channel.WEB, state="pending", now=WEDNESDAY_1000
    )
    paused = clock(ticket)
    assert paused.paused_since == WEDNESDAY_1000
    assert paused.due_at is None
    ticket.refresh_from_db()
    assert ticket.next_due_at is None

    # The customer answers the next morning: back to "open", 9 h left from 08:00.
    actions.reply(
        ticket,
        actor=None,
        author_contact=requester,
        channel=Channel.EMAIL,
        text="Adjunto el listado de extensiones afectadas.",
        now=THURSDAY_0800,
    )
    ticket.refresh_from_db()
    assert ticket.state.code == "open"
    resumed = clock(ticket)
    assert resumed.paused_since is None
    assert resumed.pauses[0]["reason"] == "pending"
    # Thursday 08:00-12:30 and 14:00-18:00 (8 h 30 min), then 30 min on Friday.
    assert resumed.due_at == at(2026, 3, 6, 8, 0)
    assert ticket.next_due_at == at(2026, 3, 6, 8, 0)
    codes = list(
        HistoryEvent.objects.filter(ticket=ticket).values_list("code", flat=True).order_by("id")
    )
    assert EventCode.SLA_PAUSED in codes
    assert EventCode.SLA_RESUMED in codes


def test_it_does_not_count_a_customer_reply_as_the_first_response(load_pack):
    # S9: only an agent's reply to the requester is the first response.
    pack = load_pack("wekall")
    org, requester = customer(pack)
    ticket = open_ticket(WEDNESDAY_0900, org, requester, priority="urgent")
    actions.reply(
        ticket,
        actor=None,
        author_contact=requester,
        channel=Channel.EMAIL,
        text="¿Alguna novedad?",
        now=WEDNESDAY_0900.replace(minute=30),
    )
    first = clock(ticket)
    assert first.met_at is None
    assert first.due_at == WEDNESDAY_1000
