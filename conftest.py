"""Browser fixtures: Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# A fake camera and microphone, granted without a prompt: live-session tests need them, and no
# other page asks for media. One browser per test process (Playwright's sync API allows one).
MEDIA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
SERIOUS = {"serious", "critical"}


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language_and_zone():
    """A request leaves the person's language and time zone active in the thread (Django's
    LocaleMiddleware does the same); a test that reads text after another test's request must not
    read it in that person's language."""
    from django.conf import settings
    from django.utils import timezone, translation

    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()
    yield


def _browser_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which(CHROMIUM) is not None


# Per module, not per session: Playwright's sync API keeps an event loop running in the test
# process while the browser is open, and Channels tests (async_to_sync) cannot run beside it.
@pytest.fixture(scope="module")
def browser():
    if not _browser_available():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (set REQUIRE_BROWSER=1 to make this a failure)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make alongside
    # it are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    # expect() waits 5 s by default, pages 10-15 s: under two test processes, a browser and a live
    # server on two cores, a page can take longer than 5 s to show what a test waits for.
    expect.set_options(timeout=15_000)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *MEDIA_ARGS]
        )
        yield browser
        browser.close()


class PageProblems:
    def __init__(self):
        self.csp = []
        self.errors = []
        self.external = []


def _watched_page(context, base_url):
    page = context.new_page()
    problems = PageProblems()
    page.on(
        "console",
        lambda msg: (
            problems.csp.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused to" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda exc: problems.errors.append(str(exc)))
    page.on(
        "request",
        lambda req: (
            problems.external.append(req.url)
            if not req.url.startswith((base_url, "data:", "blob:", "about:"))
            else None
        ),
    )
    page.set_default_timeout(10_000)
    return page, problems


def _assert_no_problems(problems: PageProblems) -> None:
    assert not problems.csp, f"CSP violations: {problems.csp}"
    assert not problems.errors, f"JavaScript errors: {problems.errors}"
    assert not problems.external, f"third-party requests: {problems.external}"


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context; fails the test on CSP violations, JS errors or third-party requests."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page, problems = _watched_page(context, live_server.url)
    yield page
    context.close()
    _assert_no_problems(problems)


@pytest.fixture
def another_page(browser, live_server):
    """A second person's page in a context of its own, with the same checks as `page`."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page, problems = _watched_page(context, live_server.url)
    yield page
    context.close()
    _assert_no_problems(problems)


# What Chromium says when a script runs while a click's navigation replaces the document.
_NAVIGATION_IN_FLIGHT = ("reading 'documentElement'", "Execution context was destroyed")


def _run_axe_once_the_page_settles(axe, page, context):
    """Run axe on the page a click led to, not on the one being replaced.

    A test calls `axe_check` right after a click; if the click started a navigation, axe can
    start on the old document and find it gone. Waiting for the load and running again checks
    the page the person actually reached.
    """
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return axe.run(page, context=context)
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in _NAVIGATION_IN_FLIGHT):
                raise
            page.wait_for_timeout(200)


@pytest.fixture
def axe_check():
    """`axe_check(page)` fails on serious or critical accessibility violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, context=None):
        results = _run_axe_once_the_page_settles(axe, page, context)
        serious = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
        report = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            for v in serious
        )
        assert not serious, f"accessibility violations on {page.url}:\n{report}"

    return check
