"""history_visible_to and check_list_filters (queries for the API; T14, R3)."""

import pytest

from atiende.core.errors import ActionError
from atiende.tickets import actions
from atiende.tickets.attachments import Upload
from atiende.tickets.codes import Channel, EventCode, Kind
from atiende.tickets.models import HistoryEvent
from atiende.tickets.queries import (
    CUSTOMER_EVENTS,
    check_list_filters,
    history_visible_to,
)
from tests import factories


@pytest.fixture
def ticket(personas):
    ticket = factories.ticket(personas.org, requester=personas.customer.contact)
    actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text="Internal",
                     attachments=[Upload("internal.txt", b"i")])  # fmt: skip
    actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text="Public",
                  attachments=[Upload("public.txt", b"p")])  # fmt: skip
    problem = factories.ticket(personas.org, kind=Kind.PROBLEM)
    actions.link_problem(ticket, actor=personas.agent, channel=Channel.WEB, problem=problem)
    return ticket


def test_it_gives_staff_the_whole_history(personas, ticket):
    assert list(history_visible_to(personas.agent, ticket)) == list(ticket.history.all())


def test_it_hides_internal_events_from_customers(personas, ticket):
    events = list(history_visible_to(personas.customer, ticket))

    codes = [event.code for event in events]
    assert EventCode.NOTE_ADDED not in codes
    assert EventCode.PROBLEM_LINKED not in codes
    files = [e.data["filename"] for e in events if e.code == EventCode.ATTACHMENT_ADDED]
    assert files == ["public.txt"]
    assert EventCode.REPLIED in codes and EventCode.CREATED in codes


def test_it_hides_events_not_listed_for_customers(personas, ticket):
    HistoryEvent.objects.create(ticket=ticket, code="sla.breached", channel=Channel.SYSTEM,
                                data={"target": "resolution"})  # fmt: skip

    customer = {event.code for event in history_visible_to(personas.customer_admin, ticket)}
    staff = {event.code for event in history_visible_to(personas.supervisor, ticket)}

    assert "sla.breached" in staff
    assert "sla.breached" not in customer
    assert customer <= set(CUSTOMER_EVENTS)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"state": "opne"}, "state"),
        ({"state": "open,nope"}, "state"),
        ({"priority": "extreme"}, "priority"),
        ({"text": "a\x00"}, "text"),
        ({"organisation": "\x00"}, "organisation"),
    ],
)
def test_it_refuses_filters_that_match_nothing_by_mistake(db, params, field):
    with pytest.raises(ActionError) as caught:
        check_list_filters(params)

    assert (caught.value.field, caught.value.code) == (field, "invalid_filter")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"state": "open"},
        {"state": "pending,closed"},
        {"state": "new"},
        {"priority": "urgent,low"},
    ],
)
def test_it_accepts_good_filters(db, params):
    check_list_filters(params)
