"""C4, R4: channel rules flag or refuse; flagged tickets get no SLA and the customer is told."""

import pytest
from django.utils import translation

from atiende.core.errors import ActionError
from atiende.tickets import history
from atiende.tickets.codes import EventCode
from atiende.tickets.models import HistoryEvent, Ticket
from tests.packs.runtime_support import customer, load, open_ticket

pytestmark = pytest.mark.django_db


def test_it_flags_a_high_incident_by_mail_without_sla_and_tells_why():
    org = customer(load().pack)

    ticket = open_ticket(org, kind="incident", priority="high", channel="email")

    assert ticket.flags == ["unofficial_channel"]
    assert ticket.sla_policy is None
    assert not ticket.clocks.exists()
    assert ticket.intake_message == "High-priority incidents are reported by phone."
    event = HistoryEvent.objects.get(ticket=ticket, code=EventCode.FLAGGED)
    assert event.data["flags"] == ["unofficial_channel"]
    assert event.data["message_labels"]["es"].startswith("Los incidentes de prioridad alta")
    assert history.render(event, "es") == (
        "Marcado al recibirlo: Los incidentes de prioridad alta se reportan por teléfono."
    )
    assert history.render(event, "en") == (
        "Flagged at intake: High-priority incidents are reported by phone."
    )


def test_it_gives_the_message_in_the_caller_language():
    org = customer(load().pack)

    with translation.override("es"):
        ticket = open_ticket(org, kind="incident", priority="high", channel="email")

    assert ticket.intake_message == "Los incidentes de prioridad alta se reportan por teléfono."


def test_it_keeps_the_sla_of_the_same_incident_by_phone():
    org = customer(load().pack)

    ticket = open_ticket(org, kind="incident", priority="high", channel="phone")

    assert ticket.flags == []
    assert ticket.sla_policy.slug == "incident-high"
    assert ticket.intake_message is None


def test_it_refuses_a_request_on_whatsapp_with_the_pack_message():
    org = customer(load().pack)

    with pytest.raises(ActionError) as error:
        open_ticket(org, kind="request", subtype="reports", channel="whatsapp")

    assert error.value.code == "channel_refused"
    assert error.value.message == "Requests are not taken on WhatsApp: use the portal."
    assert not Ticket.objects.exists()


def test_it_flags_a_customer_channel_the_pack_does_not_list():
    org = customer(load().pack)

    ticket = open_ticket(org, kind="incident", priority="low", channel="api")

    assert ticket.flags == ["unofficial_channel"]
    assert ticket.sla_policy is None
    assert ticket.intake_message == (
        "API is not an official channel of this desk: the ticket is recorded but does not "
        "count for the service levels."
    )


def test_it_does_not_flag_tickets_staff_type_in_at_the_desk():
    org = customer(load().pack)

    ticket = open_ticket(org, kind="incident", priority="low", channel="web")

    assert ticket.flags == []
    assert ticket.sla_policy.slug == "incident"
