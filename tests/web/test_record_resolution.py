"""Desk: workaround (service restored) apart from the definitive solution (T5)."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from atiende.tickets.codes import EventCode
from tests.web.helpers import counts, customer_ticket

CURRENT_TIME = datetime(2025, 5, 6, 14, 30, tzinfo=UTC)


@pytest.fixture
def ticket(personas):
    return customer_ticket(personas)


@pytest.mark.parametrize(
    ("what", "code", "note"),
    [
        ("workaround", EventCode.WORKAROUND_RECORDED, "Workaround recorded: service restored."),
        ("solution", EventCode.SOLUTION_RECORDED, "Definitive solution recorded."),
    ],
)
def test_it_records_the_text_and_its_time(client, personas, ticket, what, code, note):
    client.force_login(personas.agent)
    with time_machine.travel(CURRENT_TIME, tick=False):
        response = client.post(
            reverse(f"desk:{what}", args=[ticket.pk]),
            {f"{what}-text": "Traffic moved to the backup trunk."},
        )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert getattr(ticket, what) == "Traffic moved to the backup trunk."
    assert getattr(ticket, f"{what}_at") == CURRENT_TIME
    other = "solution" if what == "workaround" else "workaround"
    assert getattr(ticket, other) == ""
    assert getattr(ticket, f"{other}_at") is None
    event = ticket.history.latest("id")
    assert (event.code, event.actor) == (code, personas.agent)
    assert note in client.get(response.url).content.decode()


@pytest.mark.parametrize("what", ["workaround", "solution"])
def test_it_refuses_an_empty_text_and_writes_nothing(client, personas, ticket, what):
    before = counts(ticket)
    client.force_login(personas.agent)
    response = client.post(reverse(f"desk:{what}", args=[ticket.pk]), {f"{what}-text": " "})
    assert response.status_code == 200
    assert response.context["forms"][what].errors == {"text": ["Describe what was done."]}
    ticket.refresh_from_db()
    assert getattr(ticket, f"{what}_at") is None
    assert counts(ticket) == before


@pytest.mark.parametrize("role", ["customer", "customer_admin"])
def test_it_sends_customers_to_the_portal(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    response = client.post(reverse("desk:solution", args=[ticket.pk]), {"solution-text": "x"})
    assert response.url == reverse("portal:list")
    ticket.refresh_from_db()
    assert ticket.solution == ""
