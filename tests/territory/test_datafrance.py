import lzma
import shutil

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.territory.datafrance import (
    OUTSIDE_TOLERANCE_DEG,
    TerritorySourceError,
    locate_demand_points,
    read_territory,
)

SQUARE = shapely.box(5.0, 44.0, 5.1, 44.1)
# A U shape whose centroid falls in the notch, outside the commune.
U_SHAPE = shapely.Polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)])


def _locate(boundaries, town_halls):
    return locate_demand_points(
        np.array(boundaries, dtype=object), np.array(town_halls, dtype=object)
    )


def test_a_town_hall_inside_its_commune_is_kept():
    located = _locate([SQUARE], [shapely.Point(5.02, 44.03)])
    assert (located.longitudes[0], located.latitudes[0]) == (5.02, 44.03)
    assert located.sources[0] == "town_hall"


def test_a_town_hall_just_outside_a_generalised_boundary_is_kept():
    located = _locate([SQUARE], [shapely.Point(5.1 + OUTSIDE_TOLERANCE_DEG / 2, 44.05)])
    assert located.sources[0] == "town_hall"


def test_a_town_hall_far_outside_is_replaced_by_a_point_inside():
    located = _locate([SQUARE], [shapely.Point(6.4, 44.05)])  # Gex-like: 1.3° away
    assert located.sources[0] == "inside_boundary"
    assert located.town_hall_outside[0]
    assert SQUARE.contains(shapely.Point(located.longitudes[0], located.latitudes[0]))


def test_missing_or_empty_town_halls_are_replaced_and_a_concave_commune_gets_a_point_inside_it():
    located = _locate([SQUARE, U_SHAPE], [None, shapely.from_wkt("POINT EMPTY")])
    assert list(located.sources) == ["inside_boundary", "inside_boundary"]
    assert located.town_hall_missing.tolist() == [True, True]
    assert U_SHAPE.contains(shapely.Point(located.longitudes[1], located.latitudes[1]))


def test_a_commune_without_boundary_nor_town_hall_has_no_location():
    located = _locate([None], [None])
    assert located.sources[0] == "none"
    assert np.isnan(located.latitudes[0])


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 10), st.floats(0, 10)), min_size=3, max_size=12),
    st.floats(-5, 15),
    st.floats(-5, 15),
)
def test_the_chosen_point_always_lies_in_the_commune_or_within_the_slack(vertices, x, y):
    boundary = shapely.Polygon(vertices).convex_hull
    if boundary.geom_type != "Polygon" or boundary.area < 1e-6:
        return
    located = _locate([boundary], [shapely.Point(x, y)])
    chosen = shapely.Point(located.longitudes[0], located.latitudes[0])
    assert boundary.distance(chosen) <= OUTSIDE_TOLERANCE_DEG


def test_the_subset_reads_with_its_known_faults(territory_subset_dir):
    source = read_territory(territory_subset_dir)
    codes = {commune.code: commune for commune in source.communes}
    assert len(source.regions) == 18 and len(source.departements) == 101
    assert codes["84080"].nom == "Monteux" and codes["84080"].population == 12909
    assert codes["13201"].kind == "ARM" and codes["13201"].parent_code == "13055"
    assert (
        codes["13201"].departement_code == "13"
        and codes["13201"].epci_code == codes["13055"].epci_code
    )
    assert codes["01173"].location_source == "inside_boundary"  # Gex
    assert codes["60694"].population is None
    assert codes["84054"].nom == "L'Isle-sur-la-Sorgue" and codes["84092"].nom == "Le Pontet"
    assert codes["14581"].latitude is None and codes["14581"].location_source == "none"
    assert source.report.without_location == 2
    assert source.report.without_population == 1


def test_a_missing_file_names_the_file_and_the_fix(tmp_path, territory_subset_dir):
    shutil.copytree(territory_subset_dir, tmp_path, dirs_exist_ok=True)
    (tmp_path / "epci.csv.lzma").unlink()
    with pytest.raises(
        TerritorySourceError, match=r"epci\.csv\.lzma is missing: reinstall it with: pip install"
    ):
        read_territory(tmp_path)


def test_a_corrupt_file_is_reported(tmp_path, territory_subset_dir):
    shutil.copytree(territory_subset_dir, tmp_path, dirs_exist_ok=True)
    (tmp_path / "communes.csv.lzma").write_bytes(b"this is not lzma")
    with pytest.raises(TerritorySourceError, match=r"communes\.csv\.lzma is corrupt"):
        read_territory(tmp_path)


def test_a_truncated_file_is_reported(tmp_path, territory_subset_dir):
    shutil.copytree(territory_subset_dir, tmp_path, dirs_exist_ok=True)
    data = (tmp_path / "communes.csv.lzma").read_bytes()
    (tmp_path / "communes.csv.lzma").write_bytes(data[: len(data) // 2])
    with pytest.raises(TerritorySourceError, match="is corrupt"):
        read_territory(tmp_path)


def test_a_file_without_the_expected_columns_is_reported(tmp_path, territory_subset_dir):
    shutil.copytree(territory_subset_dir, tmp_path, dirs_exist_ok=True)
    with lzma.open(tmp_path / "regions.csv.lzma", "wt") as handle:
        handle.write("identifiant,libelle\n1,Corse\n")
    with pytest.raises(TerritorySourceError, match="lacks the columns code, id, nom"):
        read_territory(tmp_path)


def test_postcodes_and_town_hall_contacts(territory_subset_dir):
    source = read_territory(territory_subset_dir)
    by_code = {commune.code: commune for commune in source.communes}
    assert by_code["84080"].postcodes == ("84170",)
    assert by_code["84080"].town_hall_address == "28 place des Droits-de-l'Homme, 84170 Monteux"
    assert by_code["84080"].town_hall_phone == "04 90 66 97 00"
    assert by_code["13201"].postcodes == ("13001",)
    assert by_code["13055"].town_hall_phone == ""  # "30 13" in the source: not a number
