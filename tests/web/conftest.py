"""Browser fixtures: Playwright driving Debian's Chromium, axe-core for accessibility.
Playwright never downloads a browser here; without /usr/bin/chromium the browser tests skip
with a reason, and fail under CI=true.

The live server runs the production settings, so every page is served with the site's
Content-Security-Policy; a test whose pages break it (an inline script or style, a resource
from elsewhere) fails at teardown, naming each violation."""

import contextlib
import os
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import IN_CI, REPO_ROOT, reference_data_seed

CHROMIUM = os.environ.get("MAILLAGE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO_ROOT / "src/maillage/web/static/vendor/axe/axe.min.js"
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium chromium-driver"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make assets`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


# Each page of the context records the policy's violations: in window.__cspViolations, and
# through an exposed function, so that a violation on a page since left is not lost.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  var violation = {
    directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample,
    source: event.sourceFile, line: event.lineNumber, page: document.location.href
  };
  window.__cspViolations.push(violation);
  if (window.maillageCspViolation) window.maillageCspViolation(violation);
}, true);
"""


def csp_watched_context(browser, **options):
    """A browser context whose pages record Content-Security-Policy violations (DOM events, and
    the console's "… violates the following Content Security Policy directive …" lines) in
    `context.csp_violations`."""
    context = browser.new_context(**options)
    violations = context.csp_violations = []

    def reported(violation: dict) -> None:
        violations.append(violation)

    def logged(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append({"console": message.text})

    context.expose_function("maillageCspViolation", reported)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    context.on("console", logged)
    return context


def close_failing_on_csp_violations(context) -> None:
    from playwright.sync_api import Error

    for page in context.pages:
        # Lets the events still on their way arrive; a page may be closed, or navigating.
        with contextlib.suppress(Error):
            page.evaluate("0")
    violations = list(context.csp_violations)
    context.close()
    if violations:
        pytest.fail(
            "Content-Security-Policy violations:\n" + "\n".join(str(v) for v in violations),
            pytrace=False,
        )


@pytest.fixture
def phone(browser, live_server, load_territory_subset):
    """A 360 px wide phone, on a site whose territory is loaded."""
    load_territory_subset()
    reference_data_seed()
    context = csp_watched_context(
        browser, viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="fr-FR"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    close_failing_on_csp_violations(context)


def wait_until(page, expression: str, timeout: float = 10_000) -> None:
    """What `page.wait_for_function(expression)` does, without its eval(): Playwright runs that
    predicate through the page's own eval, which the Content-Security-Policy refuses, whereas
    `page.evaluate` goes through the DevTools protocol, which the policy does not govern."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout / 1000
    last_error = None
    while time.monotonic() < deadline:
        try:
            if page.evaluate(expression):
                return
        except Error as error:  # a navigation under way, or the element not there yet
            last_error = error
        page.wait_for_timeout(50)
    raise AssertionError(f"still false after {timeout:.0f} ms: {expression} ({last_error})")


def accessibility_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of the page as it is now, of the given impacts."""
    # From the site's own static files: `add_script_tag(path=…)` would put axe-core inline,
    # which the Content-Security-Policy refuses.
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    page.add_script_tag(url=f"{origin}/static/vendor/axe/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def serious_accessibility_violations(page) -> list[dict]:
    return accessibility_violations(page)


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def demo_phone(phone):
    """The phone, on a site holding the demo hub (Provence Numérique's places and the
    seed-001 inventory of the test territory; no open-data files, no bookings)."""
    from maillage.demo.services import demo_build

    demo_build(with_bookings=False)
    return phone
