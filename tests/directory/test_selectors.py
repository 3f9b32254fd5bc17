import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from maillage.core.cursors import CursorError, encode_cursor
from maillage.core.geo import haversine_km
from maillage.directory.selectors import (
    PlaceCriteria,
    organisation_get,
    organisation_search,
    place_get,
    place_points,
    place_search,
)
from maillage.directory.standard import PRISE_EN_CHARGE, SERVICES
from tests.factories import OrganisationFactory, PlaceFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
MONTEUX = (44.0343017578, 4.99538993835)  # town hall, commune 84080
AVIGNON = (43.9492888, 4.8055893)  # 84007
MARSEILLE = (43.2975977, 5.3694272)  # 13055
SORGUES_DU_COMTAT = "248400293"  # Monteux's EPCI


def names(page) -> list[str]:
    return [hit.place.nom for hit in page.items]


def search(**criteria) -> list[str]:
    return names(place_search(criteria=PlaceCriteria(**criteria), limit=500))


def test_text_search_ignores_accents_case_and_punctuation_and_needs_every_word():
    PlaceFactory(nom="Médiathèque Édouard-Herriot", commune_id="84007", commune_nom="Avignon")
    PlaceFactory(nom="Espace numérique", presentation_resume="Ateliers à la MÉDIATHÈQUE")
    PlaceFactory(nom="Fablab des Sorgues")

    assert search(query="mediatheque") == ["Espace numérique", "Médiathèque Édouard-Herriot"]
    assert search(query="MÉDIATHÈQUE edouard herriot") == ["Médiathèque Édouard-Herriot"]
    assert search(query="médiathèque avignon") == ["Médiathèque Édouard-Herriot"]  # the commune
    assert search(query="mediatheque marseille") == []
    assert search(query="  ") == [
        "Espace numérique",
        "Fablab des Sorgues",
        "Médiathèque Édouard-Herriot",
    ]


TAG_CRITERIA = [
    ("services", "services", SERVICES[0], SERVICES[1], SERVICES[2]),
    ("hub_kinds", "hub_kind", "fablab", "library", "coworking"),
    ("labels", "formations_labels", "SUD LABS (PACA)", "ORDI 3.0", "Fabriques de Territoire"),
    ("publics", "publics_specifiquement_adresses", "Jeunes", "Seniors", "Femmes"),
    (
        "programmes",
        "dispositif_programmes_nationaux",
        "France Services",
        "Aidants Connect",
        "Certification PIX",
    ),
    ("prise_en_charge", "prise_en_charge_specifique", *PRISE_EN_CHARGE[:3]),
    ("fees", "frais_a_charge", "Gratuit", "Payant", "Gratuit sous condition"),
]


@pytest.mark.parametrize(
    ("criterion", "vocabulary", "first", "second", "third"),
    TAG_CRITERIA,
    ids=[row[0] for row in TAG_CRITERIA],
)
def test_each_tag_criterion_is_or_within_and_and_across(
    criterion, vocabulary, first, second, third
):
    # Another criterion to combine with: hub kinds, or services when hub kinds are tested.
    other, other_vocabulary, other_value = (
        ("services", "services", SERVICES[5])
        if criterion == "hub_kinds"
        else ("hub_kinds", "hub_kind", "epn")
    )
    PlaceFactory(nom="A", tags={vocabulary: [first], other_vocabulary: [other_value]})
    PlaceFactory(nom="B", tags={vocabulary: [second, first]})  # once, though both match
    PlaceFactory(nom="C", tags={vocabulary: [third], other_vocabulary: [other_value]})
    PlaceFactory(nom="D")

    assert search(**{criterion: (first,)}) == ["A", "B"]
    assert search(**{criterion: (first, third)}) == ["A", "B", "C"]
    assert search(**{criterion: (first, third), other: (other_value,)}) == ["A", "C"]
    assert search(**{criterion: (second,), other: (other_value,)}) == []


def test_criteria_of_different_kinds_all_hold():
    PlaceFactory(
        nom="Fablab gratuit de Monteux",
        tags={"hub_kind": ["fablab"], "frais_a_charge": ["Gratuit"]},
    )
    PlaceFactory(
        nom="Fablab payant de Monteux", tags={"hub_kind": ["fablab"], "frais_a_charge": ["Payant"]}
    )
    PlaceFactory(
        nom="Fablab gratuit d'Avignon",
        commune_id="84007",
        tags={"hub_kind": ["fablab"], "frais_a_charge": ["Gratuit"]},
    )
    assert search(query="fablab", hub_kinds=("fablab",), free=True, commune="84080") == [
        "Fablab gratuit de Monteux"
    ]


def test_free_means_gratuit_without_condition():
    PlaceFactory(nom="Gratuit", tags={"frais_a_charge": ["Gratuit"]})
    PlaceFactory(nom="Gratuit et payant", tags={"frais_a_charge": ["Payant", "Gratuit"]})
    PlaceFactory(nom="Sous condition", tags={"frais_a_charge": ["Gratuit sous condition"]})
    PlaceFactory(nom="Payant", tags={"frais_a_charge": ["Payant"]})
    PlaceFactory(nom="Rien de dit")

    assert search(free=True) == ["Gratuit", "Gratuit et payant"]
    assert search(free=False) == ["Payant", "Sous condition"]
    assert search(free=None) == [
        "Gratuit",
        "Gratuit et payant",
        "Payant",
        "Rien de dit",
        "Sous condition",
    ]
    assert search(fees=("Gratuit", "Gratuit sous condition")) == [
        "Gratuit",
        "Gratuit et payant",
        "Sous condition",
    ]


def test_territory_criteria_follow_the_commune():
    PlaceFactory(nom="Monteux", commune_id="84080")
    PlaceFactory(nom="Avignon", commune_id="84007")
    PlaceFactory(nom="Marseille", commune_id="13055", code_postal="13001")
    PlaceFactory(nom="Nulle part", commune_id=None)

    assert search(departement="84") == ["Avignon", "Monteux"]
    assert search(epci=SORGUES_DU_COMTAT) == ["Monteux"]
    assert search(commune="13055") == ["Marseille"]
    assert search(departement="84", commune="13055") == []


def test_near_sorts_by_distance_with_exact_distances_and_leaves_out_the_far_and_unlocated():
    PlaceFactory(nom="Monteux", latitude=MONTEUX[0], longitude=MONTEUX[1])
    PlaceFactory(nom="Avignon", latitude=AVIGNON[0], longitude=AVIGNON[1])
    PlaceFactory(nom="Marseille", latitude=MARSEILLE[0], longitude=MARSEILLE[1])
    PlaceFactory(nom="Sans position", latitude=None, longitude=None)
    carpentras = (44.0553542, 5.0486176)

    page = place_search(criteria=PlaceCriteria(near=carpentras, radius_km=30))
    assert names(page) == ["Monteux", "Avignon"]
    expected = [
        float(haversine_km(*carpentras, *MONTEUX)),
        float(haversine_km(*carpentras, *AVIGNON)),
    ]
    assert [hit.distance_km for hit in page.items] == pytest.approx(expected, abs=1e-9)
    # Carpentras–Avignon by hand on a local plane: 0.106° of latitude = 11.8 km, 0.243° of
    # longitude at 44° N = 19.4 km, √(11.8² + 19.4²) = 22.7 km.
    assert expected[1] == pytest.approx(22.7, abs=0.1)
    assert page.total == 2

    # The radius is a great-circle distance, not the box around it.
    assert search(near=carpentras, radius_km=expected[1] - 0.01) == ["Monteux"]
    assert search(near=carpentras, radius_km=100) == ["Monteux", "Avignon", "Marseille"]
    assert search(near=carpentras) == ["Monteux"]  # 10 km by default


def test_places_at_the_same_distance_come_by_id():
    places = [PlaceFactory(nom=name) for name in ("C", "A", "B")]  # same point
    page = place_search(criteria=PlaceCriteria(near=AVIGNON, radius_km=50))
    assert [hit.place.pk for hit in page.items] == sorted(place.pk for place in places)


def test_near_near_the_antimeridian_and_a_pole():
    PlaceFactory(nom="Fidji ouest", latitude=-17.0, longitude=179.95, location_exact=True)
    PlaceFactory(nom="Fidji est", latitude=-17.0, longitude=-179.95)
    assert search(near=(-17.0, 179.99), radius_km=20) == ["Fidji ouest", "Fidji est"]
    PlaceFactory(nom="Pôle", latitude=89.99, longitude=-120.0)
    assert search(near=(89.99, 60.0), radius_km=5) == ["Pôle"]


# Tuesday 15 July 2025, Monday 14 July 2025 is Bastille Day (a public holiday).
TUESDAY_10H = dt.datetime(2025, 7, 15, 10, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("moment", "open_places"),
    [
        (TUESDAY_10H, ["Semaine", "Toujours"]),
        (dt.datetime(2025, 7, 15, 12, 30, tzinfo=PARIS), ["Toujours"]),
        (dt.datetime(2025, 7, 15, 14, 30, tzinfo=PARIS), ["Semaine", "Toujours"]),
        (dt.datetime(2025, 7, 19, 11, 0, tzinfo=PARIS), ["Samedi matin", "Toujours"]),
        (dt.datetime(2025, 7, 14, 10, 0, tzinfo=PARIS), ["Toujours"]),  # PH off
        # 08:30 UTC is 10:30 in Paris in summer; 13:30 UTC in winter is 14:30 in Paris.
        (dt.datetime(2025, 7, 15, 8, 30, tzinfo=dt.UTC), ["Semaine", "Toujours"]),
        (dt.datetime(2025, 1, 7, 13, 30, tzinfo=dt.UTC), ["Semaine", "Toujours"]),
        (dt.datetime(2025, 1, 7, 11, 30, tzinfo=dt.UTC), ["Toujours"]),
    ],
)
def test_open_at_reads_the_opening_hours_in_paris_time(moment, open_places):
    PlaceFactory(nom="Semaine", horaires="Mo-Fr 09:00-12:00,14:00-18:00; PH off")
    PlaceFactory(nom="Samedi matin", horaires="Sa 10:00-12:00")
    PlaceFactory(nom="Toujours", horaires="24/7")
    PlaceFactory(nom="Horaires inconnus", horaires="")
    assert search(open_at=moment) == open_places


def test_open_at_combines_with_the_other_criteria_and_leaves_out_unreadable_hours():
    PlaceFactory(nom="Ouvert ici", horaires="24/7", tags={"hub_kind": ["epn"]})
    PlaceFactory(nom="Ouvert loin", horaires="24/7", latitude=MARSEILLE[0], longitude=MARSEILLE[1])
    PlaceFactory(
        nom="Ouvert, autre type", horaires="Mo-Su 00:00-24:00", tags={"hub_kind": ["fablab"]}
    )
    PlaceFactory(nom="Illisible", horaires="les lundis")  # saved around the import's check
    assert search(open_at=TUESDAY_10H, near=MONTEUX, hub_kinds=("epn",)) == ["Ouvert ici"]
    assert search(open_at=TUESDAY_10H, near=MONTEUX) == ["Ouvert ici", "Ouvert, autre type"]
    assert "Illisible" not in search(open_at=TUESDAY_10H)


def collect(criteria: PlaceCriteria, *, limit: int, between_pages=None) -> list[str]:
    seen, cursor, pages = [], None, 0
    while True:
        page = place_search(criteria=criteria, cursor=cursor, limit=limit)
        seen += names(page)
        pages += 1
        if page.next_cursor is None:
            return seen
        if between_pages and pages == 1:
            between_pages()
        cursor = page.next_cursor


def test_pages_by_name_neither_skip_nor_repeat_when_places_arrive_between_pages():
    for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"):
        PlaceFactory(nom=name)
    PlaceFactory(nom="Delta")  # a second Delta: ties are broken by id

    def insert():
        PlaceFactory(nom="Aaron")  # before the cursor: not shown, nothing shifts
        PlaceFactory(nom="Hotel")  # after it: shown once

    seen = collect(PlaceCriteria(), limit=3, between_pages=insert)
    assert seen == [
        "Alpha",
        "Bravo",
        "Charlie",
        "Delta",
        "Delta",
        "Echo",
        "Foxtrot",
        "Golf",
        "Hotel",
    ]


def test_pages_by_distance_neither_skip_nor_repeat_when_places_arrive_between_pages():
    for number in range(7):
        PlaceFactory(nom=f"P{number}", latitude=AVIGNON[0] + number * 0.01, longitude=AVIGNON[1])
    PlaceFactory(nom="P3 bis", latitude=AVIGNON[0] + 0.03, longitude=AVIGNON[1])

    def insert():
        PlaceFactory(nom="Tout près", latitude=AVIGNON[0], longitude=AVIGNON[1])
        PlaceFactory(nom="Loin", latitude=AVIGNON[0] + 0.09, longitude=AVIGNON[1])

    criteria = PlaceCriteria(near=AVIGNON, radius_km=20)
    seen = collect(criteria, limit=3, between_pages=insert)
    assert seen == ["P0", "P1", "P2", "P3", "P3 bis", "P4", "P5", "P6", "Loin"]


def test_a_cursor_from_another_order_or_a_forged_one_is_refused():
    PlaceFactory.create_batch(3)
    by_name = place_search(criteria=PlaceCriteria(), limit=1).next_cursor
    by_distance = place_search(criteria=PlaceCriteria(near=MONTEUX), limit=1).next_cursor
    with pytest.raises(CursorError):
        place_search(criteria=PlaceCriteria(near=MONTEUX), cursor=by_name)
    with pytest.raises(CursorError):
        place_search(criteria=PlaceCriteria(), cursor=by_distance)
    with pytest.raises(CursorError):
        place_search(criteria=PlaceCriteria(), cursor=encode_cursor(["n", "x", "not an id"]))
    with pytest.raises(CursorError):
        place_search(criteria=PlaceCriteria(), cursor="%%%")


def test_a_page_costs_the_same_few_queries_whatever_its_size(django_assert_num_queries):
    operator = OrganisationFactory()
    for number in range(30):
        PlaceFactory(
            operator=operator,
            horaires="24/7",
            tags={"services": list(SERVICES[: 1 + number % 3])},
        )
    # ids, places with their operator, tags
    with django_assert_num_queries(3):
        page = place_search(criteria=PlaceCriteria(), limit=25)
    with django_assert_num_queries(0):
        assert [hit.place.operator.name for hit in page.items] == [operator.name] * 25
    assert page.items[0].tags == {"services": SERVICES[:1]}
    # box candidates, places, tags: the same around a point, plus the distinct hours with open_at
    with django_assert_num_queries(3):
        place_search(criteria=PlaceCriteria(near=MONTEUX), limit=25)
    with django_assert_num_queries(4):
        place_search(criteria=PlaceCriteria(open_at=TUESDAY_10H), limit=25)


def test_the_criteria_refuse_what_no_caller_should_ask():
    with pytest.raises(ValueError, match="services"):
        PlaceCriteria(services=("Réparer des vélos",))
    with pytest.raises(ValueError, match="radius_km needs near"):
        PlaceCriteria(radius_km=5)
    with pytest.raises(ValueError, match="near"):
        PlaceCriteria(near=(95.0, 4.0))
    with pytest.raises(ValueError, match="aware"):
        PlaceCriteria(open_at=dt.datetime(2025, 7, 15, 10, 0))


def test_place_get_has_tags_in_order_commune_and_operator(django_assert_num_queries):
    operator = OrganisationFactory(name="Ligue de l'enseignement")
    created = PlaceFactory(
        operator=operator,
        tags={"services": [SERVICES[3], SERVICES[0]], "hub_kind": ["epn"]},
    )
    with django_assert_num_queries(2):
        place = place_get(pk=created.pk)
        assert place.values_of("services") == (SERVICES[3], SERVICES[0])
        assert place.values_of("hub_kind") == ("epn",)
        assert place.operator.name == "Ligue de l'enseignement"
        assert place.commune.epci_id == SORGUES_DU_COMTAT
    assert place_get(pk=created.pk + 1000) is None


def test_place_points_are_the_located_places_with_their_kinds_and_services():
    PlaceFactory(nom="B", tags={"hub_kind": ["fablab", "coworking"], "services": [SERVICES[2]]})
    PlaceFactory(nom="A", latitude=None, longitude=None)
    PlaceFactory(nom="C", tags={"publics_specifiquement_adresses": ["Jeunes"]})
    found = place_points(criteria=PlaceCriteria(), limit=1)
    assert [point.nom for point in found.points] == ["B"]
    assert found.points[0].hub_kinds == ("fablab", "coworking")
    assert found.points[0].services == (SERVICES[2],)
    rest = place_points(criteria=PlaceCriteria(), cursor=found.next_cursor, limit=10)
    assert [(point.nom, point.hub_kinds) for point in rest.points] == [("C", ())]
    assert rest.next_cursor is None


def test_organisation_search_by_name_kind_and_territory():
    OrganisationFactory(name="Régie de quartier d'Avignon", commune_id="84007")
    OrganisationFactory(name="Mairie de Monteux", kind="local_authority", commune_id="84080")
    OrganisationFactory(name="Numérique Solidaire Marseille", commune_id="13055")

    def found(**criteria):
        return [organisation.name for organisation in organisation_search(**criteria).items]

    assert found(query="regie QUARTIER") == ["Régie de quartier d'Avignon"]
    assert found(kinds=["local_authority"]) == ["Mairie de Monteux"]
    assert found(departement="84") == ["Mairie de Monteux", "Régie de quartier d'Avignon"]
    assert found(commune="13055") == ["Numérique Solidaire Marseille"]
    first = organisation_search(limit=2)
    assert len(first.items) == 2
    rest = organisation_search(limit=2, cursor=first.next_cursor)
    assert [o.name for o in (*first.items, *rest.items)] == found()
    assert rest.next_cursor is None


def test_organisation_get_counts_its_places():
    organisation = OrganisationFactory()
    PlaceFactory.create_batch(2, operator=organisation)
    assert organisation_get(pk=organisation.pk).place_count == 2
    assert organisation_get(pk=organisation.pk + 1000) is None


def test_near_and_open_at_when_no_place_is_open_finds_none():
    # Found in CI on an evening: the open-at filter then matches no id at all.
    PlaceFactory(nom="Ouvert le jour", horaires="Mo-Su 09:00-18:00")
    night = dt.datetime(2026, 11, 23, 3, 0, tzinfo=ZoneInfo("Europe/Paris"))
    page = place_search(criteria=PlaceCriteria(near=MONTEUX, radius_km=20, open_at=night))
    assert list(page.items) == [] and page.next_cursor is None
    noon = night.replace(hour=12)
    found = place_search(criteria=PlaceCriteria(near=MONTEUX, radius_km=20, open_at=noon))
    assert names(found) == ["Ouvert le jour"]
