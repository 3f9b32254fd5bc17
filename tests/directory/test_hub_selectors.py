"""The directory's reads for the hub, actors and territory pages (end of selectors.py)."""

import pytest

from maillage.core.cursors import CursorError
from maillage.core.geo import haversine_km
from maillage.directory.selectors import (
    operated_places,
    operator_area,
    organisation_cards,
    organisation_departements,
    organisation_kind_counts,
    place_figures,
    places_around,
)
from maillage.territory.models import Commune
from tests.factories import OrganisationFactory, PlaceFactory

pytestmark = pytest.mark.django_db

MONTEUX = (44.0343017578, 4.99538993835)  # town hall, commune 84080
KM_OF_LATITUDE = 1 / 111.195  # degrees of latitude per km


def north_of_monteux(km: float) -> dict:
    return {"latitude": MONTEUX[0] + km * KM_OF_LATITUDE, "longitude": MONTEUX[1]}


def test_place_figures_count_places_kinds_and_the_communes_they_cover():
    hub = OrganisationFactory(name="Le pôle")
    PlaceFactory(operator=hub, tags={"hub_kind": ["tiers_lieu", "coworking"]}, is_demo=True)
    PlaceFactory(operator=hub, tags={"hub_kind": ["tiers_lieu"]}, commune_id="84031")
    PlaceFactory(tags={"hub_kind": ["library"]}, commune_id="84080")
    PlaceFactory(commune_id=None)  # counted as a place, covers no commune

    everything = place_figures()
    assert (everything.places, everything.demo_places) == (4, 1)
    assert [(kind.code, kind.label, kind.count) for kind in everything.by_kind] == [
        ("tiers_lieu", "Tiers-lieu", 2),
        ("coworking", "Coworking", 1),
        ("library", "Médiathèque", 1),
    ]
    populations = dict(
        Commune.objects.filter(code__in=["84080", "84031"]).values_list("code", "population")
    )
    assert everything.communes == 2
    assert everything.population == sum(populations.values())

    of_hub = place_figures(operator_id=hub.pk)
    assert (of_hub.places, of_hub.communes) == (2, 2)
    assert [(kind.code, kind.count) for kind in of_hub.by_kind] == [
        ("tiers_lieu", 2),
        ("coworking", 1),
    ]


def test_place_figures_count_a_city_once_whatever_its_arrondissements():
    PlaceFactory(commune_id="13201", commune_nom="Marseille")
    PlaceFactory(commune_id="13205", commune_nom="Marseille")
    PlaceFactory(commune_id="13055", commune_nom="Marseille")
    figures = place_figures()
    assert figures.communes == 1
    assert figures.population == Commune.objects.get(code="13055").population


def test_place_figures_of_an_empty_directory():
    figures = place_figures()
    assert (figures.places, figures.by_kind, figures.communes, figures.population) == (
        0,
        (),
        0,
        0,
    )


def test_operator_area_holds_every_place_of_the_operator():
    hub = OrganisationFactory(**dict(zip(("latitude", "longitude"), MONTEUX, strict=True)))
    assert operator_area(organisation=hub).radius_km == 5  # no place: the smallest area
    PlaceFactory(operator=hub, **north_of_monteux(20))
    PlaceFactory(operator=hub, **north_of_monteux(3))
    area = operator_area(organisation=hub)
    assert (area.latitude, area.longitude) == MONTEUX
    assert 20 < area.radius_km <= 25
    assert area.radius_km == int(area.radius_km)

    elsewhere = OrganisationFactory()  # no point of its own: the middle of its places
    PlaceFactory(operator=elsewhere, **north_of_monteux(0))
    PlaceFactory(operator=elsewhere, **north_of_monteux(10))
    middle = operator_area(organisation=elsewhere)
    assert middle.latitude == pytest.approx(MONTEUX[0] + 5 * KM_OF_LATITUDE)
    assert haversine_km(middle.latitude, middle.longitude, *MONTEUX) < middle.radius_km
    assert operator_area(organisation=OrganisationFactory()) is None


def test_organisation_cards_carry_commune_and_place_count_in_two_queries(
    django_assert_num_queries,
):
    runner = OrganisationFactory(name="A", commune_id="84080")
    PlaceFactory.create_batch(3, operator=runner)
    OrganisationFactory(name="B", commune_id="13055")
    OrganisationFactory(name="C")
    with django_assert_num_queries(2):
        page = organisation_cards(limit=2)
        cards = [
            (card.organisation.name, card.organisation.commune.departement.nom, card.place_count)
            for card in page.items
        ]
    assert cards == [("A", "Vaucluse", 3), ("B", "Bouches-du-Rhône", 0)]
    rest = organisation_cards(limit=2, cursor=page.next_cursor)
    assert [card.organisation.name for card in rest.items] == ["C"]
    assert [card.organisation.name for card in organisation_cards(departement="13").items] == ["B"]
    with pytest.raises(CursorError):
        organisation_cards(cursor="not-a-cursor")


def test_organisation_kind_counts_and_departements():
    OrganisationFactory(name="Asso Monteux", commune_id="84080")
    OrganisationFactory(name="Asso Marseille", commune_id="13055")
    OrganisationFactory(name="Mairie", kind="local_authority", commune_id="84080")
    OrganisationFactory(name="Sans commune", kind="artisan")
    counts = organisation_kind_counts()
    # In the order of Organisation.Kind, kinds without an organisation left out.
    assert [(count.code, count.count) for count in counts] == [
        ("artisan", 1),
        ("local_authority", 1),
        ("association", 2),
    ]
    assert [(c.code, c.count) for c in organisation_kind_counts(departement="84")] == [
        ("local_authority", 1),
        ("association", 1),
    ]
    assert [(c.code, c.count) for c in organisation_kind_counts(query="asso")] == [
        ("association", 2)
    ]
    assert [departement.code for departement in organisation_departements()] == ["13", "84"]


def test_operated_places_by_name_with_their_kinds():
    runner = OrganisationFactory()
    PlaceFactory(operator=runner, nom="B", tags={"hub_kind": ["fablab"]})
    PlaceFactory(operator=runner, nom="A")
    PlaceFactory(operator=runner, nom="C")
    PlaceFactory(nom="Someone else's")
    found = operated_places(organisation=runner)
    assert [hit.place.nom for hit in found.items] == ["A", "B", "C"]
    assert found.items[1].tags == {"hub_kind": ("fablab",)}
    assert found.total == 3
    first_two = operated_places(organisation=runner, limit=2)
    assert ([hit.place.nom for hit in first_two.items], first_two.total) == (["A", "B"], 3)


def test_places_around_count_each_radius_and_list_the_nearest():
    for km in (0.5, 3, 7, 15, 30):
        PlaceFactory(nom=f"À {km} km", **north_of_monteux(km))
    PlaceFactory(nom="Sans position", latitude=None, longitude=None)
    around = places_around(latitude=MONTEUX[0], longitude=MONTEUX[1], nearest=3)
    assert around.counts == ((5.0, 2), (10.0, 3), (20.0, 4))
    assert [hit.place.nom for hit in around.nearest] == ["À 0.5 km", "À 3 km", "À 7 km"]
    assert around.nearest[1].distance_km == pytest.approx(3, abs=0.01)
    assert around.nearest_beyond is False


def test_places_around_a_white_zone_still_name_the_nearest_ones():
    PlaceFactory(nom="Loin", **north_of_monteux(40))
    PlaceFactory(nom="Trop loin", **north_of_monteux(150))
    around = places_around(latitude=MONTEUX[0], longitude=MONTEUX[1])
    assert around.counts == ((5.0, 0), (10.0, 0), (20.0, 0))
    assert around.nearest_beyond is True
    assert [hit.place.nom for hit in around.nearest] == ["Loin"]
