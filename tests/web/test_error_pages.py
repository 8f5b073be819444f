"""Error pages use the layout and the reader's language; 500 needs no context at all."""

from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import translation


def test_a_missing_ticket_shows_the_translated_404_page(client, personas):
    personas.customer.language = "es"
    personas.customer.save()
    client.force_login(personas.customer)
    response = client.get(reverse("portal:ticket", args=[999999]))
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="es">' in body
    assert "No encontrado" in body


@override_settings(DEBUG=False)
def test_the_500_page_renders_without_a_request():
    with translation.override("en"):
        html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "<script" not in html
