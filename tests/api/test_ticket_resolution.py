"""POST /api/v1/tickets/{id}/workaround/ and /solution/: restoration apart from the fix (T5)."""

import pytest
import time_machine

from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode
from tests import factories
from tests.api.conftest import counts, url

RESTORED = "2025-03-10 10:00:00-05:00"
FIXED = "2025-03-12 16:00:00-05:00"


@pytest.fixture
def ticket(personas):
    return factories.ticket(personas.org, requester=personas.customer.contact)


def test_it_records_workaround_and_solution_with_their_own_times(personas, client_for, ticket):
    client = client_for(personas.agent)

    with time_machine.travel(RESTORED, tick=False):
        restored = client.post(
            url("api-ticket-workaround", ticket.pk),
            {"text": "Traffic rerouted via trunk B.", "version": 1},
            format="json",
        )
    with time_machine.travel(FIXED, tick=False):
        fixed = client.post(
            url("api-ticket-solution", ticket.pk),
            {"text": "Line card replaced.", "version": 2},
            format="json",
        )

    assert (restored.status_code, fixed.status_code) == (200, 200)
    ticket.refresh_from_db()
    assert ticket.workaround == "Traffic rerouted via trunk B."
    assert ticket.workaround_at.isoformat() == "2025-03-10T15:00:00+00:00"
    assert ticket.solution == "Line card replaced."
    assert ticket.solution_at.isoformat() == "2025-03-12T21:00:00+00:00"
    assert fixed.json()["workaround"] == "Traffic rerouted via trunk B."
    codes = list(
        ticket.history.filter(code__startswith="ticket.")
        .order_by("id")
        .values_list("code", flat=True)
    )
    assert codes[-2:] == [EventCode.WORKAROUND_RECORDED, EventCode.SOLUTION_RECORDED]


@pytest.mark.parametrize("name", ["api-ticket-workaround", "api-ticket-solution"])
def test_it_needs_text(personas, client_for, ticket, name):
    before = counts()

    response = client_for(personas.agent).post(url(name, ticket.pk), {"text": " "}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"text": ["Describe what was done."]}
    assert counts() == before


@pytest.mark.parametrize("name", ["api-ticket-workaround", "api-ticket-solution"])
def test_it_refuses_a_stale_version(personas, client_for, ticket, name):
    actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text="Meanwhile.")
    before = counts()

    response = client_for(personas.agent).post(
        url(name, ticket.pk), {"text": "Done.", "version": 1}, format="json"
    )

    assert response.status_code == 409
    assert counts() == before
    ticket.refresh_from_db()
    assert (ticket.workaround, ticket.solution) == ("", "")
