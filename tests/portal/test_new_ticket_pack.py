"""Portal: the new-ticket form built from the organisation's pack (T2, T3, T8, K2, C4, T10),
and the confirmation with the case number and the first-response target (T1, N2)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from atiende.catalog.models import Subscription
from atiende.tickets.codes import Channel
from atiende.tickets.models import Ticket
from tests import factories

URL = reverse("portal:new")
CHECK = reverse("portal:new_check")
BOGOTA = ZoneInfo("America/Bogota")
MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=BOGOTA)  # within Aldeamo's conventional hours
PHONE_ONLY = (
    "High-priority incidents (total loss of service) are reported by phone only, on the 7x24 "
    "line: +57 601 555 0100."
)
VALID = {
    "kind": "incident",
    "priority": "medium",
    "subject": "SMS to one operator are delayed",
    "description": "Since 08:00 SMS to one operator arrive ten minutes late; every campaign.",
}


@pytest.fixture
def aldeamo(pack_customer):
    return pack_customer("aldeamo")


def page(response) -> str:
    return response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")


def test_it_offers_the_pack_kinds_and_priorities_with_their_descriptions(client, aldeamo):
    client.force_login(aldeamo.user)
    response = client.get(URL)
    form = response.context["form"]
    assert form.fields["kind"].choices == [("incident", "Incident"), ("request", "Service request")]
    assert form.fields["priority"].choices == [
        ("high", "High — Total loss of service: the IT service is completely down."),
        ("medium", "Medium — Service degradation."),
        ("low", "Low — One specific function affected."),
    ]
    # Aldeamo chooses from a list: no urgency or impact; no services or sites registered.
    assert set(form.fields) == {
        "kind",
        "priority",
        "subject",
        "description",
        "phone",
        "attachments",
    }
    body = page(response)
    assert 'hx-post="/portal/new/check/"' in body
    assert 'id="intake-notice"' in body


def test_it_offers_only_the_subtypes_of_the_chosen_kind(client, aldeamo):
    client.force_login(aldeamo.user)
    response = client.post(CHECK, {"kind": "request"})
    form = response.context["form"]
    assert [name for name, _ in form.fields["subtype"].choices][:3] == ["", "reports", "sends"]
    assert "Campaign sends" in page(response)
    response = client.post(CHECK, {"kind": "incident"})
    assert "subtype" not in response.context["form"].fields


def test_the_live_check_tells_an_aldeamo_customer_to_phone_for_a_total_outage(client, aldeamo):
    client.force_login(aldeamo.user)
    body = page(client.post(CHECK, {"kind": "incident", "priority": "high"}))
    assert PHONE_ONLY in body
    assert 'hx-swap-oob="true"' in body
    assert PHONE_ONLY not in page(client.post(CHECK, {"kind": "incident", "priority": "low"}))


def test_the_server_flags_a_high_incident_and_the_confirmation_shows_the_pack_message(
    client, aldeamo
):
    client.force_login(aldeamo.user)
    response = client.post(URL, {**VALID, "priority": "high"})
    ticket = Ticket.objects.get()
    assert response.url == reverse("portal:created", args=[ticket.pk])
    assert ticket.channel == Channel.PORTAL
    assert "unofficial_channel" in ticket.flags
    body = page(client.get(response.url))
    assert PHONE_ONLY in body
    assert ticket.number in body


@time_machine.travel(MONDAY_9, tick=False)
def test_the_confirmation_shows_the_first_response_target_in_the_customers_zone(
    client, pack_customer
):
    # WeKall takes portal tickets; its tickets have a first-response target.
    desk = pack_customer("wekall")
    client.force_login(desk.user)
    options = client.get(URL).context["form"]
    data = {
        "kind": "incident",
        "subject": "No outgoing calls",
        "description": "Since 08:00 no line of the account makes outgoing calls.",
    }
    for name in ("urgency", "impact"):
        if name in options.fields:
            data[name] = options.fields[name].choices[0][0]
    if "priority" in options.fields:
        data["priority"] = options.fields["priority"].choices[0][0]
    response = client.post(URL, data)
    assert response.status_code == 302, response.context["form"].errors
    ticket = Ticket.objects.get()
    body = page(client.get(response.url))
    first = ticket.clocks.get(name="first_response")
    shown = first.due_at.astimezone(BOGOTA).strftime("%Y-%m-%dT%H:%M")
    assert f'id="first-response">We will answer you by <time datetime="{shown}' in body
    assert "America/Bogota" in body


def test_the_confirmation_says_when_there_is_no_commitment(client, aldeamo):
    # Aldeamo's follow-up requests are "on demand": no policy, no first-response target.
    client.force_login(aldeamo.user)
    response = client.post(
        URL, {**VALID, "kind": "request", "subtype": "follow_up", "priority": "low"}
    )
    assert response.status_code == 302, response.context["form"].errors
    body = page(client.get(response.url))
    assert "There is no response-time commitment for this report" in body


def test_it_shows_every_required_field_error_next_to_its_field(client, aldeamo):
    client.force_login(aldeamo.user)
    response = client.post(URL, {"kind": "request", "subject": "", "description": " "})
    errors = response.context["form"].errors
    assert errors == {
        "subtype": ["Choose the type of service request."],
        "subject": ["Write a short descriptive subject."],
        "description": [
            "Describe the problem and its impact: what fails, since when, who is affected."
        ],
    }
    body = page(response)
    assert 'aria-invalid="true"' in body
    assert not Ticket.objects.exists()


def test_a_subtype_of_another_kind_is_refused(client, aldeamo):
    client.force_login(aldeamo.user)
    response = client.post(URL, {**VALID, "kind": "incident", "subtype": "training"})
    # An incident has no sub-types: the field is not offered and the value is ignored.
    assert response.status_code == 302
    assert Ticket.objects.get().subtype == ""


@time_machine.travel(MONDAY_9, tick=False)
def test_a_training_asks_for_a_date_three_days_ahead(client, aldeamo):
    client.force_login(aldeamo.user)
    live = client.post(CHECK, {"kind": "request", "subtype": "training"})
    assert "requested_for" in live.context["form"].fields
    assert "Book it at least for" in page(live)
    data = {**VALID, "kind": "request", "subtype": "training", "priority": "low"}
    soon = (MONDAY_9 + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(URL, {**data, "requested_for": soon})
    errors = response.context["form"].errors
    assert list(errors) == ["requested_for"]
    assert "must be requested with more notice" in errors["requested_for"][0]
    later = (MONDAY_9 + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(URL, {**data, "requested_for": later})
    assert response.status_code == 302
    assert Ticket.objects.get().requested_for == MONDAY_9 + timedelta(days=4)


def test_it_offers_the_organisations_services_and_sites_only(client, aldeamo):
    mine = factories.service(name="SMS platform")
    other = factories.service(name="Voice platform")
    Subscription.objects.create(organisation=aldeamo.org, service=mine)
    site = factories.site(aldeamo.org, name="Head office")
    factories.site(factories.organisation(), name="Someone else's office")
    client.force_login(aldeamo.user)
    form = client.get(URL).context["form"]
    assert form.fields["service"].choices == [("", "Choose…"), (str(mine.pk), "SMS platform")]
    assert form.fields["site"].choices == [("", "Choose…"), (str(site.pk), "Head office")]
    response = client.post(URL, {**VALID, "service": str(other.pk)})
    assert "service" in response.context["form"].errors
    response = client.post(URL, {**VALID, "service": str(mine.pk), "site": str(site.pk)})
    ticket = Ticket.objects.get()
    assert (ticket.service, ticket.site) == (mine, site)


def test_a_matrix_pack_asks_urgency_and_impact_in_plain_words(client, pack_customer):
    desk = pack_customer("wekall")
    client.force_login(desk.user)
    form = client.get(URL).context["form"]
    assert "priority" not in form.fields
    impacts = dict(form.fields["impact"].choices)
    assert impacts["organisation"] == "Organisation — The whole company"
    response = client.post(URL, {**VALID, "priority": "", "urgency": "high"})
    assert response.context["form"].errors["impact"] == [
        "Say both how urgent it is and who is affected, or neither."
    ]


def test_an_account_in_debt_is_refused_with_the_packs_message(client, pack_customer):
    desk = pack_customer("movilnet", account_status="debt")
    client.force_login(desk.user)
    form = client.get(URL).context["form"]
    data = {
        "kind": "incident",
        "subject": "No outgoing calls",
        "description": "Since 08:00 no line of the account makes outgoing calls.",
    }
    for name in ("urgency", "impact", "priority"):
        if name in form.fields:
            data[name] = form.fields[name].choices[0][0]
    response = client.post(URL, data)
    assert response.status_code == 200
    body = page(response)
    assert "The ticket was not sent." in body
    assert "Your corporate cellular account has an outstanding balance." in body
    assert 'role="alert"' in body
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_the_live_check_sends_staff_to_the_desk(client, aldeamo, personas, role):
    client.force_login(personas.by_role(role))
    assert client.post(CHECK, {"kind": "incident"}).url == reverse("desk:list")


def test_the_confirmation_is_404_for_another_organisation(client, aldeamo):
    client.force_login(aldeamo.user)
    client.post(URL, VALID)
    ticket = Ticket.objects.get()
    client.force_login(aldeamo.other)
    assert client.get(reverse("portal:created", args=[ticket.pk])).status_code == 404
