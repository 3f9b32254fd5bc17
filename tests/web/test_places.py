"""The places pages: /lieux/ (filters, htmx fragments, pages) and /lieux/<id>/."""

import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from maillage.directory import opening
from maillage.directory.standard import SERVICES
from maillage.web.views import places as places_view
from tests.factories import OrganisationFactory, PlaceFactory

pytestmark = pytest.mark.django_db

MONTEUX = (44.0343017578, 4.99538993835)
CARPENTRAS = (44.0556, 5.0481)  # about 5 km from Monteux
AVIGNON = (43.9492888, 4.8055893)  # about 19 km
MARSEILLE = (43.2965, 5.3698)  # about 90 km
HX = {"HX-Request": "true"}
# A Monday, 10:00 in Paris.
MONDAY_MORNING = dt.datetime(2026, 3, 30, 10, 0, tzinfo=opening.PARIS)


def text_of(response) -> str:
    """The response's text, tags removed and spaces collapsed, entities decoded."""
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\u00a0", " ").split())
    return text.replace(" ,", ",").replace(" .", ".")


def names(response) -> list[str]:
    return [
        html.unescape(name)
        for name in re.findall(
            r'class="place-item-name"><a href="[^"]+">([^<]+)</a>', response.content.decode()
        )
    ]


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr(places_view.timezone, "now", lambda: MONDAY_MORNING)
    return MONDAY_MORNING


def test_the_list_shows_each_place_with_what_a_visitor_needs(client, frozen_now):
    PlaceFactory(
        nom="Espace numérique de Monteux",
        commune_nom="MONTEUX",  # as some sources write it: the territory's spelling is shown
        horaires="Mo-Fr 09:00-12:00,14:00-18:00",
        is_demo=True,
        tags={"hub_kind": ["epn"], "services": [SERVICES[0], SERVICES[1]]},
    )
    PlaceFactory(nom="Fablab du Comtat", horaires="Tu 14:00-18:00")
    PlaceFactory(nom="Tiers-lieu sans horaires")
    response = client.get("/lieux/")
    assert response.status_code == 200
    assert response["Vary"] and "HX-Request" in response["Vary"]
    assert "<title>Trouver un lieu · Maillage</title>" in response.content.decode()
    text = text_of(response)
    assert "3 lieux Par ordre alphabétique." in text
    assert names(response) == [
        "Espace numérique de Monteux",
        "Fablab du Comtat",
        "Tiers-lieu sans horaires",
    ]
    assert "Monteux EPN (espace public numérique) donnée de démonstration" in text
    assert "Ouvert maintenant, ferme à 12 h" in text
    assert "Fermé, ouvre demain à 14 h" in text
    assert "Horaires non renseignés" in text
    assert f"{SERVICES[0]} · {SERVICES[1]}" in text
    assert 'aria-current="page">Lieux<' in response.content.decode()  # the menu says where we are


def test_the_page_loads_the_map_only_where_it_is_used(client):
    PlaceFactory()
    page = client.get("/lieux/").content.decode()
    assert "vendor/leaflet/leaflet.js" in page and "js/places-map.js" in page
    assert (
        'class="places-map places-map--list" data-geojson-url="/api/v1/places.geojson?tour_stops=true"'
        in page
    )
    assert 'id="places-map-texts"' in page
    assert "vendor/leaflet/leaflet.js" not in client.get("/communes/recherche/").content.decode()


def test_htmx_gets_the_results_fragment_and_history_restore_the_whole_page(client):
    PlaceFactory(nom="Médiathèque de Monteux")
    fragment = client.get("/lieux/", {"q": "mediatheque"}, headers=HX)
    body = fragment.content.decode()
    assert "<html" not in body and "places-form" not in body
    assert names(fragment) == ["Médiathèque de Monteux"]
    # The count goes to the live region outside the fragment, for screen readers.
    assert '<div id="places-status" hx-swap-oob="innerHTML">1 lieu trouvé</div>' in body
    assert "HX-Request" in fragment["Vary"]
    restored = client.get(
        "/lieux/", {"q": "mediatheque"}, headers={**HX, "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restored.content.decode() and "hx-swap-oob" not in restored.content.decode()
    assert 'value="mediatheque"' in restored.content.decode()  # the form shows the address


def test_the_form_shows_the_filters_of_the_address(client):
    response = client.get(
        "/lieux/",
        {
            "q": "ordinateur",
            "commune": "Monteux",
            "radius": "20",
            "service": SERVICES[0],
            "kind": "fablab",
            "free": "1",
            "open_now": "1",
            "departement": "84",
        },
    )
    page = response.content.decode()
    assert 'name="q" type="search" value="ordinateur"' in page
    assert 'name="commune" type="text" value="Monteux"' in page
    assert '<option value="20" selected>' in page
    assert f'<option value="{SERVICES[0]}" selected>' in page
    assert '<option value="fablab" selected>' in page
    assert 'name="free" value="1" checked' in page and 'name="open_now" value="1" checked' in page
    assert '<details class="places-more-filters"' in page and "open>" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "fablab"}, ["Fablab de Carpentras"]),
        ({"q": "MONTEUX"}, ["Espace numérique de Monteux"]),
        ({"service": SERVICES[0]}, ["Espace numérique de Monteux", "France Services Avignon"]),
        ({"kind": "fablab"}, ["Fablab de Carpentras"]),
        ({"free": "1"}, ["Espace numérique de Monteux"]),
        ({"public": "Seniors"}, ["France Services Avignon"]),
        ({"accessibility": "Surdité"}, ["France Services Avignon"]),
        ({"programme": "France Services"}, ["France Services Avignon"]),
        ({"label": "SUD LABS (PACA)"}, ["Fablab de Carpentras"]),
        ({"departement": "13"}, ["Médiathèque de Marseille"]),
        ({"service": [SERVICES[0], SERVICES[5]]}, ["Espace numérique de Monteux", "Fablab de Carpentras", "France Services Avignon"]),
    ],
)  # fmt: skip
def test_each_filter(client, params, expected):
    PlaceFactory(
        nom="Espace numérique de Monteux",
        tags={"services": [SERVICES[0]], "frais_a_charge": ["Gratuit"], "hub_kind": ["epn"]},
    )
    PlaceFactory(
        nom="Fablab de Carpentras",
        commune_id="84031",
        commune_nom="Carpentras",
        latitude=CARPENTRAS[0],
        longitude=CARPENTRAS[1],
        tags={
            "services": [SERVICES[5]],
            "hub_kind": ["fablab"],
            "formations_labels": ["SUD LABS (PACA)"],
        },
    )
    PlaceFactory(
        nom="France Services Avignon",
        commune_id="84007",
        commune_nom="Avignon",
        latitude=AVIGNON[0],
        longitude=AVIGNON[1],
        tags={
            "services": [SERVICES[0]],
            "publics_specifiquement_adresses": ["Seniors"],
            "prise_en_charge_specifique": ["Surdité"],
            "dispositif_programmes_nationaux": ["France Services"],
        },
    )
    PlaceFactory(
        nom="Médiathèque de Marseille",
        commune_id="13201",
        commune_nom="Marseille",
        latitude=MARSEILLE[0],
        longitude=MARSEILLE[1],
    )  # fmt: skip
    response = client.get("/lieux/", params)
    assert response.status_code == 200
    assert names(response) == expected


def test_near_a_commune_typed_in_by_name_or_postcode_nearest_first(client):
    PlaceFactory(nom="Avignon", latitude=AVIGNON[0], longitude=AVIGNON[1], commune_id="84007")
    PlaceFactory(
        nom="Carpentras", latitude=CARPENTRAS[0], longitude=CARPENTRAS[1], commune_id="84031"
    )
    PlaceFactory(nom="Monteux")
    PlaceFactory(nom="Marseille", latitude=MARSEILLE[0], longitude=MARSEILLE[1], commune_id="13201")
    for commune in ("Monteux", "monteux", "84170"):
        response = client.get("/lieux/", {"commune": commune})
        assert names(response) == ["Monteux", "Carpentras"], commune
        text = text_of(response)
        assert "2 lieux À moins de 10 km de Monteux (84), du plus proche au plus éloigné." in text
        assert "Carpentras · 4,8 km" in text
        assert "Monteux · à moins de 100 m" in text
    wider = client.get("/lieux/", {"commune": "Monteux", "radius": "20"})
    assert names(wider) == ["Monteux", "Carpentras", "Avignon"]


def test_near_the_visitors_position(client):
    PlaceFactory(nom="Monteux")
    PlaceFactory(nom="Avignon", latitude=AVIGNON[0], longitude=AVIGNON[1])
    response = client.get("/lieux/", {"lat": "43.95", "lon": "4.81", "radius": "5"})
    assert names(response) == ["Avignon"]
    assert "À moins de 5 km de votre position" in text_of(response)
    # The position wins over a commune left in the form.
    both = client.get(
        "/lieux/", {"lat": "43.95", "lon": "4.81", "radius": "5", "commune": "Monteux"}
    )
    assert names(both) == ["Avignon"]


def test_the_map_asks_the_api_for_the_same_places(client, frozen_now):
    PlaceFactory(nom="Monteux", horaires="Mo-Fr 09:00-18:00", tags={"services": [SERVICES[0]]})
    PlaceFactory(nom="Avignon", latitude=AVIGNON[0], longitude=AVIGNON[1])
    page = client.get(
        "/lieux/", {"q": "monteux", "commune": "84170", "service": SERVICES[0], "open_now": "1"}
    ).content.decode()
    url = html.unescape(re.search(r'data-geojson-url="([^"]+)"', page).group(1))
    assert parse_qs(urlsplit(url).query) == {
        "q": ["monteux"],
        "service": [SERVICES[0]],
        "near": ["44.034302,4.995390"],
        "radius_km": ["10"],
        "open_now": ["true"],
    }
    at_a_time = client.get("/lieux/", {"open_at": "2026-03-30T10:00"}).content.decode()
    url_at = html.unescape(re.search(r'data-geojson-url="([^"]+)"', at_a_time).group(1))
    assert parse_qs(urlsplit(url_at).query) == {"open_at": ["2026-03-30T10:00"]}
    collection = client.get(url_at).json()
    assert [feature["properties"]["nom"] for feature in collection["features"]] == ["Monteux"]


def test_open_now_keeps_only_places_open_now_and_says_so(client, frozen_now):
    PlaceFactory(nom="Ouvert le lundi matin", horaires="Mo 09:00-12:00")
    PlaceFactory(nom="Ouvert le mardi", horaires="Tu 09:00-12:00")
    PlaceFactory(nom="Sans horaires")
    response = client.get("/lieux/", {"open_now": "1"})
    assert names(response) == ["Ouvert le lundi matin"]
    assert "Ouverts maintenant." in text_of(response)
    assert response.content.decode().count("place-status--open") == 1
    nothing = client.get("/lieux/", {"open_now": "1", "q": "mardi"})
    assert names(nothing) == []
    assert "Aucun lieu correspondant n'est ouvert en ce moment." in text_of(nothing)
    assert "Décochez « Ouvert maintenant »" in text_of(nothing)


def test_open_at_a_chosen_moment(client):
    PlaceFactory(nom="Lundi matin", horaires="Mo 09:00-12:00")
    PlaceFactory(nom="Mardi", horaires="Tu 09:00-12:00")
    response = client.get("/lieux/", {"open_at": "2026-03-31T10:30"})
    assert names(response) == ["Mardi"]
    assert "Ouverts le mardi 31 mars à 10 h 30." in text_of(response)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"service": "Réparer les vélos"}, "Service : « Réparer les vélos » n'est pas une valeur possible."),
        ({"kind": "boulangerie"}, "Type de lieu : « boulangerie » n'est pas une valeur possible."),
        ({"lat": "quarante", "lon": "4.8"}, "Autour de moi : un nombre décimal est attendu, par exemple 44.03."),
        ({"lat": "44.0"}, "Autour de moi : latitude et longitude vont ensemble."),
        ({"lat": "95", "lon": "4.8"}, "Autour de moi : Assurez-vous que cette valeur est inférieure ou égale à 90."),
        ({"commune": "Zzyzx"}, "Près de : aucune commune ne correspond à « Zzyzx »."),
        ({"departement": "99"}, "Département : « 99 » n'est pas un département où des lieux sont connus."),
        ({"radius": "7"}, "Dans un rayon de : choisissez 5, 10, 20 ou 50 km."),
        ({"open_at": "lundi"}, "Ouvert le : une date et une heure sont attendues (jj/mm/aaaa hh:mm)."),
        ({"cursor": "!!!"}, "Page suivante : ce lien de page n'est plus valable : reprenez au début de la liste."),
    ],
)  # fmt: skip
def test_bad_input_gets_a_french_message_naming_the_field(client, params, message):
    PlaceFactory()  # Vaucluse has places: département 84 is a choice, 99 is not
    for headers in ({}, HX):
        response = client.get("/lieux/", params, headers=headers)
        assert response.status_code == 200  # htmx swaps only successful answers
        text = text_of(response)
        assert "La recherche n'a pas pu aboutir" in text
        assert message in text, text
        assert names(response) == []


def test_a_bad_field_is_marked_in_the_form(client):
    page = client.get("/lieux/", {"commune": "Zzyzx"}).content.decode()
    assert 'aria-describedby="places-commune-help places-commune-error" aria-invalid="true"' in page
    assert '<a href="#places-commune">Près de</a>' in page


def test_pages_follow_the_cursor_without_repeating_a_place(client):
    for number in range(25):
        PlaceFactory(nom=f"Lieu {number:02d}")
    first = client.get("/lieux/", {"q": "lieu"})
    assert names(first) == [f"Lieu {number:02d}" for number in range(20)]
    assert "25 lieux" in text_of(first)
    more = html.unescape(
        re.search(
            r'<a class="button button-secondary" href="([^"]+)"', first.content.decode()
        ).group(1)
    )
    assert parse_qs(urlsplit(more).query)["q"] == ["lieu"]
    # htmx appends the next items and replaces the button, out of band.
    appended = client.get(more, headers=HX)
    body = appended.content.decode()
    assert body.lstrip().startswith('<li class="place-item" data-page-first tabindex="-1">')
    assert names(appended) == [f"Lieu {number:02d}" for number in range(20, 25)]
    assert '<div id="places-more" class="places-more" hx-swap-oob="true">' in body
    assert "Voir plus de lieux" not in body
    # Without JavaScript the same link is a page of its own, with a way back.
    page = client.get(more)
    assert names(page) == [f"Lieu {number:02d}" for number in range(20, 25)]
    assert "Revenir au début de la liste" in text_of(page)


def test_nothing_found_offers_a_way_out(client):
    PlaceFactory(nom="Monteux")
    response = client.get("/lieux/", {"q": "observatoire", "commune": "Monteux", "radius": "5"})
    text = text_of(response)
    assert "Aucun lieu Par ordre" not in text
    assert "Aucun lieu ne correspond à votre recherche. Essayez un rayon plus grand." in text
    assert "Effacer tous les filtres" in text


# One place.


def place_with_everything(**overrides):
    operator = OrganisationFactory(name="Provence Numérique")
    values = {
        "nom": "La Filature numérique",
        "operator": operator,
        "adresse": "28 place des Droits-de-l'Homme",
        "complement_adresse": "Bâtiment B",
        "code_postal": "84170",
        "commune_nom": "MONTEUX",
        "horaires": "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off",
        "telephone": "+33490000000",
        "courriels": ["contact@filature.example"],
        "site_web": ["https://www.filature.example/"],
        "presentation_resume": "Tiers-lieu : accueil, coworking, ateliers et médiation.",
        "presentation_detail": "Un lieu ouvert à tous.\n\nAteliers le samedi.",
        "prise_rdv": "https://rdv.filature.example/",
        "fiche_acces_libre": "https://acceslibre.beta.gouv.fr/app/84-monteux/a/x/",
        "structure_parente": "Réseau des tiers-lieux",
        "date_maj": dt.date(2026, 11, 1),
        "is_demo": True,
        "tags": {
            "hub_kind": ["tiers_lieu", "coworking"],
            "services": [SERVICES[0], SERVICES[6]],
            "publics_specifiquement_adresses": ["Seniors"],
            "prise_en_charge_specifique": ["Surdité"],
            "frais_a_charge": ["Gratuit"],
            "modalites_acces": ["Se présenter", "Téléphoner"],
            "modalites_accompagnement": ["Accompagnement individuel"],
            "dispositif_programmes_nationaux": ["Conseillers numériques"],
            "formations_labels": ["SUD LABS (PACA)"],
        },
    }
    return PlaceFactory(**{**values, **overrides}), operator


def test_a_place_page_has_everything_a_visitor_needs(client, frozen_now):
    place, operator = place_with_everything()
    response = client.get(f"/lieux/{place.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    text = text_of(response)
    assert "<h1>La Filature numérique</h1>" in page
    assert "Monteux (84) Tiers-lieu Coworking donnée de démonstration" in text
    assert "Ouvert maintenant, ferme à 12 h" in text
    assert "Tiers-lieu : accueil, coworking, ateliers et médiation." in text
    assert "inventé pour la démonstration" in text
    # Hours of the coming seven days, from today (Monday 30 March 2026).
    assert "Lundi 30 mars aujourd’hui 9 h – 12 h, 14 h – 18 h" in text
    assert "Samedi 4 avril 9 h – 12 h Dimanche 5 avril Fermé" in text
    assert "Lundi 30 mars" in text and 'aria-current="date"' in page
    # Address, directions, contacts.
    assert "28 place des Droits-de-l'Homme Bâtiment B 84170 Monteux" in text
    assert "https://www.openstreetmap.org/directions?to=44.034300%2C4.995400" in page
    assert 'href="geo:44.034300,4.995400"' in page
    assert '<a href="tel:+33490000000">04 90 00 00 00</a>' in page
    assert '<a href="mailto:contact@filature.example">contact@filature.example</a>' in page
    assert '<a href="https://www.filature.example/">filature.example</a>' in page
    assert 'href="https://rdv.filature.example/">Prendre rendez-vous en ligne' in page
    assert 'href="https://acceslibre.beta.gouv.fr/app/84-monteux/a/x/">Fiche Accès libre' in page
    # What the place offers, to whom, how.
    for shown in (SERVICES[0], SERVICES[6], "Seniors", "Surdité", "Gratuit", "Se présenter, Téléphoner",
                  "Accompagnement individuel", "Conseillers numériques", "SUD LABS (PACA)",
                  "Réseau des tiers-lieux"):  # fmt: skip
        assert shown in text, shown
    assert f'<a href="/acteurs/{operator.pk}/">Provence Numérique</a>' in page
    assert "Source : tests. Mise à jour le 1er novembre 2026." in text
    assert f'href="/api/v1/places/{place.pk}"' in page
    # A small map of the place and its neighbours.
    assert f'data-highlight="{place.pk}"' in page and 'data-center="44.034300,4.995400"' in page
    assert "vendor/leaflet/leaflet.js" in page


def test_a_place_page_says_what_it_does_not_know(client):
    place = PlaceFactory(
        nom="Point d'accès",
        location_exact=False,
        date_maj=dt.date(1970, 1, 1),
        tags={"modalites_acces": ["Ce lieu n'accueille pas de public"]},
    )
    text = text_of(client.get(f"/lieux/{place.pk}/"))
    assert "Ce lieu n'a pas publié ses horaires : contactez-le avant de vous déplacer." in text
    assert "Horaires non renseignés" in text
    assert (
        "Position approximative : sur la carte, le point est celui de la mairie de Monteux." in text
    )
    assert "Aucun contact n'est renseigné." in text
    assert "Les services de ce lieu ne sont pas renseignés." in text
    assert "Date de mise à jour : date inconnue." in text
    assert "Ce lieu n'accueille pas de public" in text
    assert "donnée de démonstration" not in text


def test_an_approximate_place_is_reached_by_its_address(client):
    place = PlaceFactory(location_exact=False, adresse="2 rue de la Gare")
    page = client.get(f"/lieux/{place.pk}/").content.decode()
    assert "directions?to=2+rue+de+la+Gare%2C+84170+Monteux" in page
    assert "geo:" not in page


def test_nearby_places_are_the_five_nearest_within_10_km(client):
    place = PlaceFactory(nom="Ici")
    for number in range(6):  # from about 0.5 to 3 km north
        PlaceFactory(nom=f"Voisin {number}", latitude=MONTEUX[0] + 0.005 * (number + 1))
    PlaceFactory(nom="Avignon", latitude=AVIGNON[0], longitude=AVIGNON[1])
    response = client.get(f"/lieux/{place.pk}/")
    assert names(response) == [f"Voisin {number}" for number in range(5)]
    assert "Tous les lieux autour de Monteux" in text_of(response)
    assert 'href="/lieux/?commune=Monteux&amp;radius=10"' in response.content.decode()


def test_a_place_without_point_has_no_map_and_no_neighbours(client):
    place = PlaceFactory(latitude=None, longitude=None)
    page = client.get(f"/lieux/{place.pk}/").content.decode()
    assert 'class="places-map' not in page and "leaflet" not in page
    assert "Lieux à proximité" not in page


@pytest.mark.parametrize("pk", ["999999", str(2**63), "99999999999999999999999"])
def test_an_unknown_place_is_the_sites_404(client, pk):
    response = client.get(f"/lieux/{pk}/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_phone_numbers_read_the_french_way():
    assert places_view.phone_display("+33490123456") == "04 90 12 34 56"
    assert places_view.phone_display("+590590123456") == "+590590123456"
