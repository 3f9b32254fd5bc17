"""The coverage page in Chromium: on a 360 px phone holding the demo hub (and a 1280 px
desktop for the screenshots), the map draws the communes and the numbered new sites, the
page passes axe-core and fits the screen."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web.conftest import screenshot, serious_accessibility_violations, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
URL = "/territoire/couverture/"


@pytest.fixture
def coverage_phone(demo_phone):
    # The tiles are decoration: without them the test does not wait on the network.
    demo_phone.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    return demo_phone


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def wait_for_the_map(page) -> None:
    wait_until(
        page, "document.getElementById('coverage-map').dataset.sites !== undefined", timeout=15_000
    )


def screenshots(page, name: str) -> None:
    """The page on the phone, then on a desktop; the phone again afterwards."""
    screenshot(page, f"{name}-360")
    phone_size = page.viewport_size
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(300)  # the map follows its new size
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(phone_size)


def test_the_default_study_maps_vaucluse_and_its_five_numbered_sites(coverage_phone):
    page = coverage_phone
    page.goto(page.base_url + URL)
    assert page.locator("h1").inner_text() == "Couverture du territoire"
    wait_for_the_map(page)
    map_region = page.get_by_role("region", name=re.compile("^Carte de la distance"))
    assert map_region.count() == 1
    assert map_region.get_attribute("aria-label").endswith("Vaucluse (84)")
    # Every inhabited commune of Vaucluse is a polygon; the sites are numbered 1 to 5.
    communes = int(page.locator("#coverage-map").get_attribute("data-communes"))
    assert communes > 100
    assert page.locator("#coverage-map path.leaflet-interactive").count() >= communes
    markers = page.locator(".coverage-site-marker")
    assert markers.count() == 5
    assert [markers.nth(i).inner_text() for i in range(5)] == ["1", "2", "3", "4", "5"]
    # The list says the same, in the same order.
    listed = page.get_by_test_id("coverage-sites").locator("li")
    assert listed.count() == 5
    first_name = listed.first.locator("a").inner_text()
    assert markers.first.get_attribute("title") == f"Nouveau site n° 1 : {first_name}"
    assert fits_the_screen(page)
    assert serious_accessibility_violations(page) == []
    page.evaluate("window.scrollTo(0, 0)")
    screenshots(page, "coverage-vaucluse")
    page.locator("#coverage-map").scroll_into_view_if_needed()
    screenshot(page, "coverage-map-360")


def test_a_site_marker_opens_with_the_keyboard_and_says_what_it_adds(coverage_phone):
    page = coverage_phone
    page.goto(page.base_url + URL)
    wait_for_the_map(page)
    marker = page.get_by_role("button", name=re.compile(r"^Nouveau site n° 1 : "))
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    # axe measures contrast as shown: wait for the popup's fade-in to end.
    wait_until(page, "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    words = popup.inner_text().replace("\u202f", " ").replace("\xa0", " ")
    assert re.search(r"Ajoute [\d ]+ habitants et (\d+ communes|1 commune) à moins de 10 km", words)
    assert popup.get_by_role("link").get_attribute("href").startswith("/territoire/")
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Fermer"
    assert serious_accessibility_violations(page) == []


def test_choosing_a_region_studies_it_and_keeps_the_choices(coverage_phone):
    page = coverage_phone
    page.goto(page.base_url + URL)
    page.get_by_label("Région", exact=True).select_option(label="Provence-Alpes-Côte d'Azur")
    assert page.locator("#coverage-zone-region").is_checked()  # the script chose the zone
    page.get_by_label("Distance maximale jusqu'au lieu le plus proche").select_option("20")
    page.get_by_label("Couvrir tout le monde").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Lancer l'étude").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["zone"] == ["region"] and query["region"] == ["93"]
    assert query["radius_km"] == ["20"] and query["cover_all"] == ["1"]
    assert (
        "Résultats : Provence-Alpes-Côte d'Azur" in page.locator("#coverage-results").inner_text()
    )
    wait_for_the_map(page)
    assert int(page.locator("#coverage-map").get_attribute("data-sites")) >= 1
    assert page.get_by_test_id("coverage-bound").is_visible()
    assert page.locator("#coverage-zone-region").is_checked()
    assert page.locator("#coverage-cover_all").is_checked()
    assert fits_the_screen(page)
    assert serious_accessibility_violations(page) == []
    screenshots(page, "coverage-region")


def test_a_bad_field_is_named_and_leads_to_it(coverage_phone):
    page = coverage_phone
    page.goto(page.base_url + URL + "?zone=departements&radius_km=7")
    summary = page.locator(".error-summary")
    assert "Départements : cochez au moins un département." in summary.inner_text()
    assert "Distance maximale : choisissez 5, 10, 15, 20 ou 30 km." in summary.inner_text()
    assert page.locator("#coverage-results").count() == 0
    summary.get_by_role("link", name="Distance maximale").click()
    assert page.evaluate("document.activeElement.id") == "coverage-radius_km"
    assert fits_the_screen(page)
    assert serious_accessibility_violations(page) == []
    screenshot(page, "coverage-errors-360")
