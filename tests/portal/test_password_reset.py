"""Password reset by mail through the outbox: one outbox row in the user's language, sent by
the real sender to a loopback SMTP server; the link sets a new password; the same answer for
an unknown address (no account enumeration)."""

import re

import pytest
from django.urls import reverse

from atiende.notify.models import OutboxMessage
from atiende.notify.sender import send_batch
from tests import factories
from tests.notify.conftest import mail_settings, smtp  # noqa: F401 (fixtures)

URL = reverse("portal:password_reset")
SENT = reverse("portal:password_reset_sent")
LINK = re.compile(r"http://testserver(/portal/password-reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def person(personas):
    user = personas.customer
    user.email = "reset.me@example.com"
    user.language = "en"
    user.save()
    return user


def test_it_writes_one_outbox_row_and_the_sender_delivers_it(client, person, smtp):  # noqa: F811
    response = client.post(URL, {"email": "Reset.Me@example.com"})
    assert response.url == SENT
    row = OutboxMessage.objects.get()
    assert (row.to, row.cause, row.language) == (
        ["reset.me@example.com"],
        "account.password_reset",
        "en",
    )
    assert row.subject == "Reset your service desk password"
    assert send_batch() == 1
    [received] = smtp.messages
    assert received.message["Subject"] == "Reset your service desk password"
    path = LINK.search(received.text()).group(1)
    assert path in received.html()
    # The link lets the person choose a new password, once.
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long new passphrase 42", "new_password2": "a-long new passphrase 42"},
    )
    assert done.url == reverse("portal:password_reset_done")
    person.refresh_from_db()
    assert person.check_password("a-long new passphrase 42")
    assert client.get(path, follow=True).context["validlink"] is False


def test_the_mail_is_in_spanish_for_a_spanish_user(client, person, mail_settings):  # noqa: F811
    person.language = "es"
    person.save()
    client.post(URL, {"email": person.email})
    row = OutboxMessage.objects.get()
    assert row.language == "es"
    assert row.subject == "Restablezca su contraseña de la mesa de servicio"
    assert "Para elegir una contraseña nueva, abra este enlace" in row.text


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, person, mail_settings):  # noqa: F811
    known = client.post(URL, {"email": person.email})
    unknown = client.post(URL, {"email": "nobody@example.com"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)

    # The same page, but for the CSRF token every page carries.
    def shown(url):
        page = client.get(url).content.decode()
        return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    assert shown(known.url) == shown(unknown.url)
    assert OutboxMessage.objects.count() == 1


def test_a_malformed_address_is_explained(client, db):
    response = client.post(URL, {"email": "not an address"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["Enter a valid email address."]}
    assert not OutboxMessage.objects.exists()


def test_a_staff_user_can_reset_too(client, db, mail_settings):  # noqa: F811
    agent = factories.user("agent", email="agent.reset@example.com")
    client.post(URL, {"email": agent.email})
    assert OutboxMessage.objects.get().to == [agent.email]


def test_the_login_page_links_to_the_reset(client, db):
    assert URL in client.get(reverse("login")).content.decode()
