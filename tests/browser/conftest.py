"""Browser tests: Debian's Chromium driven by Playwright for Python against the live server.

- ``browser`` (session): Chromium at ``$ATIENDE_CHROMIUM`` or ``/usr/bin/chromium``, started
  through ``playwright.sync_api`` with ``executable_path`` (Playwright never downloads a
  browser here; ``scripts/ensure-chromium.sh`` installs the Debian package). Without Chromium
  or the ``playwright`` package the browser tests are skipped with the reason, except in CI
  (``CI`` set), where that is a failure.
- ``page``: a fresh browser context (1280×800, English) on pytest-django's ``live_server``
  (a transactional database: ``tests/conftest.py`` restores the data migrations after each
  such test). It records console messages, page errors and every request, and the test FAILS
  on any page error, any console error (a Content-Security-Policy violation is one), or any
  request to a host other than the live server (such requests are also aborted, so nothing
  ever leaves the machine). A test that expects one of these says so, with a reason:
  ``@pytest.mark.browser_allows(console=r"regex", hosts=["example.org"], reason="...")``.
  ``page.recorder`` holds what was recorded, for a test's own assertions.
- ``login_as(page, user)`` signs a user in through a session cookie;
  ``login_with_form(page, username, password)`` through the real login form.
- ``screenshot(page, name, phone=False)`` writes ``docs/screenshots/<name>.png`` at 1280×800
  (and ``<name>-phone.png`` at 390×844 when asked).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# The page's own listener, in addition to Chromium's console report: the directive and what
# was blocked, so a failure names them.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""
LOCAL_SCHEMES = ("data", "blob", "about", "chrome-error")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser_allows(console=None, hosts=(), page_errors=False, reason=...): this browser "
        "test expects console errors matching a regex, requests to the named hosts, or page "
        "errors; the reason says why",
    )


def chromium_path() -> str:
    return os.environ.get("ATIENDE_CHROMIUM") or "/usr/bin/chromium"


def usable_chromium() -> str:
    """The Chromium binary to drive; skips (fails in CI) with the reason when there is none."""
    executable = chromium_path()
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        where = "ATIENDE_CHROMIUM" if os.environ.get("ATIENDE_CHROMIUM") else "the default"
        _unavailable(
            f"Chromium is not installed at {executable} ({where}): run "
            "`bash scripts/ensure-chromium.sh` as root (apt-get install chromium) or set "
            "ATIENDE_CHROMIUM to a Chromium binary"
        )
    return executable


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI runs the browser tests: scripts/ensure-chromium.sh)")
    pytest.skip(reason)


class _Chromium:
    """One Chromium for a run of consecutive browser tests.

    Playwright's sync API runs its asyncio loop in a greenlet of the test's own thread and
    marks that loop as the thread's running loop between its calls, until it is stopped.
    Django's guard against ORM calls from async code then refuses every synchronous database
    call of the test thread ("You cannot call this from an async context"): the browser
    tests' set-up, and the data migrations that ``tests/conftest.py`` runs after them. Nothing
    is async there — the loop only talks to the browser; the server side runs in the live
    server's own thread — so while (and only while) Playwright runs, DJANGO_ALLOW_ASYNC_UNSAFE
    is set. Playwright is stopped before the first test that is not a browser test
    (``pytest_runtest_teardown`` below), which clears both: the rest of the suite keeps the
    guard.
    """

    playwright = None
    browser = None
    _env_before: str | None = None

    @classmethod
    def get(cls):
        if cls.browser is None:
            cls._start()
        return cls.browser

    @classmethod
    def _start(cls):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            _unavailable(
                "the playwright package is not installed: run `make .venv/.installed-dev` "
                "(pip install -e '.[dev]')"
            )
        executable = usable_chromium()
        cls._env_before = os.environ.get(ASYNC_UNSAFE)
        os.environ[ASYNC_UNSAFE] = "true"
        cls.playwright = sync_playwright().start()
        try:
            cls.browser = cls.playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
        except Exception:
            cls.stop()
            raise

    @classmethod
    def stop(cls):
        if cls.playwright is not None:
            # While Playwright's loop is marked running, Django keeps this thread's database
            # connections apart (asgiref's thread-critical Local switches to its "async"
            # storage), so the browser tests used connections of their own: close them now,
            # before they become unreachable (PostgreSQL would refuse to drop the test
            # database at the end with them still open).
            from django.db import connections

            connections.close_all()
        if cls.browser is not None:
            cls.browser.close()
            cls.browser = None
        if cls.playwright is not None:
            cls.playwright.stop()
            cls.playwright = None
        if cls._env_before is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = cls._env_before


ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if nextitem is None or "browser" not in getattr(nextitem, "fixturenames", ()):
        _Chromium.stop()
    return result


@pytest.fixture
def browser():
    """The running Chromium (started on first use; see ``_Chromium``)."""
    return _Chromium.get()


@dataclass
class Recorder:
    """What one page did: console messages, page errors, requests."""

    server: str
    console: list[tuple[str, str, str]] = field(default_factory=list)  # (type, text, url)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return True
        return parts.netloc == self.server

    @property
    def console_errors(self) -> list[str]:
        errors = []
        for kind, text, url in self.console:
            if kind != "error":
                continue
            # The page's own status is the test's business (a 404 page is a 404 on purpose);
            # a failed stylesheet, script or image is not.
            if text.startswith("Failed to load resource") and url in self.documents:
                continue
            errors.append(f"{text} ({url})" if url else text)
        return errors

    @property
    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not self.is_local(url)]

    def problems(self, allows=None) -> list[str]:
        console = allows.kwargs.get("console") if allows else None
        hosts = set(allows.kwargs.get("hosts", ())) if allows else set()
        page_errors_ok = bool(allows.kwargs.get("page_errors")) if allows else False
        found = []
        for text in self.console_errors:
            if console and re.search(console, text):
                continue
            found.append(f"console error: {text}")
        if not page_errors_ok:
            found.extend(f"page error: {text}" for text in self.page_errors)
        for url in self.remote_requests:
            if urlsplit(url).hostname in hosts:
                continue
            found.append(f"request to another host: {url}")
        return found


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(
        viewport=DESKTOP,
        locale="en-US",
        base_url=live_server.url,
        timezone_id="America/Bogota",
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(request, context, live_server):
    allows = request.node.get_closest_marker("browser_allows")
    if allows is not None and not allows.kwargs.get("reason"):
        pytest.fail("@pytest.mark.browser_allows needs a reason='…'")
    recorder = Recorder(server=urlsplit(live_server.url).netloc)

    def on_request(req):
        recorder.requests.append(req.url)
        if req.resource_type == "document":
            recorder.documents.add(req.url)

    def guard(route):
        # Nothing leaves the machine: a request to another host is recorded and refused.
        if recorder.is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route(re.compile(r".*"), guard)
    context.add_init_script(CSP_LISTENER)
    browser_page = context.new_page()
    browser_page.on("request", on_request)
    browser_page.on(
        "console",
        lambda msg: recorder.console.append((msg.type, msg.text, msg.location.get("url", ""))),
    )
    browser_page.on("pageerror", lambda error: recorder.page_errors.append(str(error)))
    browser_page.recorder = recorder
    yield browser_page
    problems = recorder.problems(allows)
    if problems:
        pytest.fail("the browser reported problems:\n  - " + "\n  - ".join(problems), pytrace=False)


def login_as(page, user) -> None:
    """Sign ``user`` in for this page's browser context with a session cookie."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": "http://" + page.recorder.server,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )


def login_with_form(page, username: str, password: str) -> None:
    """Sign in through the real login form, as a person does."""
    page.goto("/login/")
    page.get_by_label(re.compile("username|usuario", re.I)).fill(username)
    page.get_by_label(re.compile("password|contraseña", re.I)).fill(password)
    page.locator("form[action='/login/'] button[type=submit]").click()
    page.wait_for_load_state()


def screenshot(page, name: str, *, phone: bool = False, full_page: bool = False) -> Path:
    """``docs/screenshots/<name>.png`` at 1280×800 (and ``<name>-phone.png`` at 390×844)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise ValueError(f"screenshot name {name!r}: use lower-case letters, digits and '-'")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    path = SCREENSHOTS / f"{name}.png"
    page.set_viewport_size(DESKTOP)
    _shoot(page, path, full_page)
    if phone:
        page.set_viewport_size(PHONE)
        _shoot(page, SCREENSHOTS / f"{name}-phone.png", full_page)
    if before:
        page.set_viewport_size(before)
    return path


def _shoot(page, path: Path, full_page: bool) -> None:
    page.wait_for_load_state("networkidle")
    tmp = path.with_suffix(".tmp.png")
    page.screenshot(path=str(tmp), full_page=full_page, animations="disabled", caret="hide")
    shutil.move(tmp, path)
