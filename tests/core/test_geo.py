import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.core.geo import EARTH_RADIUS_KM, PointIndex, bounding_box, haversine_km

MONTEUX_TOWN_HALL = (44.0343017578, 4.99538993835)
AVIGNON_TOWN_HALL = (43.9492, 4.8059)


def spherical_law_of_cosines_km(lat1, lon1, lat2, lon2):
    """An independent formula, written out by hand, to check haversine against."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cos_angle = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, cos_angle)))


def test_monteux_to_avignon_matches_the_hand_computation():
    # Hand computation on a local plane: 0.0851° of latitude = 9.46 km; 0.1895° of longitude
    # at 44° N = 0.1895 × 111.195 × cos(44°) = 15.16 km; √(9.46² + 15.16²) = 17.87 km.
    distance = float(haversine_km(*MONTEUX_TOWN_HALL, *AVIGNON_TOWN_HALL))
    assert distance == pytest.approx(17.87, abs=0.05)
    assert distance == pytest.approx(
        spherical_law_of_cosines_km(*MONTEUX_TOWN_HALL, *AVIGNON_TOWN_HALL), rel=1e-6
    )


def test_a_quarter_of_the_equator_and_the_poles():
    assert float(haversine_km(0, 0, 0, 90)) == pytest.approx(math.pi * EARTH_RADIUS_KM / 2)
    assert float(haversine_km(90, 0, -90, 0)) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    assert float(haversine_km(45, 179.5, 45, -179.5)) == pytest.approx(
        78.6, abs=0.2
    )  # across the antimeridian


latitudes = st.floats(min_value=-89.9, max_value=89.9, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)


@given(latitudes, longitudes, latitudes, longitudes)
def test_haversine_is_symmetric_and_agrees_with_the_law_of_cosines(lat1, lon1, lat2, lon2):
    forward = float(haversine_km(lat1, lon1, lat2, lon2))
    assert forward == pytest.approx(float(haversine_km(lat2, lon2, lat1, lon1)), abs=1e-9)
    assert 0 <= forward <= math.pi * EARTH_RADIUS_KM + 1e-6
    if forward > 1:  # acos loses precision for very close points
        assert forward == pytest.approx(
            spherical_law_of_cosines_km(lat1, lon1, lat2, lon2), rel=1e-6, abs=1e-3
        )


point_sets = st.lists(st.tuples(latitudes, longitudes), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(point_sets, latitudes, longitudes)
def test_index_nearest_is_the_brute_force_nearest(points, lat, lon):
    lats, lons = np.array(points).T
    index = PointIndex(lats, lons)
    nearest = index.nearest_one(lat, lon)
    brute = haversine_km(lat, lon, lats, lons)
    assert nearest.distance_km == pytest.approx(brute.min(), abs=1e-6)
    assert brute[nearest.index] == pytest.approx(brute.min(), abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(point_sets, latitudes, longitudes, st.floats(min_value=0, max_value=5000))
def test_index_within_radius_is_the_brute_force_set(points, lat, lon, radius_km):
    lats, lons = np.array(points).T
    found = PointIndex(lats, lons).within(lat, lon, radius_km)
    brute = haversine_km(lat, lon, lats, lons)
    # Points at the very edge may fall either side through rounding: compare away from it.
    expected = {i for i, d in enumerate(brute) if d <= radius_km - 1e-6}
    borderline = {i for i, d in enumerate(brute) if abs(d - radius_km) <= 1e-6}
    found_indices = {n.index for n in found}
    assert expected <= found_indices <= expected | borderline
    assert [n.distance_km for n in found] == sorted(n.distance_km for n in found)


def test_count_within_counts_points_per_query():
    index = PointIndex(
        [44.0343, 43.9492, 48.8566], [4.9954, 4.8059, 2.3522]
    )  # Monteux, Avignon, Paris
    counts = index.count_within([44.0343, 48.8566], [4.9954, 2.3522], radius_km=20)
    assert counts.tolist() == [2, 1]


def test_bad_coordinates_are_refused():
    with pytest.raises(ValueError, match="latitude must lie"):
        PointIndex([91.0], [0.0])
    with pytest.raises(ValueError, match="finite"):
        PointIndex([float("nan")], [0.0])
    with pytest.raises(ValueError, match="no point"):
        PointIndex([], []).nearest_one(0, 0)


def _in_box(box, lat, lon):
    in_longitudes = not box.longitude_ranges or any(
        west <= lon <= east for west, east in box.longitude_ranges
    )
    return box.south <= lat <= box.north and in_longitudes


@settings(max_examples=300, deadline=None)
@given(
    latitudes,
    longitudes,
    st.floats(min_value=0, max_value=3000),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=360),
)
def test_bounding_box_holds_every_point_within_the_radius(lat, lon, radius_km, share, bearing):
    """Walk `share` of the radius from the centre in any direction: still in the box."""
    box = bounding_box(lat, lon, radius_km)
    angle, phi1, theta = (
        share * radius_km / EARTH_RADIUS_KM,
        math.radians(lat),
        math.radians(bearing),
    )
    phi2 = math.asin(
        math.sin(phi1) * math.cos(angle) + math.cos(phi1) * math.sin(angle) * math.cos(theta)
    )
    lam2 = math.radians(lon) + math.atan2(
        math.sin(theta) * math.sin(angle) * math.cos(phi1),
        math.cos(angle) - math.sin(phi1) * math.sin(phi2),
    )
    lat2 = math.degrees(phi2)
    lon2 = (math.degrees(lam2) + 180) % 360 - 180
    assert float(haversine_km(lat, lon, lat2, lon2)) <= radius_km + 1e-6
    assert _in_box(box, lat2, lon2)


def test_bounding_box_is_tight_and_handles_the_antimeridian_and_poles():
    box = bounding_box(*MONTEUX_TOWN_HALL, 20)
    ((west, east),) = box.longitude_ranges
    # 20 km is 0.18° of latitude, and 0.25° of longitude at 44° N.
    assert box.north - box.south == pytest.approx(2 * 0.1799, abs=1e-3)
    assert east - west == pytest.approx(2 * 0.2502, abs=1e-3)
    assert bounding_box(45, 179.9, 50).longitude_ranges[1][0] == -180.0
    assert bounding_box(45, -179.9, 50).longitude_ranges[0][1] == 180.0
    assert bounding_box(89.9, 0, 50).longitude_ranges == ()
