"""The harness itself: a page error, a console error and a request to another host each fail
a browser test; requests to other hosts are aborted, so nothing leaves the machine; the
Content-Security-Policy stops an injected inline script and an inline style, and the page's
listener reports each violation."""

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser.conftest import Recorder, usable_chromium


def test_it_serves_the_login_page_through_the_live_server(page):
    response = page.goto("/login/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Log in to the service desk"
    assert page.recorder.requests[0].endswith("/login/")
    assert page.recorder.problems() == []


def test_it_counts_page_errors_console_errors_and_remote_requests_as_problems():
    recorder = Recorder(server="localhost:8081")
    recorder.documents.add("http://localhost:8081/portal/tickets/9/")
    recorder.console += [
        ("log", "fine", ""),
        ("error", "Uncaught boom", "http://localhost:8081/static/atiende/desk.js"),
        # The page's own 404 is the test's business, not a problem of the page.
        (
            "error",
            "Failed to load resource: the server responded with a status of 404 (Not Found)",
            "http://localhost:8081/portal/tickets/9/",
        ),
    ]
    recorder.page_errors.append("TypeError: x is undefined")
    recorder.requests += [
        "http://localhost:8081/login/",
        "data:image/png;base64,AAAA",
        "https://tracker.example.net/pixel.gif",
    ]
    assert recorder.problems() == [
        "console error: Uncaught boom (http://localhost:8081/static/atiende/desk.js)",
        "page error: TypeError: x is undefined",
        "request to another host: https://tracker.example.net/pixel.gif",
    ]


@pytest.mark.browser_allows(
    hosts=["tracker.example.net"],
    reason="checks that a request to another host is recorded and aborted",
)
def test_it_records_and_aborts_a_request_to_another_host(page):
    page.goto("/login/")
    # A navigation is not the page's CSP's business: the guard refuses it.
    with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
        page.goto("https://tracker.example.net/pixel.gif")
    assert page.recorder.remote_requests == ["https://tracker.example.net/pixel.gif"]
    assert page.recorder.problems(allows=None) == [
        "request to another host: https://tracker.example.net/pixel.gif"
    ]


@pytest.mark.browser_allows(
    console=r"CSP violation|Content Security Policy",
    hosts=["tracker.example.net"],
    reason="injects an inline script and an inline style to see the policy refuse them",
)
def test_the_policy_refuses_inline_script_and_style(page):
    page.goto("/login/")
    outcome = page.evaluate(
        """() => fetch("https://tracker.example.net/pixel.gif", {mode: "no-cors"})
             .then(() => "loaded", () => "refused")"""
    )
    assert outcome == "refused"  # connect-src 'self'
    page.evaluate(
        """() => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true";
      document.body.append(script);
      const style = document.createElement("style");
      style.textContent = "body { background: red }";
      document.head.append(style);
    }"""
    )
    expect(page.locator("body")).not_to_have_css("background-color", "rgb(255, 0, 0)")
    assert page.evaluate("window.injected") is None
    violations = [text for text in page.recorder.console_errors if "CSP violation" in text]
    assert any(text.startswith("CSP violation: script-src") for text in violations), violations
    assert any(text.startswith("CSP violation: style-src") for text in violations), violations
    assert any(text.startswith("CSP violation: connect-src") for text in violations), violations


def test_without_chromium_it_skips_with_the_reason_and_fails_in_ci(monkeypatch, tmp_path):
    missing = tmp_path / "no-chromium"
    monkeypatch.setenv("ATIENDE_CHROMIUM", str(missing))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"Chromium is not installed at .*no-chromium"):
        usable_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI runs the browser tests"):
        usable_chromium()
    monkeypatch.delenv("ATIENDE_CHROMIUM")
    monkeypatch.delenv("CI")
    assert usable_chromium() == "/usr/bin/chromium"
