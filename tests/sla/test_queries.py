"""Reading SLA state: clocks on the ticket page, list filters and sorting (S10)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from atiende.core.errors import ActionError
from atiende.sla import queries
from atiende.sla.sweep import sweep
from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from atiende.tickets.models import Ticket
from tests import factories
from tests.sla import configs

CURRENT_TIME = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def setup(db):
    configs.policy(
        "major",
        targets=[
            configs.target("first_response", 10),
            configs.target("update", 30),
            configs.target("resolution", 240),
        ],
        rules=[{"kinds": [Kind.INCIDENT], "position": 1}],
    )
    agent = factories.user("agent")
    agent.time_zone = "America/Bogota"
    agent.save(update_fields=["time_zone"])
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = factories.ticket()
    return ticket, agent


def test_it_lists_each_clock_with_its_state_in_the_viewers_zone(setup):
    ticket, agent = setup
    with time_machine.travel(CURRENT_TIME + 5 * MINUTE, tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="On it.")
    views = queries.clocks_for(ticket, agent, now=CURRENT_TIME + 40 * MINUTE)
    assert [(v.name, v.cycle, v.state) for v in views] == [
        ("first_response", 1, "met"),
        ("update", 2, "breached"),  # due 35 min after creation, not met
        ("resolution", 1, "running"),
    ]
    first, update, resolution = views
    assert first.remaining_seconds is None
    assert first.met_at == CURRENT_TIME + 5 * MINUTE
    assert update.breached and update.recurring
    assert update.remaining_seconds == -5 * 60
    assert resolution.remaining_seconds == 200 * 60
    assert resolution.due_at.tzinfo == ZoneInfo("America/Bogota")
    assert resolution.due_at == CURRENT_TIME + 240 * MINUTE
    assert not resolution.warned and not resolution.breached and not resolution.paused


def test_it_reads_all_clocks_in_one_query(setup, django_assert_num_queries):
    ticket, agent = setup
    for minutes in (5, 6, 7):
        with time_machine.travel(CURRENT_TIME + minutes * MINUTE, tick=False):
            actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Update.")
    with django_assert_num_queries(1):
        views = queries.clocks_for(ticket, agent, now=CURRENT_TIME + 8 * MINUTE)
    assert len(views) == 3


def test_it_filters_tickets_breached_and_at_risk(setup):
    ticket, agent = setup
    with time_machine.travel(CURRENT_TIME, tick=False):
        quiet = factories.ticket(kind=Kind.REQUEST)  # no policy
    with time_machine.travel(CURRENT_TIME + 2 * MINUTE, tick=False):
        fresh = factories.ticket()
    everything = Ticket.objects.all()
    # 9 min after creation: the first response (10 min) is past its 80 % of the first ticket.
    at_nine = CURRENT_TIME + 9 * MINUTE
    assert list(queries.filter_tickets_by_sla(everything, "at_risk", now=at_nine)) == [ticket]
    assert list(queries.filter_tickets_by_sla(everything, "breached", now=at_nine)) == []
    at_eleven = CURRENT_TIME + 11 * MINUTE
    assert list(queries.filter_tickets_by_sla(everything, "breached", now=at_eleven)) == [ticket]
    # Flagged by the sweep, still breached after the late reply.
    sweep(now=at_eleven)
    with time_machine.travel(at_eleven, tick=False):
        actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Sorry, on it.")
    breached = queries.filter_tickets_by_sla(everything, "breached", now=at_eleven)
    assert list(breached) == [ticket]
    assert quiet not in breached and fresh not in breached
    with pytest.raises(ActionError) as caught:
        queries.filter_tickets_by_sla(everything, "late")
    assert caught.value.field == "sla"


def test_it_sorts_by_next_due_with_tickets_without_sla_last(setup):
    ticket, _agent = setup
    with time_machine.travel(CURRENT_TIME - 5 * MINUTE, tick=False):
        earlier = factories.ticket()
        none = factories.ticket(kind=Kind.REQUEST)
    ordered = list(queries.order_by_next_due(Ticket.objects.all()))
    assert ordered == [earlier, ticket, none]
    due_soon = queries.tickets_due_before(Ticket.objects.all(), CURRENT_TIME + 7 * MINUTE)
    assert list(due_soon) == [earlier]
    assert not queries.has_sla(none)
