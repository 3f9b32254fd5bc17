"""The places pages in a browser, on a 360 px phone holding the demo hub (Provence
Numérique's places around Monteux), and on a desktop screen for the side-by-side layout."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web.conftest import screenshot, serious_accessibility_violations, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONTEUX = {"latitude": 44.0343, "longitude": 4.9954}


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def search(page, **fields) -> None:
    """Fill the main fields and submit, then wait for htmx to have swapped the results."""
    if "q" in fields:
        page.get_by_label("Que cherchez-vous ?").fill(fields["q"])
    if "commune" in fields:
        page.get_by_label("Près de").fill(fields["commune"])
    with page.expect_response(lambda response: "/lieux/" in response.url):
        page.get_by_role("button", name="Rechercher").click()
    wait_until(page, "!document.querySelector('#places-results.htmx-request')")


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_search_near_monteux_then_open_the_first_place(demo_phone):
    page = demo_phone
    page.goto(page.base_url + "/lieux/")
    page.evaluate("window.__sameDocument = true")
    search(page, q="démarches", commune="Monteux")
    assert page.evaluate("window.__sameDocument") is True  # htmx swapped the results only
    assert query_of(page)["q"] == ["démarches"] and query_of(page)["commune"] == ["Monteux"]
    assert "radius" in query_of(page) and "service" not in query_of(page)  # no empty fields
    count = page.get_by_test_id("places-count").inner_text()
    assert re.fullmatch(r"\d+ lieux?", count.replace("\u202f", " ")), count
    assert (
        "de Monteux (84), du plus proche au plus éloigné"
        in page.locator(".places-summary").inner_text()
    )
    first = page.locator(".place-item").first
    assert "à moins de 100 m" in first.inner_text() or " km" in first.inner_text()
    # The live region tells screen reader users what the search found.
    assert page.locator("#places-status").inner_text() == count.replace(
        "lieu", "lieu trouvé"
    ).replace("lieu trouvéx", "lieux trouvés")
    assert fits_the_screen(page)
    screenshot(page, "places-search-360")
    name = first.locator("h3").inner_text()
    first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/lieux/\d+/$"))
    assert page.locator("h1").inner_text() == name
    assert page.get_by_test_id("place-status").first.is_visible()


def test_open_now_lists_only_open_places_or_says_none_is(demo_phone):
    page = demo_phone
    page.goto(page.base_url + "/lieux/?commune=Monteux&radius=20")
    with page.expect_response(lambda response: "open_now=1" in response.url):
        page.get_by_label("Ouvert maintenant").check()
    wait_until(page, "!document.querySelector('#places-results.htmx-request')")
    assert query_of(page)["open_now"] == ["1"]
    items = page.locator(".place-item")
    if items.count():
        for index in range(items.count()):
            status = items.nth(index).get_by_test_id("place-status")
            assert "place-status--open" in status.get_attribute("class"), items.nth(
                index
            ).inner_text()
            assert status.inner_text().startswith("Ouvert")
    else:
        assert (
            "Aucun lieu correspondant n'est ouvert en ce moment."
            in page.locator(".places-empty").inner_text()
        )
    assert page.locator(".places-summary").inner_text().endswith("Ouverts maintenant.")


def test_the_map_shows_the_places_as_markers(demo_phone):
    page = demo_phone
    page.goto(page.base_url + "/lieux/?commune=Monteux&radius=20")
    map_ = page.locator(".places-map")
    assert not map_.is_visible()  # the list comes first on a phone
    page.get_by_role("button", name="Carte").click()
    assert page.get_by_role("button", name="Carte").get_attribute("aria-pressed") == "true"
    assert not page.locator(".places-list").is_visible()
    page.wait_for_selector(".places-map .leaflet-marker-icon")
    markers = page.locator(".places-map .leaflet-marker-icon")
    assert markers.count() >= 1
    assert int(map_.get_attribute("data-markers")) >= page.locator(".place-item").count() >= 1
    assert map_.get_attribute("role") == "region"
    assert map_.get_attribute("aria-label").startswith("Carte des lieux trouvés")
    # Markers are buttons named after their place, clusters buttons named by their count.
    clusters = page.locator(".places-map").get_by_role("button", name=re.compile(r"^\d+ lieux$"))
    places = page.locator(".places-map .place-marker[role=button][title]")
    assert clusters.count() + places.count() == markers.count()
    assert fits_the_screen(page)
    screenshot(page, "places-map-360")
    page.get_by_role("button", name="Liste").click()
    assert page.locator(".places-list").is_visible()


def test_a_marker_opens_a_popup_linking_to_the_place(demo_phone):
    page = demo_phone
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base_url + "/lieux/?q=atelier+sablons")
    page.wait_for_selector(".places-map[data-markers]:not([aria-busy])")
    # From the keyboard, as the markers are buttons.
    page.locator(".places-map .place-marker").first.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a")
    assert link.inner_text() == "L'Atelier des Sablons"
    assert re.fullmatch(r"/lieux/\d+/", link.get_attribute("href"))
    assert "Sarrians" in page.locator(".leaflet-popup-content").inner_text()
    # The demo places stand at their town hall: the popup says the point is approximate.
    assert "Position approximative" in page.locator(".leaflet-popup-content").inner_text()
    assert page.locator(".place-marker--approximate").count() >= 1
    screenshot(page, "places-1280")


def test_the_back_button_restores_the_filters_and_the_results(demo_phone):
    page = demo_phone
    page.goto(page.base_url + "/lieux/")
    search(page, q="démarches")
    first_results = page.locator(".place-item h3").all_inner_texts()
    with page.expect_response(lambda response: "free=1" in response.url):
        page.get_by_label("Gratuit").check()
    wait_until(page, "!document.querySelector('#places-results.htmx-request')")
    assert query_of(page)["free"] == ["1"]
    page.go_back()
    wait_until(page, "!new URLSearchParams(location.search).has('free')")
    page.locator(".place-item").first.wait_for()
    assert page.locator(".place-item h3").all_inner_texts() == first_results
    assert page.get_by_label("Que cherchez-vous ?").input_value() == "démarches"
    assert not page.get_by_label("Gratuit").is_checked()
    page.go_forward()
    wait_until(page, "new URLSearchParams(location.search).has('free')")
    assert page.get_by_label("Gratuit").is_checked()
    page.go_back()
    page.go_back()
    wait_until(page, "!new URLSearchParams(location.search).has('q')")
    assert page.get_by_label("Que cherchez-vous ?").input_value() == ""


def test_more_places_are_appended_and_get_the_focus(demo_phone):
    page = demo_phone
    page.goto(page.base_url + "/lieux/")
    assert page.locator(".place-item").count() == 20
    page.get_by_role("link", name="Voir plus de lieux").click()
    wait_until(page, "document.querySelectorAll('.place-item').length > 20")
    names = page.locator(".place-item h3").all_inner_texts()
    assert len(names) == len(set(names))  # nothing repeated
    # The new places are swapped in first; the focus moves once htmx has settled them.
    wait_until(page, "document.activeElement.classList.contains('place-item')")
    assert page.evaluate("document.activeElement.querySelector('h3').innerText") == names[20]
    assert urlsplit(page.url).path == "/lieux/" and "cursor" not in query_of(page)


def test_near_me_uses_the_browsers_position(demo_phone):
    page = demo_phone
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(MONTEUX)
    page.goto(page.base_url + "/lieux/")
    with page.expect_response(lambda response: "lat=" in response.url):
        page.get_by_role("button", name="Autour de moi").click()
    wait_until(page, "!document.querySelector('#places-results.htmx-request')")
    assert query_of(page)["lat"] == ["44.034"] and query_of(page)["lon"] == ["4.995"]
    assert "de votre position" in page.locator(".places-summary").inner_text()
    assert page.get_by_text("Autour de votre position").is_visible()


def test_a_bad_value_in_the_address_is_explained(demo_phone):
    page = demo_phone
    page.goto(page.base_url + "/lieux/?service=Réparer+les+vélos&commune=Zzyzx")
    summary = page.locator(".error-summary").inner_text()
    assert "Service : « Réparer les vélos » n'est pas une valeur possible." in summary
    assert "Près de : aucune commune ne correspond à « Zzyzx »." in summary
    page.get_by_role("link", name="Près de").click()
    assert page.evaluate("document.activeElement.id") == "places-commune"


def test_a_place_page_shows_its_hours_in_words(demo_phone):
    page = demo_phone
    page.goto(page.base_url + "/lieux/?q=filature+numerique")
    page.get_by_role("link", name="La Filature numérique").click()
    page.wait_for_url(re.compile(r"/lieux/\d+/$"))
    hours = page.get_by_test_id("place-hours")
    rows = hours.locator("tr").all_inner_texts()
    assert len(rows) == 7
    by_day = {row.split()[0]: " ".join(row.split()) for row in rows}
    # "Mo-Fr 09:00-18:00; Sa 09:00-12:00" in words; a public holiday this week would say Fermé.
    assert by_day["Samedi"].endswith("9 h – 12 h") or by_day["Samedi"].endswith("Fermé")
    assert by_day["Dimanche"].endswith("Fermé")
    assert sum(row.endswith("9 h – 18 h") for row in by_day.values()) >= 4
    status = page.get_by_test_id("place-status").first.inner_text()
    assert re.match(r"(Ouvert maintenant, ferme .+|Fermé, ouvre .+)", status), status
    assert page.locator("[aria-current=date]").count() == 1
    assert "donnée de démonstration" in page.locator(".place-header").inner_text()
    assert (
        page.get_by_role("link", name="Provence Numérique")
        .get_attribute("href")
        .startswith("/acteurs/")
    )
    page.locator(".places-map").scroll_into_view_if_needed()
    page.wait_for_selector(".places-map .place-marker--highlight")
    assert fits_the_screen(page)
    screenshot(page, "place-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "place-1280")


@pytest.mark.parametrize(
    "path", ["/lieux/", "/lieux/?commune=Monteux&open_now=1", "/lieux/?service=x", "place"]
)
def test_places_pages_have_no_serious_accessibility_violation(demo_phone, path):
    page = demo_phone
    if path == "place":
        page.goto(page.base_url + "/lieux/?q=filature+numerique")
        page.get_by_role("link", name="La Filature numérique").click()
        page.wait_for_url(re.compile(r"/lieux/\d+/$"))
        page.locator(".places-map").scroll_into_view_if_needed()
        page.wait_for_selector(".places-map .leaflet-marker-icon")
    else:
        page.goto(page.base_url + path)
        page.get_by_text("Plus de filtres").click()  # every field of the form in view
    assert fits_the_screen(page)
    violations = serious_accessibility_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    if path == "/lieux/":  # and with the map drawn, clusters and markers included
        page.get_by_role("button", name="Carte").click()
        page.wait_for_selector(".places-map .leaflet-marker-icon")
        violations = serious_accessibility_violations(page)
        assert violations == [], json.dumps(violations, indent=1)
