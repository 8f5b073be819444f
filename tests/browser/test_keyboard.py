"""Desk keyboard shortcuts (desk.js): j / k move the selection through the list, Enter opens
the selected ticket, r / n / a / / focus the composer, the assign control and the search box,
? opens the help dialog and Esc closes it; never while typing in a field."""

from playwright.sync_api import expect

from tests.browser.conftest import login_as
from tests.web.helpers import customer_ticket


def _tickets(personas, count=3):
    return [customer_ticket(personas, subject=f"Trunk {n} drops calls") for n in range(count)]


def _selected(page):
    return page.locator("[data-row].is-selected")


def test_j_and_k_move_the_selection_and_enter_opens_it(page, personas):
    tickets = _tickets(personas)
    login_as(page, personas.agent)
    page.goto("/desk/")
    rows = page.locator("[data-row]")
    expect(rows).to_have_count(3)
    expect(_selected(page)).to_have_count(0)

    page.keyboard.press("j")
    expect(_selected(page)).to_have_attribute("data-row", rows.nth(0).get_attribute("data-row"))
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(_selected(page)).to_have_attribute("data-row", rows.nth(2).get_attribute("data-row"))
    page.keyboard.press("j")  # stays on the last row
    expect(_selected(page)).to_have_attribute("data-row", rows.nth(2).get_attribute("data-row"))
    page.keyboard.press("k")
    second = rows.nth(1).get_attribute("data-row")
    expect(_selected(page)).to_have_attribute("data-row", second)
    expect(_selected(page)).to_have_attribute("aria-current", "true")
    expect(page.locator("[data-row].is-selected [data-row-link]")).to_be_focused()

    page.keyboard.press("Enter")
    page.wait_for_url(f"**/desk/tickets/{second}/")
    opened = next(t for t in tickets if str(t.pk) == second)
    expect(page.get_by_role("heading", name=opened.subject)).to_be_visible()


def test_the_keys_still_move_from_a_ticked_checkbox(page, personas):
    _tickets(personas, 2)
    login_as(page, personas.agent)
    page.goto("/desk/")
    rows = page.locator("[data-row]")
    checkbox = rows.nth(1).locator("input[type=checkbox]")  # the bulk selection
    checkbox.check()
    expect(checkbox).to_be_focused()
    page.keyboard.press("j")
    expect(_selected(page)).to_have_attribute("data-row", rows.nth(0).get_attribute("data-row"))
    expect(checkbox).to_be_checked()


def test_slash_focuses_the_search_box_and_typing_there_is_not_a_shortcut(page, personas):
    _tickets(personas, 2)
    login_as(page, personas.agent)
    page.goto("/desk/")
    search = page.locator('[data-shortcut~="search"]')
    page.keyboard.press("/")
    expect(search).to_be_focused()
    expect(search).to_have_value("")  # the slash itself is not typed
    page.keyboard.type("jk?")
    expect(search).to_have_value("jk?")
    expect(_selected(page)).to_have_count(0)
    expect(page.locator("#shortcuts-help")).not_to_be_visible()


def test_r_n_and_a_focus_the_composer_and_the_assign_control(page, personas):
    ticket = customer_ticket(personas)
    login_as(page, personas.agent)
    page.goto(f"/desk/tickets/{ticket.pk}/")
    composer = page.locator('[data-shortcut~="reply"]')
    assign = page.locator('[data-shortcut~="assign"]')

    page.keyboard.press("a")
    expect(assign).to_be_focused()
    page.locator("h1").click()  # leave the select without choosing
    page.keyboard.press("r")
    expect(composer).to_be_focused()
    page.keyboard.type("Hello")  # r focused the field; the letters now go into it
    expect(composer).to_have_value("Hello")
    page.locator("h1").click()
    page.keyboard.press("n")
    expect(page.locator('[data-shortcut~="note"]')).to_be_focused()
    expect(composer).to_have_value("Hello")  # n was not typed into it
    # Screen readers learn the keys from the controls themselves.
    expect(composer).to_have_attribute("aria-keyshortcuts", "R N")
    expect(assign).to_have_attribute("aria-keyshortcuts", "A")


def test_question_mark_opens_the_help_and_escape_closes_it(page, personas):
    _tickets(personas, 1)
    login_as(page, personas.agent)
    page.goto("/desk/")
    dialog = page.locator("#shortcuts-help")
    expect(dialog).not_to_be_visible()
    page.keyboard.press("?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Keyboard shortcuts")).to_be_visible()
    expect(dialog.locator("kbd", has_text="j")).to_be_visible()
    page.keyboard.press("j")  # shortcuts rest while the dialog is open
    expect(_selected(page)).to_have_count(0)
    page.keyboard.press("Escape")
    expect(dialog).not_to_be_visible()
    # The footer's button opens it too, and its Close button closes it.
    page.get_by_role("button", name="Keyboard shortcuts").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).not_to_be_visible()


def test_the_portal_has_no_desk_shortcuts(page, personas):
    customer_ticket(personas)
    login_as(page, personas.customer)
    page.goto("/portal/")
    page.keyboard.press("?")
    expect(page.locator("#shortcuts-help")).to_have_count(0)
    assert not any(url.endswith("/desk.js") for url in page.recorder.requests)
