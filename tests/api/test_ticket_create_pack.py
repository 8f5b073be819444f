"""Opening a ticket through the API under a process pack: the requested date (K2) and the
pack's intake rules (C4, T10) answer like every other channel."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from atiende.packs import loader
from atiende.tickets.models import Ticket
from tests.packs.runtime_support import DESK

BOGOTA = ZoneInfo("America/Bogota")
URL = reverse("api-ticket-list")


@pytest.fixture
def desk(db):
    return loader.load_path(DESK).pack


def body(personas, **fields):
    return {
        "subject": "Training for the new supervisors",
        "description": "Three supervisors need the reports training.",
        "organisation": personas.org.slug,
        "requester": personas.customer.contact.pk,
        "kind": "request",
        "subtype": "training",
        "channel": "portal",
        **fields,
    }


def test_it_opens_a_training_request_for_a_date_far_enough_ahead(
    personas, desk, client_for, time_machine
):
    time_machine.move_to(datetime(2026, 11, 18, 10, 0, tzinfo=BOGOTA), tick=False)

    response = client_for(personas.agent).post(
        URL, body(personas, requested_for="2026-11-23T08:00:00-05:00"), format="json"
    )

    assert response.status_code == 201, response.json()
    ticket = Ticket.objects.get()
    assert ticket.pack == desk
    assert ticket.requested_for == datetime(2026, 11, 23, 8, 0, tzinfo=BOGOTA)


def test_it_refuses_a_training_request_too_soon_naming_the_field(
    personas, desk, client_for, time_machine
):
    time_machine.move_to(datetime(2026, 11, 18, 10, 0, tzinfo=BOGOTA), tick=False)

    response = client_for(personas.agent).post(
        URL, body(personas, requested_for="2026-11-19T08:00:00-05:00"), format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "lead_time"
    assert "2026-11-23" in response.json()["detail"]
    assert not Ticket.objects.exists()
