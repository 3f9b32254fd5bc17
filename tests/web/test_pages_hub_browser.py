"""The hub's home, the actors' pages and a commune page in Chromium, on a 360 px phone (and a
1280 px desktop for the screenshots), with the demo hub loaded."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from maillage.directory.models import Organisation, Place
from maillage.web.views.organisations import PAGE_SIZE
from tests.web.conftest import screenshot, serious_accessibility_violations, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def figure(page, test_id: str) -> str:
    return page.get_by_test_id(test_id).inner_text().replace("\u202f", " ").replace("\xa0", " ")


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def screenshots(page, name: str) -> None:
    """The page on the phone, then on a desktop; the phone again afterwards."""
    screenshot(page, f"{name}-360")
    phone_size = page.viewport_size
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(phone_size)


def test_home_presents_the_hub_and_its_figures(demo_phone):
    page = demo_phone
    page.goto(page.base_url + "/")
    assert page.locator("h1").inner_text() == "Provence Numérique"
    assert page.title() == "Provence Numérique · Maillage"
    assert figure(page, "places-count") == str(Place.objects.count())
    assert figure(page, "organisations-count") == str(Organisation.objects.count())
    assert int(figure(page, "covered-communes-count")) > 0
    kinds = page.get_by_test_id("hub-kinds").inner_text()
    assert "Tiers-lieu" in kinds and "Fablab" in kinds and "Coworking" in kinds
    assert fits_the_phone(page)
    # The map, far down the phone's page, is drawn once scrolled to.
    page.locator(".places-map").scroll_into_view_if_needed()
    wait_until(
        page, "document.querySelector('.places-map').dataset.markers !== undefined", timeout=15_000
    )
    assert int(page.locator(".places-map").get_attribute("data-markers")) >= 25
    page.evaluate("window.scrollTo(0, 0)")
    screenshots(page, "hub-home")


def test_the_home_search_box_leads_to_the_places_page(demo_phone):
    page = demo_phone
    page.goto(page.base_url + "/")
    page.get_by_label("Que cherchez-vous\u202f?", exact=True).fill("fablab")
    page.get_by_label("Où\u202f?", exact=True).fill("Monteux")
    page.get_by_role("button", name="Rechercher un lieu").click()
    page.wait_for_url("**/lieux/**")
    address = urlsplit(page.url)
    assert address.path == "/lieux/"
    assert parse_qs(address.query) == {"q": ["fablab"], "commune": ["Monteux"]}


def test_actors_list_provence_numerique_with_its_legal_form(demo_phone):
    page = demo_phone
    # The demo also holds the companies the hub accompanies: search the ones shown here.
    page.goto(page.base_url + "/acteurs/?q=provence+numerique")
    card = page.locator(".org-card", has_text="Provence Numérique")
    assert card.get_by_test_id("legal-form").inner_text() == "SCIC"
    assert "25 lieux gérés" in card.inner_text()
    page.goto(page.base_url + "/acteurs/?q=pixel+ventoux")
    demo_card = page.locator(".org-card", has_text="Pixel Ventoux")
    assert "donnée de démonstration" in demo_card.inner_text()
    assert fits_the_phone(page)
    screenshots(page, "hub-actors")
    page.goto(page.base_url + "/acteurs/")
    page.get_by_role("navigation", name="Par type d'acteur").get_by_role(
        "link", name="Artisan"
    ).click()
    page.wait_for_url("**kind=artisan**")
    artisans = Organisation.objects.filter(kind=Organisation.Kind.ARTISAN).count()
    assert artisans >= 2
    assert page.locator(".org-card").count() == min(artisans, PAGE_SIZE)


def test_an_actor_page_lists_its_places(demo_phone):
    page = demo_phone
    page.goto(page.base_url + "/acteurs/?q=provence+numerique")
    page.get_by_role("link", name="Provence Numérique", exact=True).click()
    page.wait_for_url("**/acteurs/*/")
    assert page.locator("h1").inner_text() == "Provence Numérique"
    places = page.get_by_test_id("operated-places").locator("li")
    assert places.count() == Place.objects.filter(operator__is_hub=True).count() == 25
    assert "La Filature numérique" in page.get_by_test_id("operated-places").inner_text()
    assert fits_the_phone(page)
    screenshots(page, "hub-actor")


def test_a_commune_page_counts_the_places_within_5_10_and_20_km(demo_phone):
    page = demo_phone
    page.goto(page.base_url + "/territoire/84080/")
    assert page.locator("h1").inner_text() == "Monteux"
    within = [int(figure(page, f"within-{km}-km")) for km in (5, 10, 20)]
    # Provence Numérique's places in Monteux, then Carpentras, Pernes, Sarrians… further out.
    assert 0 < within[0] <= within[1] <= within[2]
    assert within[0] >= Place.objects.filter(commune_id="84080").count()
    nearest = page.get_by_test_id("nearest-places").locator("li")
    assert nearest.count() == 10
    assert "km" in nearest.first.inner_text()
    assert fits_the_phone(page)
    screenshots(page, "hub-commune")


def test_finding_a_commune_from_home_opens_its_page(demo_phone):
    page = demo_phone
    page.goto(page.base_url + "/")
    page.get_by_label("Chercher une commune").fill("monteux")
    page.locator("#commune-results").get_by_role("link", name="Monteux", exact=True).click()
    page.wait_for_url("**/territoire/84080/")
    assert page.locator("h1").inner_text() == "Monteux"


@pytest.mark.parametrize("path", ["/", "actor", "/acteurs/", "/territoire/84080/"])
def test_hub_pages_have_no_serious_accessibility_violation(demo_phone, path):
    page = demo_phone
    if path == "actor":
        path = f"/acteurs/{Organisation.objects.get(is_hub=True).pk}/"
    page.goto(page.base_url + path)
    violations = serious_accessibility_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
