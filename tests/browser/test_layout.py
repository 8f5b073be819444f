"""The frame of every page in Chromium: landmarks, skip link, visible focus, contrast of the
main colour pairs, and a layout that holds down to a 360 px wide phone (no sideways scroll of
the page; the sidebar collapses; wide tables scroll in their own box). Takes the login
screenshot (docs/screenshots/login.png)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login_as, screenshot
from tests.web.helpers import customer_ticket, sla_policy

# WCAG relative luminance and contrast ratio, computed in the page from the used colours.
CONTRAST = """
(element) => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = (node) => {
    for (; node; node = node.parentElement) {
      const value = rgb(getComputedStyle(node).backgroundColor);
      if (value.length < 4 || value[3] > 0) return value;
    }
    return [255, 255, 255];
  };
  const fg = lum(rgb(getComputedStyle(element).color));
  const bg = lum(background(element));
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}
"""
PAGE_WIDER_THAN_VIEWPORT = (
    "document.documentElement.scrollWidth > document.documentElement.clientWidth"
)


@pytest.fixture
def ticket(personas):
    sla_policy()
    return customer_ticket(personas)


def test_the_login_page_has_its_landmarks_and_focuses_the_first_field(page):
    page.goto("/login/")
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("contentinfo")).to_have_count(1)
    expect(page.get_by_label("Username")).to_be_focused()
    screenshot(page, "login", phone=True)


def test_the_skip_link_comes_first_and_leads_to_the_content(page, personas, ticket):
    login_as(page, personas.agent)
    page.goto("/desk/")
    expect(page.get_by_role("complementary", name="Queues")).to_have_count(1)
    expect(page.get_by_role("navigation", name="Main")).to_have_count(1)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()


def test_focus_is_visible_on_every_kind_of_control(page, personas, ticket):
    login_as(page, personas.agent)
    page.goto(f"/desk/tickets/{ticket.pk}/")
    for locator in (
        page.get_by_role("link", name="Atiende"),
        page.locator('[data-shortcut~="reply"]'),
        page.get_by_role("button", name="Send reply to the customer"),
        page.locator('[data-shortcut~="assign"]'),
    ):
        locator.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # keyboard focus: :focus-visible applies
        expect(locator).to_be_focused()
        style = locator.evaluate(
            "(e) => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert style[0] != "none" and float(style[1].rstrip("px")) >= 2, style


def test_text_meets_the_contrast_minimum(page, personas, ticket):
    login_as(page, personas.agent)
    page.goto("/desk/")
    samples = [
        page.locator(".brand"),
        page.locator(".site-nav a").first,
        page.locator("h1"),
        page.locator("th").first,
        page.locator("caption"),
        page.locator(".badge").first,
        page.locator(".sla").first,
        page.get_by_role("button", name="Filter"),
        page.locator(".site-footer p").first,
    ]
    for locator in samples:
        ratio = locator.evaluate(CONTRAST)
        assert ratio >= 4.5, (locator, ratio)


@pytest.mark.parametrize("width", [360, 768, 1280])
def test_pages_fit_the_screen_from_phone_to_desktop(page, personas, ticket, width):
    page.set_viewport_size({"width": width, "height": 800})
    login_as(page, personas.agent)
    for url in ("/desk/", f"/desk/tickets/{ticket.pk}/"):
        page.goto(url)
        assert not page.evaluate(PAGE_WIDER_THAN_VIEWPORT), (url, width)
    login_as(page, personas.customer)
    for url in ("/portal/", "/portal/new/", f"/portal/tickets/{ticket.pk}/"):
        page.goto(url)
        assert not page.evaluate(PAGE_WIDER_THAN_VIEWPORT), (url, width)


def test_the_sidebar_sits_beside_the_list_and_collapses_on_a_phone(page, personas, ticket):
    login_as(page, personas.agent)
    page.goto("/desk/")
    sidebar = page.get_by_role("complementary", name="Queues")
    main = page.get_by_role("main")
    wide_sidebar, wide_main = sidebar.bounding_box(), main.bounding_box()
    assert wide_sidebar["x"] + wide_sidebar["width"] <= wide_main["x"] + 1
    assert wide_sidebar["height"] > 200
    page.set_viewport_size({"width": 360, "height": 740})
    narrow_sidebar, narrow_main = sidebar.bounding_box(), main.bounding_box()
    # Above the list, a short strip of queues that scrolls sideways.
    assert narrow_sidebar["y"] + narrow_sidebar["height"] <= narrow_main["y"] + 1
    assert narrow_sidebar["height"] < 160
    assert not page.evaluate(PAGE_WIDER_THAN_VIEWPORT)


def test_a_page_without_sidebar_content_gives_its_room_to_the_main_column(page, personas, ticket):
    login_as(page, personas.agent)
    page.goto(f"/desk/tickets/{ticket.pk}/")
    assert page.locator("aside.sidebar").evaluate("(e) => e.children.length") == 0
    expect(page.get_by_role("complementary")).to_have_count(0)
    assert page.get_by_role("main").bounding_box()["x"] < 160  # the shell is centred at 90 rem


def test_a_flash_message_is_a_toast_that_can_be_closed(page, personas, ticket):
    login_as(page, personas.agent)
    page.goto(f"/desk/tickets/{ticket.pk}/")
    page.locator('[data-shortcut~="reply"]').fill("We are on it.")
    page.get_by_role("button", name="Send reply to the customer").click()
    toast = page.locator("#toasts [data-toast]")
    expect(toast).to_have_count(1)
    expect(toast).to_have_attribute("role", "status")
    # A toast never blocks the page under it: only its close button takes the pointer.
    assert toast.evaluate("(e) => getComputedStyle(e).pointerEvents") == "none"
    toast.get_by_role("button", name="Dismiss").click()
    expect(toast).to_have_count(0)


def test_the_user_menu_opens_and_closes_with_the_keyboard_and_a_click(page, personas, ticket):
    login_as(page, personas.agent)
    page.goto("/desk/")
    menu = page.locator("details.user-menu")
    summary = menu.locator("summary")
    logout = page.get_by_role("button", name="Log out")
    expect(logout).not_to_be_visible()
    summary.focus()
    page.keyboard.press("Enter")
    expect(logout).to_be_visible()
    logout.focus()
    page.keyboard.press("Escape")
    expect(logout).not_to_be_visible()
    expect(summary).to_be_focused()
    summary.click()
    expect(logout).to_be_visible()
    page.locator("h1").click()
    expect(logout).not_to_be_visible()
    summary.click()
    logout.click()
    page.wait_for_url("**/login/")
