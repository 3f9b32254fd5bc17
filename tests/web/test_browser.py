"""What a person does in a browser: Playwright driving Debian's Chromium, axe-core for
accessibility. Playwright never downloads a browser here; without /usr/bin/chromium these
tests skip with a reason, and fail under CI=true."""

import json
import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import IN_CI, REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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


@pytest.fixture
def phone(browser, live_server, load_territory_subset):
    """A 360 px wide phone, on a site whose territory is loaded."""
    load_territory_subset()
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="fr-FR"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


def serious_accessibility_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_on_a_phone_shows_the_territory_and_fits_the_screen(phone):
    phone.goto(phone.base_url + "/")
    assert phone.get_by_test_id("communes-count").inner_text().replace("\u202f", " ") == "594"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "home-360")


def test_searching_a_commune_updates_the_results_without_reloading(phone):
    phone.goto(phone.base_url + "/")
    phone.evaluate("window.__sameDocument = true")
    phone.get_by_label("Chercher une commune").fill("st etienne")
    phone.locator("#commune-results").get_by_text("Saint-Étienne", exact=True).wait_for()
    assert phone.evaluate("window.__sameDocument") is True  # htmx swapped a fragment
    # The address keeps the query: shareable, and the back button works.
    assert parse_qs(urlsplit(phone.url).query) == {"q": ["st etienne"]}
    phone.reload()
    assert phone.locator("#commune-results").get_by_text("Saint-Étienne", exact=True).is_visible()
    phone.go_back()
    phone.get_by_test_id("communes-count").wait_for()  # the whole home page, not a fragment
    phone.go_forward()
    phone.locator("#commune-results").get_by_text("Saint-Étienne", exact=True).wait_for()
    assert phone.locator("h1").inner_text() == "Communes"
    screenshot(phone, "search-360")


def test_keyboard_users_can_skip_to_the_content(phone):
    phone.goto(phone.base_url + "/")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent.trim()") == "Aller au contenu"
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "contenu"


@pytest.mark.parametrize("path", ["/", "/communes/recherche/?q=saint", "/page-inconnue/"])
def test_pages_have_no_serious_accessibility_violation(phone, path):
    phone.goto(phone.base_url + path)
    violations = serious_accessibility_violations(phone)
    assert violations == [], json.dumps(violations, indent=1)
