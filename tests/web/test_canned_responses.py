"""Canned responses: offered per support group, placeholders filled with the ticket's values
by plain substitution (never the template engine), inserted into the composer by htmx or by
a plain GET, managed in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from atiende.tickets import canned
from atiende.tickets.models import CannedResponse
from tests import factories
from tests.web.helpers import customer_ticket

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def groups(db):
    return factories.group(name="Voice", slug="voice"), factories.group(name="Data", slug="data")


@pytest.fixture
def ticket(personas, groups):
    return customer_ticket(personas, group=groups[0])


@pytest.fixture
def responses(groups):
    voice, data = groups
    return {
        "voice": CannedResponse.objects.create(
            name="Voice hello", group=voice, text="Hello {requester_name}, about {case_number}."
        ),
        "data": CannedResponse.objects.create(name="Data hello", group=data, text="Data."),
        "everyone": CannedResponse.objects.create(
            name="Signature", text="{agent_name}, {organisation} support"
        ),
        "spanish": CannedResponse.objects.create(name="Hola", language="es", text="Hola."),
        "inactive": CannedResponse.objects.create(name="Old", text="Old.", is_active=False),
    }


def insert(client, ticket, response, current=""):
    return client.get(
        reverse("desk:canned", args=[ticket.pk]),
        {"canned": response.pk, "compose-text": current},
        **HTMX,
    )


def test_the_picker_offers_the_groups_and_everyones_responses(client, personas, ticket, responses):
    client.force_login(personas.agent)
    choices = client.get(reverse("desk:ticket", args=[ticket.pk])).context["canned_pick"]
    offered = [label for value, label in choices.fields["canned"].choices if value]
    assert offered == ["Voice hello · Voice", "Signature"]

    personas.agent.language = "es"
    personas.agent.save()
    choices = client.get(reverse("desk:ticket", args=[ticket.pk])).context["canned_pick"]
    assert [label for value, label in choices.fields["canned"].choices if value] == [
        "Voice hello · Voice",
        "Hola",
        "Signature",
    ]


def test_htmx_inserts_the_rendered_text_after_what_was_written(client, personas, ticket, responses):
    personas.agent.first_name, personas.agent.last_name = "Ana", "Agent"
    personas.agent.save()
    client.force_login(personas.agent)
    response = insert(client, ticket, responses["voice"], current="Thanks for the trace.  ")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<div id="compose-text-field">')
    expected = f"Thanks for the trace.\n\nHello {ticket.requester.name}, about {ticket.number}."
    assert response.context["form"].initial["text"] == expected
    response = insert(client, ticket, responses["everyone"])
    assert response.context["form"].initial["text"] == "Ana Agent, Alpha Telecom support"


def test_values_are_inserted_as_text_and_nothing_is_evaluated(client, personas, ticket, groups):
    ticket.requester.name = '<img src=x onerror="alert(1)"> {{ user.password }}'
    ticket.requester.save()
    # Saved without the admin's check: the renderer itself must not evaluate anything.
    sneaky = CannedResponse.objects.create(
        name="Sneaky",
        group=groups[0],
        text="Dear {requester_name}: {% debug %} {{ settings.SECRET_KEY }} {unknown}",
    )
    client.force_login(personas.agent)
    response = insert(client, ticket, sneaky)
    text = response.context["form"].initial["text"]
    assert text == (
        'Dear <img src=x onerror="alert(1)"> {{ user.password }}: {% debug %} '
        "{{ settings.SECRET_KEY }} {unknown}"
    )
    body = response.content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body
    assert "<img" not in body


def test_another_groups_or_an_inactive_response_is_404(client, personas, ticket, responses):
    client.force_login(personas.agent)
    assert insert(client, ticket, responses["data"]).status_code == 404
    assert insert(client, ticket, responses["inactive"]).status_code == 404
    url = reverse("desk:canned", args=[ticket.pk])
    assert client.get(url, {"canned": "abc"}, **HTMX).status_code == 404


def test_without_scripts_the_picker_fills_the_composer_on_the_page(
    client, personas, ticket, responses
):
    client.force_login(personas.agent)
    response = client.get(
        reverse("desk:ticket", args=[ticket.pk]), {"canned": responses["voice"].pk}
    )
    assert response.context["forms"]["compose"].initial["text"].startswith("Hello ")
    assert f"about {ticket.number}." in response.content.decode()


@pytest.mark.parametrize("role", ["customer", "other_customer"])
def test_customers_get_no_canned_text(client, personas, ticket, responses, role):
    client.force_login(personas.by_role(role))
    response = insert(client, ticket, responses["voice"])
    assert response.status_code == 302
    assert response.url == reverse("portal:list")


def test_unknown_placeholders_are_refused_when_saved():
    with pytest.raises(ValidationError) as refused:
        canned.check_placeholders("Hello {requester} and {case_number} {% debug %}")
    message = str(refused.value.message_dict["text"])
    assert "Unknown placeholder {% debug %}, {requester}" in message
    assert "{case_number}" in message  # the known ones are listed
    canned.check_placeholders("Hello {requester_name}, case {case_number}.")


def test_the_admin_manages_canned_responses(client, personas, groups):
    personas.admin.is_staff = personas.admin.is_superuser = True
    personas.admin.save()
    client.force_login(personas.admin)
    add = reverse("admin:tickets_cannedresponse_add")
    refused = client.post(add, {"name": "Bad", "text": "Hi {nme}", "is_active": "on"})
    assert refused.status_code == 200
    assert "Unknown placeholder {nme}" in refused.content.decode()
    assert not CannedResponse.objects.exists()
    saved = client.post(
        add,
        {"name": "Good", "group": groups[1].pk, "text": "Hi {requester_name}", "is_active": "on"},
    )
    assert saved.status_code == 302
    assert CannedResponse.objects.get().group == groups[1]


def test_without_htmx_the_insert_goes_to_the_page_with_the_choice(
    client, personas, ticket, responses
):
    client.force_login(personas.agent)
    response = client.get(
        reverse("desk:canned", args=[ticket.pk]), {"canned": f"{responses['voice'].pk}&x=1"}
    )
    assert response.status_code == 302
    assert response.url == (
        reverse("desk:ticket", args=[ticket.pk]) + f"?canned={responses['voice'].pk}%26x%3D1"
    )
