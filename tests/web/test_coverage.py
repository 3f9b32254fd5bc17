"""The coverage page, /territoire/couverture/: the form, its French errors naming the field,
and the study laid out (figures, map data, new sites, tables, downloads), on the test
territory (Vaucluse and Bouches-du-Rhône among others)."""

import csv
import dataclasses
import html
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve, reverse

from maillage.coverage import limits
from maillage.directory.models import Place
from maillage.territory.models import Commune
from maillage.web.views import coverage as coverage_view
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

URL = "/territoire/couverture/"
MONTEUX = (44.0343, 4.9954)
AVIGNON = (43.9493, 4.8056)
APT = (43.8760, 5.3964)
AIX = (43.5283, 5.4497)


def text_of(response) -> str:
    """The response's text, tags and scripts removed, spaces collapsed, entities decoded."""
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def map_data(response) -> dict:
    found = re.search(
        r'<script id="coverage-map-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        flags=re.S,
    )
    assert found, "the page embeds no map data"
    return json.loads(found.group(1))


def links(response, test_id: str) -> str:
    found = re.search(rf'href="([^"]+)" data-testid="{test_id}"', response.content.decode())
    assert found, test_id
    return html.unescape(found.group(1))


def error_summary(response) -> str:
    found = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), flags=re.S)
    assert found, "no error summary"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


def places(*points, kind="epn"):
    return [
        PlaceFactory(latitude=lat, longitude=lon, tags={"hub_kind": [kind]}) for lat, lon in points
    ]


def test_the_address_is_not_taken_for_a_commune_code():
    assert reverse("web:coverage") == URL
    assert resolve(URL).func is coverage_view.coverage_page


def test_without_parameters_the_page_studies_vaucluse_at_10_km_with_5_new_sites(client):
    places(MONTEUX, AVIGNON)
    response = client.get(URL)
    assert response.status_code == 200
    text = text_of(response)
    assert "Résultats : Vaucluse (84)" in text
    assert "2 lieux pris en compte (tous types)" in text
    # Headline figures, before and after the new sites, as numbers and shares.
    assert re.search(r"\d+,\d % des habitants ont un lieu à 10 km ou moins aujourd'hui", text)
    assert re.search(r"\d+,\d % avec les 5 nouveaux sites proposés, soit [\d ]+ personnes", text)
    # The form shows the defaults.
    body = response.content.decode()
    assert re.search(r'id="coverage-departements-84" name="departements" value="84" checked', body)
    assert re.search(r'<option value="10" selected>', body)
    assert 'name="new_sites" type="number"' in body and 'value="5"' in body
    assert re.search(r'value="town-halls" checked', body)
    # Five numbered sites, each linking to its commune, with what it adds.
    sites = re.findall(
        r'<span class="visually-hidden">Site n° (\d+) : </span><a href="/territoire/(\d{5})/">',
        body,
    )
    assert [rank for rank, _code in sites] == ["1", "2", "3", "4", "5"]
    assert all(Commune.objects.get(code=code).departement_id == "84" for _r, code in sites)
    assert re.search(r"\+ [\d ]+ habitants, \d+ communes? à 10 km ou moins", text)
    assert "Solution optimale" in text or "Solution prouvée à" in text
    # The navigation marks the page.
    assert re.search(r'href="/territoire/couverture/" aria-current="page">Couverture<', body)


def test_the_map_data_holds_the_communes_classes_places_and_sites(client):
    places(MONTEUX, AVIGNON)
    response = client.get(URL + "?departements=84&radius_km=10&new_sites=3")
    data = map_data(response)
    vaucluse = Commune.objects.filter(departement_id="84", kind="COM", population__gt=0)
    assert data["mode"] == "polygons"
    assert len(data["communes"]) == vaucluse.count()
    monteux = next(row for row in data["communes"] if row[0] == "84080")
    code, name, population, nearest, klass, white, site, lat, lon, geometry = monteux
    assert name == "Monteux" and nearest == 0.0 and klass == 0 and white == 0 and site == 0
    commune = Commune.objects.get(code=code)
    assert population == commune.population
    assert (lat, lon) == (round(commune.latitude, 5), round(commune.longitude, 5))
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    assert len(data["colours"]) == len(data["labels"]) == 6
    assert sorted(place[3] for place in data["places"]) == sorted(
        Place.objects.values_list("pk", flat=True)
    )
    assert [site["rank"] for site in data["sites"]] == [1, 2, 3]
    assert all(site["url"].startswith("/territoire/") for site in data["sites"])
    assert "{rank}" in data["texts"]["site"] and "10 km" in data["texts"]["siteAdds"]
    # Every white zone is far from both places; the legend counts every commune once.
    for row in data["communes"]:
        assert (row[5] == 1) == (row[3] is None or row[3] > 10)
    text = text_of(response)
    assert "Légende" in text and "plus de 30 km" in text and "5 km ou moins" in text


def test_the_summary_tables_are_shown(client):
    places(MONTEUX, AVIGNON)
    places(AIX, kind="fablab")
    response = client.get(URL + "?zone=departements&departements=84&departements=13&kinds=epn")
    body = response.content.decode()
    for test_id in ("places-by-kind", "by-departement", "by-epci", "white-zones", "all-communes"):
        assert f'data-testid="{test_id}"' in body, test_id
    text = text_of(response)
    assert "Résultats : Vaucluse (84), Bouches-du-Rhône (13)" in text
    assert "2 lieux pris en compte (EPN (espace public numérique))" in text
    # Places by kind × département: every kind, the chosen one stands out.
    kinds_table = re.search(r'data-testid="places-by-kind">(.*?)</table>', body, re.S).group(1)
    assert re.search(r'<abbr title="Bouches-du-Rhône">13</abbr>', kinds_table)
    assert re.search(r'class="is-chosen"><th scope="row">EPN', kinds_table)
    assert "Fablab" in kinds_table
    departements = re.search(r'data-testid="by-departement">(.*?)</table>', body, re.S).group(1)
    assert "Vaucluse" in departements and "Bouches-du-Rhône" in departements
    assert "Part avec les sites" in departements
    # The long tables scroll in a named, focusable group.
    assert re.search(
        r'class="table-scroll coverage-table-long" role="group" '
        r'aria-labelledby="coverage-epci-title" tabindex="0"',
        body,
    )


def test_a_region_is_studied_with_its_departements(client):
    places(MONTEUX, AIX)
    response = client.get(URL + "?zone=region&region=93&radius_km=20&new_sites=0")
    text = text_of(response)
    assert "Résultats : Provence-Alpes-Côte d'Azur" in text
    assert "Aucun nouveau site demandé" in text
    assert 'data-testid="pct-after"' not in response.content.decode()
    departements = {row[0][:2] for row in map_data(response)["communes"]}
    assert departements == {"84", "13"}


def test_france_draws_points_and_leaves_the_commune_table_to_the_csv(client, monkeypatch):
    monkeypatch.setattr(coverage_view, "MAX_POLYGONS", 100)
    monkeypatch.setattr(coverage_view, "MAX_COMMUNE_ROWS", 100)
    places(MONTEUX)
    response = client.get(URL + "?zone=france&new_sites=2")
    data = map_data(response)
    assert data["mode"] == "points"
    assert all(row[9] is None for row in data["communes"])
    assert "Résultats : France" in text_of(response)
    assert "dans le fichier CSV" in text_of(response)


@pytest.mark.parametrize(
    ("query", "label", "message"),
    [
        (
            "?zone=departements&departements=99",
            "Départements",
            "« 99 » n'est pas un département dont les communes sont connues.",
        ),
        ("?departements=2A", "Départements", "« 2A » n'est pas un département"),
        ("?zone=departements", "Départements", "cochez au moins un département."),
        ("?zone=region", "Région", "choisissez une région."),
        ("?zone=region&region=99", "Région", "« 99 » n'est pas une région"),
        ("?radius_km=7", "Distance maximale", "choisissez 5, 10, 15, 20 ou 30 km."),
        ("?radius_km=dix", "Distance maximale", "choisissez 5, 10, 15, 20 ou 30 km."),
        ("?new_sites=51", "Nombre de nouveaux sites", "50 nouveaux sites au plus."),
        ("?new_sites=-1", "Nombre de nouveaux sites", "de 0 à 50."),
        ("?new_sites=cinq", "Nombre de nouveaux sites", "un nombre entier est attendu"),
        ("?kinds=piscine", "Types de lieux", "« piscine » n'est pas un type de lieu."),
        ("?candidates=gares", "Où ouvrir les nouveaux sites", "choisissez les mairies"),
    ],
)
def test_bad_input_gives_a_french_message_naming_the_field(client, query, label, message):
    places(MONTEUX)
    response = client.get(URL + query)
    assert response.status_code == 200
    summary = error_summary(response)
    assert "L'étude n'a pas pu être faite" in summary
    assert f"{label} : " in summary and message in summary, summary
    assert 'id="coverage-results"' not in response.content.decode()
    assert 'id="coverage-form"' in response.content.decode()  # the form, to correct it
    assert "Traceback" not in response.content.decode()


def test_error_links_lead_to_their_field(client):
    response = client.get(URL + "?zone=departements&radius_km=7&kinds=piscine")
    body = response.content.decode()
    targets = re.findall(r'<li><a href="#([^"]+)">', body)
    assert targets == [
        "coverage-departements-01",  # the first box of the list (Ain, first région by name)
        "coverage-kinds-eric",
        "coverage-radius_km",
    ]
    for target in targets:
        assert f'id="{target}"' in body
    assert 'aria-invalid="true" aria-describedby="coverage-radius_km-help' not in body
    assert re.search(r'id="coverage-radius_km"[^>]*aria-invalid="true"', body)


def test_more_new_sites_than_candidates_says_how_many_are_possible(client):
    places(MONTEUX, AVIGNON)
    places(APT, AIX, (44.05, 5.05), kind="fablab")  # Aix is in 13: two candidates in 84
    response = client.get(URL + "?departements=84&kinds=epn&candidates=places&new_sites=10")
    summary = error_summary(response)
    assert "Nombre de nouveaux sites : il n'y a que 2 emplacements possibles" in summary
    assert "demandez-en 2 au plus." in summary
    # Asking for as many works, and the sites are those places.
    response = client.get(URL + "?departements=84&kinds=epn&candidates=places&new_sites=2")
    fablabs = {
        f"/lieux/{pk}/"
        for pk in Place.objects.filter(tags__value="fablab").values_list("pk", flat=True)
    }
    sites = map_data(response)["sites"]
    assert sites and {site["url"] for site in sites} <= fablabs


def test_no_other_place_to_open_a_site_in_is_said_on_the_candidates(client):
    places(MONTEUX)
    response = client.get(URL + "?departements=84&candidates=places&new_sites=3")
    assert "Où ouvrir les nouveaux sites : aucun lieu d'un autre type" in error_summary(response)


def test_without_new_sites_the_candidates_do_not_matter(client):
    places(MONTEUX)
    response = client.get(URL + "?departements=84&candidates=places&new_sites=0")
    assert 'class="error-summary"' not in response.content.decode()
    assert "Aucun nouveau site demandé" in text_of(response)


def test_no_place_of_the_chosen_kinds_without_new_sites_is_said_on_the_kinds(client):
    places(MONTEUX)
    response = client.get(URL + "?departements=84&kinds=fablab&new_sites=0")
    assert "Types de lieux : aucun lieu localisé de ces types" in error_summary(response)
    # With new sites, the study starts from nobody covered.
    response = client.get(URL + "?departements=84&kinds=fablab&new_sites=3")
    assert "0,0 % des habitants ont un lieu" in text_of(response)
    assert "aucun lieu de ces types" in text_of(response)  # the legend's grey class


def test_cover_all_proposes_the_sites_covering_everybody_with_its_bound(client):
    places(MONTEUX, AVIGNON)
    response = client.get(URL + "?departements=84&radius_km=20&cover_all=1&new_sites=5")
    text = text_of(response)
    assert re.search(r"Couvrir tout le monde : \d+ nouveaux? sites?", text)
    assert "100,0 % avec les" in text
    bound = re.search(r'data-testid="coverage-bound">(.*?)</p>', response.content.decode(), re.S)
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", bound.group(1))).split())
    assert re.fullmatch(
        r"(Solution optimale\. Il faut au moins \d+ sites? : impossible de couvrir tout le "
        r"monde avec moins\.|Solution prouvée à [\d,]+ % de l'optimum au moins\. Il faut au "
        r"moins \d+ sites? ; cette solution en propose \d+\.)",
        words,
    ), words
    assert re.search(
        r'id="coverage-cover_all" name="cover_all" value="1"[^>]* checked',
        response.content.decode(),
    )


def test_the_download_links_carry_the_parameters(client):
    places(MONTEUX, AVIGNON)
    query = "?zone=departements&departements=84&departements=13&kinds=epn&kinds=cyberbase"
    response = client.get(URL + query + "&radius_km=20&new_sites=3&candidates=town-halls")
    expected = {
        "departements": ["84,13"],
        "kinds": ["epn,cyberbase"],
        "radius_km": ["20"],
        "new_sites": ["3"],
        "candidates": ["town-halls"],
    }
    for test_id, file_format in (("download-csv", "csv"), ("download-geojson", "geojson")):
        url = links(response, test_id)
        assert urlsplit(url).path == "/api/v1/coverage"
        assert parse_qs(urlsplit(url).query) == {**expected, "format": [file_format]}
    downloaded = client.get(links(response, "download-csv"))
    assert downloaded.status_code == 200
    rows = list(csv.DictReader(io.StringIO(downloaded.content.decode())))
    assert {row["departement"] for row in rows} == {"84", "13"}
    geojson = client.get(links(response, "download-geojson")).json()
    assert sum(f["properties"]["kind"] == "recommended_site" for f in geojson["features"]) == 3
    # A région, France, cover_all: the same way.
    response = client.get(URL + "?zone=region&region=93&cover_all=1&candidates=town-halls")
    url = links(response, "download-csv")
    assert parse_qs(urlsplit(url).query) == {
        "region": ["93"],
        "radius_km": ["10"],
        "cover_all": ["true"],
        "candidates": ["town-halls"],
        "format": ["csv"],
    }


def test_api_style_addresses_work_too(client):
    places(MONTEUX)
    response = client.get(URL + "?departements=84,13&kinds=epn&radius_km=15&new_sites=1")
    assert "Résultats : Vaucluse (84), Bouches-du-Rhône (13)" in text_of(response)
    assert "distance maximale 15 km" in text_of(response)


def test_a_commune_without_boundary_is_drawn_as_a_point(client):
    places(MONTEUX)
    Commune.objects.filter(code="84080").update(boundary="")
    data = map_data(client.get(URL))
    assert next(row for row in data["communes"] if row[0] == "84080")[9] is None


def test_the_method_is_explained(client):
    places(MONTEUX)
    text = text_of(client.get(URL))
    assert "Méthode" in text
    assert "à vol d'oiseau entre la mairie et le lieu le plus proche" in text
    assert "population municipale" in text


def test_the_page_keeps_to_the_public_limits(client, monkeypatch):
    places(MONTEUX)
    asked = []
    real = coverage_view.coverage_study
    monkeypatch.setattr(
        coverage_view,
        "coverage_study",
        lambda *args, **kwargs: asked.append(kwargs.get("limits")) or real(*args, **kwargs),
    )
    client.get(URL + "?departements=84&new_sites=3")
    assert asked == [limits.PUBLIC]  # its k, R, area, exact size and 1 s deadline


def test_new_sites_on_too_large_an_area_are_refused_on_their_field(client, monkeypatch):
    places(MONTEUX)
    # Vaucluse's 151 communes over a limit of 100, as France's 34,846 over the real 6,000.
    smaller = dataclasses.replace(limits.PUBLIC, max_communes_for_sites=100, max_departements=2)
    monkeypatch.setattr(coverage_view, "PUBLIC", smaller)
    summary = error_summary(client.get(URL + "?departements=84&new_sites=3"))
    assert "Nombre de nouveaux sites : les nouveaux sites se calculent ici sur 100 " in summary
    summary = error_summary(client.get(URL + "?departements=84&cover_all=1"))
    assert "Couvrir tout le monde : les nouveaux sites se calculent ici sur 100 " in summary
    response = client.get(URL + "?departements=84&new_sites=0")
    assert 'class="error-summary"' not in response.content.decode()
    summary = error_summary(client.get(URL + "?departements=84,13,42&new_sites=0"))
    assert "Départements : 2 départements au plus" in summary
