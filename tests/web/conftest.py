"""Browser fixtures: Playwright driving Debian's Chromium, axe-core for accessibility.
Playwright never downloads a browser here; without /usr/bin/chromium the browser tests skip
with a reason, and fail under CI=true."""

import os
import shutil
from pathlib import Path

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


@pytest.fixture
def phone(browser, live_server, load_territory_subset):
    """A 360 px wide phone, on a site whose territory is loaded."""
    load_territory_subset()
    reference_data_seed()
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


@pytest.fixture
def demo_phone(phone):
    """The phone, on a site holding the demo hub (Provence Numérique's places and the
    seed-001 inventory of the test territory; no open-data files, no bookings)."""
    from maillage.demo.services import demo_build

    demo_build(with_bookings=False)
    return phone
