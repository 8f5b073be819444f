"""Desk, portal, admin and API docs pages work in Chromium under the strict
Content-Security-Policy: no violation (the page fixture fails on any console error, and a
``securitypolicyviolation`` listener reports each one), no page error, nothing remote."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import login_as
from tests.web.helpers import customer_ticket, sla_policy


def test_it_shows_desk_pages_without_violations(page, personas):
    sla_policy()
    ticket = customer_ticket(personas)
    login_as(page, personas.agent)
    page.goto("/desk/")
    expect(page.get_by_role("heading", name="Tickets", exact=True)).to_be_visible()
    page.goto(f"/desk/tickets/{ticket.pk}/")
    expect(page.get_by_role("heading", name=ticket.subject)).to_be_visible()
    # htmx loaded and configured without inline styles or eval.
    assert page.evaluate("window.htmx.config.includeIndicatorStyles") is False
    assert page.evaluate("window.htmx.config.allowEval") is False
    assert page.locator("style").count() == 0


def test_it_shows_portal_pages_without_violations(page, personas):
    ticket = customer_ticket(personas)
    login_as(page, personas.customer)
    page.goto("/portal/")
    expect(page.get_by_role("link", name=ticket.subject)).to_be_visible()
    page.goto("/portal/new/")
    expect(page.locator("main form")).to_be_visible()
    page.goto(f"/portal/tickets/{ticket.pk}/")
    expect(page.get_by_role("heading", name=ticket.subject)).to_be_visible()


def test_it_shows_the_login_and_error_pages_without_violations(page):
    page.goto("/login/")
    expect(page.get_by_role("heading", name="Log in to the service desk")).to_be_visible()
    response = page.goto("/desk/tickets/999999/")
    assert response.url.endswith("/login/?next=/desk/tickets/999999/")
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def test_it_runs_the_admin_under_the_policy(page, personas):
    personas.admin.is_staff = True
    personas.admin.is_superuser = True
    personas.admin.save()
    login_as(page, personas.admin)
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    page.goto("/admin/accounts/user/")
    expect(page.locator("#result_list")).to_be_visible()
    # The change list's own scripts run: "select all" ticks every row.
    page.locator("#action-toggle").check()
    expect(page.locator("input.action-select").first).to_be_checked()
    page.goto(f"/admin/accounts/user/{personas.agent.pk}/change/")
    expect(page.locator("#user_form")).to_be_visible()


def test_it_runs_the_api_docs_under_the_policy(page, personas):
    login_as(page, personas.agent)
    page.goto("/api/docs/")
    # Swagger UI rendered the schema: its scripts ran and fetched /api/schema/.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Atiende API")
    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert any(re.search(r"/api/schema/", url) for url in page.recorder.requests)


def test_htmx_swaps_content_under_the_policy(page, personas):
    """An htmx request carries the CSRF header from <body hx-headers> and swaps its answer in;
    htmx adds no style element and evaluates nothing (the page fixture fails on a violation)."""
    customer_ticket(personas)
    login_as(page, personas.agent)
    page.goto("/desk/")
    page.evaluate(
        """() => {
      const button = document.createElement("button");
      button.id = "probe"; button.type = "button"; button.textContent = "probe";
      button.setAttribute("hx-post", "/language/");
      button.setAttribute("hx-vals", '{"language": "en", "next": "/healthz"}');
      button.setAttribute("hx-target", "#probe-out");
      const out = document.createElement("pre");
      out.id = "probe-out";
      document.querySelector("main").append(button, out);
      window.htmx.process(button);
    }"""
    )
    with page.expect_request(lambda r: r.url.endswith("/language/")) as request_info:
        page.locator("#probe").click()
    request = request_info.value
    assert request.headers["hx-request"] == "true"
    assert request.headers["x-csrftoken"]
    # The POST passed the CSRF check and its redirect (the health report) was swapped in.
    expect(page.locator("#probe-out")).to_contain_text('"database"')
    assert page.locator("style").count() == 0


def _crawl(page, start: str, limit: int = 40) -> list[str]:
    """Visit the pages reachable by links from ``start`` (same site, GET), at most ``limit``."""
    seen, queue, visited = {start}, [start], []
    while queue and len(visited) < limit:
        url = queue.pop(0)
        response = page.goto(url)
        assert response.status < 500, url
        visited.append(url)
        hrefs = page.eval_on_selector_all(
            "a[href]", "(links) => links.map((a) => a.getAttribute('href'))"
        )
        for href in hrefs:
            if not href.startswith("/") or href.startswith("//"):
                continue
            path = href.split("#")[0]
            if not path or path in seen or any(part in path for part in SKIP):
                continue
            seen.add(path)
            queue.append(path)
    return visited


# Downloads, the admin (its own test), the API (JSON) and signing out are not pages to crawl.
SKIP = ("/attachments/", "/admin/", "/api/", "/logout/", "/static/", "/media/")


def test_every_desk_page_a_link_reaches_has_no_violation(page, personas):
    sla_policy()
    ticket = customer_ticket(personas)
    login_as(page, personas.supervisor)
    visited = _crawl(page, "/desk/")
    assert f"/desk/tickets/{ticket.pk}/" in visited
    assert any("/sla/" in url for url in visited)  # the due-time explanations
    assert len(visited) >= 5


def test_every_portal_page_a_link_reaches_has_no_violation(page, personas):
    ticket = customer_ticket(personas)
    login_as(page, personas.customer_admin)
    visited = _crawl(page, "/portal/")
    assert f"/portal/tickets/{ticket.pk}/" in visited
    assert "/portal/new/" in visited
