"""What a person does in a browser: Playwright driving Debian's Chromium, axe-core for
accessibility. Playwright never downloads a browser here; without /usr/bin/chromium these
tests skip with a reason, and fail under CI=true."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web.conftest import screenshot, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
