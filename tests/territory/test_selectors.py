import pytest

from maillage.territory import selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["saint etienne", "SAINT-ÉTIENNE", "st étienne", "Saint-Etienne"])
def test_search_ignores_accents_case_and_punctuation(typed):
    found = list(selectors.commune_search(query=typed)[:5])
    assert found[0].nom == "Saint-Étienne"  # the exact name comes first
    assert found[0].code == "42218"


def test_search_ranks_names_that_start_with_the_query_before_others():
    names = [c.nom for c in selectors.commune_search(query="sorgue")]
    assert "Sorgues" in names and "L'Isle-sur-la-Sorgue" in names
    assert names.index("Sorgues") < names.index("L'Isle-sur-la-Sorgue")


def test_search_every_word_must_match_and_departement_filters():
    assert [c.nom for c in selectors.commune_search(query="isle sorgue")] == [
        "L'Isle-sur-la-Sorgue"
    ]
    in_84 = selectors.commune_search(query="saint", departement="84")
    assert in_84.exists() and all(c.departement_id == "84" for c in in_84)
    assert not selectors.commune_search(query="saint etienne", departement="84").exists()


def test_search_leaves_arrondissements_out_unless_asked():
    assert not selectors.commune_search(query="marseille 1er").exists()
    assert (
        selectors.commune_search(query="marseille 1er", include_arrondissements=True).get().code
        == "13201"
    )


def test_commune_get_and_lists():
    assert selectors.commune_get(code="84080").nom == "Monteux"
    assert selectors.commune_get(code="00000") is None
    assert selectors.communes_of_departement(code="84").count() == 151
    monteux = selectors.commune_get(code="84080")
    sorgues_du_comtat = {c.nom for c in selectors.communes_of_epci(code=monteux.epci_id)}
    assert {"Monteux", "Pernes-les-Fontaines", "Sorgues"} <= sorgues_du_comtat


def test_nearest_commune_to_a_point():
    nearest = selectors.commune_nearest(latitude=44.0355, longitude=4.9970)  # Monteux's centre
    assert nearest.commune.code == "84080"
    assert nearest.distance_km < 0.5
    # In the sea off Marseille, the nearest demand point is a coastal arrondissement or commune.
    at_sea = selectors.commune_nearest(latitude=43.20, longitude=5.30)
    assert at_sea.commune.departement_id == "13" and at_sea.distance_km > 5
    # Far from the subset (Brittany): the box widens until it finds the true nearest.
    far = selectors.commune_nearest(latitude=48.1, longitude=-1.7)
    assert far.commune is not None and far.distance_km > 200


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(44.0355, 4.9970), (43.20, 5.30), (48.1, -1.7), (45.9, 6.0), (-20.9, 55.5), (89.9, 0.0)],
)
def test_nearest_is_the_brute_force_nearest(latitude, longitude):
    import numpy as np

    from maillage.core.geo import haversine_km
    from maillage.territory.models import Commune

    located = list(
        Commune.objects.filter(kind="COM", latitude__isnull=False).values_list(
            "code", "latitude", "longitude"
        )
    )
    codes, lats, lons = zip(*located, strict=True)
    distances = haversine_km(latitude, longitude, np.array(lats), np.array(lons))
    nearest = selectors.commune_nearest(latitude=latitude, longitude=longitude)
    assert nearest.commune.code == codes[int(np.argmin(distances))]
    assert nearest.distance_km == pytest.approx(distances.min())


def test_nearest_refuses_impossible_coordinates():
    with pytest.raises(ValueError, match="latitude must lie"):
        selectors.commune_nearest(latitude=120, longitude=0)


def test_totals_and_regions():
    totals = selectors.territory_totals()
    assert totals.regions == 18 and totals.departements == 101
    assert totals.arrondissements == 16
    assert totals.communes == 151 + 119 + 320 + 4  # Vaucluse, Bouches-du-Rhône, Loire, extras
    paca = next(r for r in selectors.region_list_with_totals() if r.code == "93")
    assert paca.commune_count == 151 + 119


@pytest.mark.parametrize(
    ("query", "expected"),
    [("84170", ["84080"]), ("13001", ["13055"]), ("monteux 84170", ["84080"]), ("99999", [])],
)
def test_communes_by_postcode(query, expected):
    assert [commune.code for commune in selectors.commune_search(query=query)] == expected


def test_the_locator_does_not_take_a_neighbouring_departements_commune_by_point():
    locator = selectors.CommuneLocator()
    # Gap (05) is not in the test territory: its nearest loaded commune is in Vaucluse.
    gap = {
        "code_insee": "",
        "code_postal": "05000",
        "nom": "Gap",
        "latitude": 44.56,
        "longitude": 6.08,
    }
    assert locator.locate(**gap) is None
    assert locator.locate(**{**gap, "code_postal": ""}) is not None  # no postcode: the point rules


def test_a_name_borne_by_one_commune_outweighs_a_mistyped_postcode():
    locator = selectors.CommuneLocator()
    monteux = {
        "code_insee": "",
        "code_postal": "06170",
        "nom": "MONTEUX",
        "latitude": None,
        "longitude": None,
    }
    assert locator.locate(**monteux) == "84080"
