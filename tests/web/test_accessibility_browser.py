"""axe-core on pages as they are before their scripts change them, and on staff pages with
several tables: a map named before it is drawn, tables that scroll without repeating the
landmark of their section."""

import re

import pytest

from maillage.demo import hub
from maillage.directory.models import Place
from tests.web.conftest import accessibility_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every impact but "minor": landmark-unique, for one, is "moderate".
NOTABLE = ("moderate", "serious", "critical")


def not_drawn(page) -> bool:
    """places-map.js has run (it removed the "needs JavaScript" note) but drawn no map yet:
    the state of a map waiting to be scrolled to, held here by keeping Leaflet away."""
    return (
        page.locator(".places-map .places-map-note").count() == 0
        and page.locator(".places-map.leaflet-container").count() == 0
    )


def test_a_map_is_a_named_region_before_it_is_drawn(demo_phone):
    page = demo_phone
    page.route(re.compile(r"/static/vendor/leaflet/leaflet\.js$"), lambda route: route.abort())
    place = Place.objects.filter(latitude__isnull=False).order_by("pk").first()
    page.goto(f"{page.base_url}/lieux/{place.pk}/")
    assert not_drawn(page)
    assert page.locator(".places-map").get_attribute("role") == "region"
    assert accessibility_violations(page, NOTABLE) == []
    # The list of places beside its map, on a screen wide enough to show both.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.base_url}/lieux/?commune=Monteux")
    assert page.locator(".places-map").is_visible() and not_drawn(page)
    assert page.locator(".places-map").get_attribute("role") == "region"
    assert accessibility_violations(page, NOTABLE) == []


@pytest.mark.parametrize("width", [360, 1280])
def test_staff_pages_with_several_tables(demo_phone, width):
    page = demo_phone
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{page.base_url}/connexion/?next=/equipe/")
    page.get_by_label("Adresse électronique").or_(page.get_by_label("Courriel")).first.fill(
        "coordination@demo.maillage.fr"
    )
    page.get_by_label("Mot de passe").fill(hub.DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("connecter|Connexion", re.I)).click()
    page.wait_for_url(re.compile("/equipe/$"))
    for path in ("/equipe/cooperative/", "/equipe/pass-numerique/", "/cooperative/financement/"):
        page.goto(page.base_url + path)
        scrollers = page.locator(".table-scroll")
        assert scrollers.count() >= 2, path
        for index in range(scrollers.count()):
            scroller = scrollers.nth(index)
            assert scroller.get_attribute("role") == "group"
            assert scroller.get_attribute("tabindex") == "0"
            assert scroller.get_attribute("aria-labelledby") or scroller.get_attribute("aria-label")
        assert accessibility_violations(page, NOTABLE) == [], path
        screenshot(page, f"staff-tables-{path.strip('/').replace('/', '-')}-{width}")
