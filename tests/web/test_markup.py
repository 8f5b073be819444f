"""Every page: lang attribute, skip link, a label for every input, no inline script or
style (the Content-Security-Policy refuses them), no asset from another site."""

import pytest
from django.urls import reverse

from atiende.tickets import actions
from atiende.tickets.codes import Channel
from tests.web.helpers import (
    customer_ticket,
    page_facts,
    sla_policy,
    text_upload,
    unlabelled_controls,
)


@pytest.fixture
def ticket(personas):
    sla_policy()  # the pages show service levels too
    ticket = customer_ticket(personas, attachments=[text_upload()])
    actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text="Note.")
    actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text="Reply.")
    return ticket


def pages(personas, ticket):
    """(user, url) for every screen; None is an anonymous visitor."""
    return [
        (None, reverse("login")),
        (personas.agent, reverse("desk:list")),
        (personas.agent, reverse("desk:list") + "?kind=nonsense"),
        (personas.agent, reverse("desk:ticket", args=[ticket.pk])),
        (personas.agent, reverse("desk:sla_explanation", args=[ticket.pk, "resolution"])),
        (personas.agent, reverse("desk:list") + "?ordering=next_due&sla=breached"),
        (personas.customer, reverse("portal:list")),
        (personas.customer, reverse("portal:new")),
        (personas.customer, reverse("portal:ticket", args=[ticket.pk])),
    ]


def test_every_page_meets_the_basics(client, personas, ticket):
    for user, url in pages(personas, ticket):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        facts = page_facts(html)
        assert facts.html_lang == "en", url
        assert '<a class="skip-link" href="#content">' in html, url
        assert 'id="content"' in html, url
        assert facts.controls, url
        assert unlabelled_controls(html) == [], url
        assert facts.inline_scripts == 0, url
        assert facts.script_sources, url  # htmx and atiende.js, served by the app
        for source in facts.script_sources:
            assert source.startswith("/static/"), (url, source)
        assert facts.style_attributes == 0, url
        assert "<style" not in html, url
        for link in facts.links:
            assert link["href"].startswith("/static/"), (url, link)


def test_the_error_page_of_a_refused_action_meets_them_too(client, personas, ticket):
    client.force_login(personas.agent)
    response = client.post(reverse("desk:reply", args=[ticket.pk]), {"compose-text": ""})
    html = response.content.decode()
    assert unlabelled_controls(html) == []
    assert 'aria-invalid="true"' in html
