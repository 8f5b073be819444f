"""The header's language switch changes the page's language, is saved on the user and kept
after a reload and on the next page; an anonymous visitor's choice is kept in a cookie."""

from playwright.sync_api import expect

from tests.browser.conftest import login_as
from tests.web.helpers import customer_ticket


def test_an_agent_switches_to_spanish_and_keeps_it(page, personas):
    customer_ticket(personas)
    login_as(page, personas.agent)
    page.goto("/desk/?kind=incident")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Tickets", exact=True)).to_be_visible()

    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()

    page.wait_for_url("**/desk/?kind=incident")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Tickets", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Saltar al contenido principal")).to_be_attached()
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    personas.agent.refresh_from_db()
    assert personas.agent.language == "es"

    page.get_by_label("Idioma").select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_customer_switches_and_the_choice_follows_to_a_new_session(page, browser, personas):
    login_as(page, personas.customer)
    page.goto("/portal/")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # Another browser, no language cookie: the saved preference decides.
    other = browser.new_context(base_url=page.context.pages[0].url.split("/portal")[0])
    try:
        fresh = other.new_page()
        login_as_context(other, personas.customer, page)
        fresh.goto("/portal/")
        expect(fresh.locator("html")).to_have_attribute("lang", "es")
    finally:
        other.close()


def login_as_context(context, user, page):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": "http://" + page.recorder.server,
            }
        ]
    )


def test_an_anonymous_visitor_switches_the_login_page(page):
    page.goto("/login/")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Log in to the service desk")
