"""The desk list in Chromium: an agent's triage (queue, filters, search, j/k and Enter), the
30 s poll keeps the checked rows, the selection and the scroll, SLA badges change as the
server's time moves, bulk assign, and the screenshot docs/screenshots/desk-list.png."""

import re

import time_machine
from playwright.sync_api import expect

from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from atiende.tickets.models import Ticket
from tests import factories
from tests.browser.conftest import login_as, screenshot
from tests.web.helpers import at, customer_ticket, sla_policy, sla_ticket


def _tickets(personas):
    group = factories.group(name="Core network")
    group.members.add(personas.agent)
    made = [
        customer_ticket(personas, subject="Llamadas caídas en la troncal principal"),
        factories.ticket(
            personas.other_org,
            kind=Kind.REQUEST,
            subject="New SMS template for the campaign",
            channel=Channel.PHONE,
            assignee=personas.agent,
            group=group,
        ),
        factories.ticket(personas.org, subject="Router reboots at night", channel=Channel.EMAIL),
    ]
    actions.add_note(
        made[2], actor=personas.agent, channel=Channel.WEB, text="Firmware bug suspected."
    )
    return made


def test_an_agent_triages_the_list_with_filters_search_and_keys(page, personas):
    made = _tickets(personas)
    login_as(page, personas.agent)
    page.goto("/desk/")
    expect(page.get_by_role("heading", name="Tickets", exact=True)).to_be_visible()
    rows = page.locator("tr[data-row]")
    expect(rows).to_have_count(3)
    queues = page.get_by_role("list", name="Queues")
    expect(
        queues.get_by_role("link", name=re.compile(r"Assigned to me\s+tickets: 1"))
    ).to_be_visible()
    expect(queues.get_by_role("link", name=re.compile(r"All open\s+tickets: 3"))).to_have_attribute(
        "aria-current", "page"
    )

    # A queue of the sidebar.
    queues.get_by_role("link", name=re.compile("Assigned to me")).click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(made[1].number)

    # A filter among "More filters".
    page.goto("/desk/")
    page.get_by_text("More filters").click()
    page.get_by_label("Channel").select_option("email")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Router reboots at night")
    expect(rows.first.locator(".channel")).to_have_text(re.compile(r"E-mail"))

    # "/" focuses the search box; a word of an internal note finds its ticket.
    page.goto("/desk/")
    page.keyboard.press("/")
    search = page.get_by_role("searchbox", name="Search")
    expect(search).to_be_focused()
    search.fill("firmware")
    search.press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(made[2].number)

    # Accents do not count; j / k move, Enter opens.
    page.goto("/desk/?text=caidas+troncal&queue=")
    expect(rows).to_have_count(1)
    page.goto("/desk/")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class(re.compile("is-selected"))
    page.keyboard.press("j")
    expect(rows.nth(1)).to_have_class(re.compile("is-selected"))
    page.keyboard.press("k")
    expect(rows.nth(0)).to_have_class(re.compile("is-selected"))
    first_id = rows.nth(0).get_attribute("data-row")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/desk/tickets/{first_id}/$"))

    # An exact case number goes straight to the ticket.
    page.goto("/desk/")
    page.get_by_role("searchbox", name="Search").fill(made[0].number)
    page.get_by_role("searchbox", name="Search").press("Enter")
    expect(page).to_have_url(re.compile(rf"/desk/tickets/{made[0].pk}/$"))


def test_the_poll_refreshes_rows_and_keeps_checks_selection_and_scroll(page, personas):
    made = _tickets(personas)
    for n in range(30):  # a list longer than the window
        factories.ticket(personas.org, subject=f"Filler ticket {n}")
    page.clock.install()
    login_as(page, personas.agent)
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto("/desk/?queue=open&ordering=-id")
    rows = page.locator("tr[data-row]")
    expect(rows).to_have_count(33)
    request_row = page.locator(f'tr[data-row="{made[1].pk}"]')
    request_row.get_by_role("checkbox").check()
    page.locator(f'tr[data-row="{made[0].pk}"]').get_by_role("checkbox").check()
    page.locator("body").click(position={"x": 5, "y": 5})
    for _ in range(31):
        page.keyboard.press("j")
    selected = rows.nth(30)
    expect(selected).to_have_class(re.compile("is-selected"))
    selected_id = selected.get_attribute("data-row")
    scroll = page.evaluate("window.scrollY")
    assert scroll > 0

    # Meanwhile someone renames nothing but assigns a ticket: the next poll shows it.
    actions.assign(
        Ticket.objects.get(pk=made[2].pk),
        actor=personas.supervisor,
        channel=Channel.WEB,
        assignee=personas.agent_l2,
    )
    with page.expect_response(lambda r: "/desk/?" in r.url and r.request.headers.get("hx-request")):
        page.clock.fast_forward(31_000)
    expect(page.locator(f'tr[data-row="{made[2].pk}"]')).to_contain_text("specialist")
    expect(request_row.get_by_role("checkbox")).to_be_checked()
    expect(page.locator(f'tr[data-row="{made[0].pk}"]').get_by_role("checkbox")).to_be_checked()
    expect(page.locator(f'tr[data-row="{made[2].pk}"]').get_by_role("checkbox")).not_to_be_checked()
    expect(page.locator(f'tr[data-row="{selected_id}"]')).to_have_class(re.compile("is-selected"))
    assert page.evaluate("window.scrollY") == scroll

    # The checked rows go to the bulk form: assign both to the level 2 agent.
    page.get_by_text("Change the selected tickets: assign, change state, merge").click()
    page.get_by_label("Action").select_option("assign")
    page.locator("#bulk-form").get_by_label("Agent").select_option(label="specialist")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.locator(".toast")).to_contain_text(f"Changed: {made[0].number}, {made[1].number}.")
    for ticket in made[:2]:
        assert Ticket.objects.get(pk=ticket.pk).assignee == personas.agent_l2


def test_sla_badges_change_as_the_servers_time_moves(page, personas):
    sla_policy()
    ticket = sla_ticket(personas, subject="Trunk down in Medellín")  # opened Monday 09:00
    login_as(page, personas.agent)
    badge = page.locator(f'tr[data-row="{ticket.pk}"] .sla').first
    with time_machine.travel(at(9, 30), tick=False):
        page.goto("/desk/")
        expect(badge).to_have_class(re.compile("sla-running"))
        expect(badge).to_contain_text("30 min left")
    with time_machine.travel(at(9, 50), tick=False):  # past the 09:48 warning
        page.reload()
        expect(badge).to_have_class(re.compile("sla-at-risk"))
        expect(badge).to_contain_text("10 min left")
        expect(page.get_by_role("link", name=re.compile(r"At risk\s+tickets: 1"))).to_be_visible()
    with time_machine.travel(at(10, 5), tick=False):
        page.reload()
        expect(badge).to_have_class(re.compile("sla-breached"))
        expect(badge).to_contain_text("5 min overdue")
        expect(page.get_by_role("link", name=re.compile(r"Breached\s+tickets: 1"))).to_be_visible()


def test_screenshot_of_the_desk_list(page, personas):
    sla_policy()
    with time_machine.travel(at(8), tick=False):
        for subject, fields in [
            ("Llamadas caídas en la troncal principal", {}),
            ("Calls drop after 30 seconds on the Bogotá trunk", {"channel": Channel.PHONE}),
            ("IVR no contesta en horario nocturno", {"channel": Channel.EMAIL}),
        ]:
            customer_ticket(personas, **fields, subject=subject)
    _tickets(personas)
    sla_ticket(personas, when=at(9, 40), subject="Portal login fails for every user")
    login_as(page, personas.agent)
    with time_machine.travel(at(9, 55), tick=False):
        page.goto("/desk/")
        expect(page.locator("tr[data-row]")).to_have_count(7)
        path = screenshot(page, "desk-list", phone=True)
    assert path.exists() and path.stat().st_size > 10_000
