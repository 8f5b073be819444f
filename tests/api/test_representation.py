"""Ticket answers are rendered by plain functions, not field by field: they must give exactly
what the serializers' fields give (the OpenAPI schema is generated from those fields)."""

import pytest
import time_machine
from rest_framework import serializers

from atiende.api import serializers_tickets as out
from atiende.tickets import actions
from atiende.tickets.attachments import Upload
from atiende.tickets.codes import Channel, Kind
from tests import factories
from tests.api.conftest import url
from tests.sla import configs as sla_configs

CURRENT_TIME = "2026-03-10 09:00:00-05:00"
FAST = (
    out.TicketSerializer,
    out.TicketDetailSerializer,
    out.AttachmentSerializer,
    out.SlaClockSerializer,
    out.MessageSerializer,
    out.HistoryEventSerializer,
)


def _field_by_field(monkeypatch) -> None:
    for cls in FAST:
        monkeypatch.setattr(cls, "to_representation", serializers.Serializer.to_representation)


@pytest.fixture
def tickets(personas):
    sla_configs.policy(
        targets=[sla_configs.target("first_response", 30), sla_configs.target("resolution", 240)]
    )
    agent = personas.agent
    site = factories.site(personas.org)
    service = factories.service()
    group = factories.group()
    requester = personas.customer.contact
    with time_machine.travel(CURRENT_TIME, tick=False):
        problem = factories.ticket(personas.org, requester=requester, kind=Kind.PROBLEM)
        full = factories.ticket(
            personas.org,
            requester=requester,
            actor=personas.customer,
            site=site,
            service=service,
            group=group,
            assignee=agent,
            urgency="high",
            impact="organisation",
            attachments=[Upload("trace.txt", b"SIP/2.0 503\n")],
        )
        actions.reply(full, actor=agent, channel=Channel.WEB, text="Looking into it")
        actions.add_note(full, actor=agent, channel=Channel.WEB, text="Internal")
        actions.link_problem(full, actor=agent, channel=Channel.WEB, problem=problem)
        duplicate = factories.ticket(personas.org, requester=requester)
        actions.merge(duplicate, actor=agent, channel=Channel.WEB, into=full)
    return [problem, full, duplicate]


@pytest.mark.parametrize("role", ["agent", "customer"])
@pytest.mark.parametrize("time_zone", ["America/Bogota", "UTC"])
def test_the_plain_rendering_equals_the_fields_rendering(
    personas, client_for, tickets, monkeypatch, role, time_zone
):
    user = personas.by_role(role)
    user.time_zone = time_zone
    user.save()
    client = client_for(user)
    paths = [url("api-ticket-list"), *[f"/api/v1/tickets/{t.pk}/" for t in tickets]]
    paths.append(f"/api/v1/tickets/{tickets[1].pk}/?lang=es")

    with time_machine.travel("2026-03-10 12:00:00-05:00", tick=False):
        fast = [client.get(path).json() for path in paths]
        _field_by_field(monkeypatch)
        reference = [client.get(path).json() for path in paths]

    assert fast == reference
    assert len(fast[0]["results"]) == 3
    assert fast[2]["sla"]["clocks"] and fast[2]["attachments"] and fast[2]["history"]
