"""Great-circle geometry and a nearest-neighbour index over points, on the unit sphere.

Points are (latitude, longitude) in degrees. The index stores them as 3-D unit vectors in a
scipy KD-tree: the straight-line (chord) distance between two unit vectors grows with the
great-circle distance, so nearest-chord is nearest-on-Earth, and a radius in kilometres
becomes a chord radius exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


def haversine_km(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> NDArray:
    """Great-circle distance in km; broadcasts like numpy."""
    phi1, lam1, phi2, lam2 = (
        np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2)
    )
    a = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin((lam2 - lam1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def to_unit_vectors(latitudes: ArrayLike, longitudes: ArrayLike) -> NDArray:
    phi = np.radians(np.asarray(latitudes, dtype=float))
    lam = np.radians(np.asarray(longitudes, dtype=float))
    cos_phi = np.cos(phi)
    return np.column_stack((cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)))


def km_to_chord(distance_km: ArrayLike) -> NDArray:
    return 2 * np.sin(
        np.minimum(np.asarray(distance_km, dtype=float), np.pi * EARTH_RADIUS_KM)
        / (2 * EARTH_RADIUS_KM)
    )


def chord_to_km(chord: ArrayLike) -> NDArray:
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.clip(np.asarray(chord, dtype=float) / 2, 0.0, 1.0))


def validate_coordinates(latitudes: NDArray, longitudes: NDArray) -> None:
    if latitudes.shape != longitudes.shape:
        raise ValueError("latitudes and longitudes must have the same length")
    if not (np.all(np.isfinite(latitudes)) and np.all(np.isfinite(longitudes))):
        raise ValueError("coordinates must be finite numbers")
    if np.any(np.abs(latitudes) > 90) or np.any(np.abs(longitudes) > 180):
        raise ValueError("latitude must lie in [-90, 90] and longitude in [-180, 180]")


# About 1 cm: keeps points lying on the circle inside the box despite rounding.
_BOX_MARGIN_DEGREES = 1e-7


@dataclass(frozen=True)
class BoundingBox:
    """A latitude/longitude box holding every point within some distance of a centre.

    `longitude_ranges` holds one (west, east) range, two when the box crosses the
    antimeridian, and none when every longitude is in the box (the circle holds a pole).
    """

    south: float
    north: float
    longitude_ranges: tuple[tuple[float, float], ...]


def bounding_box(latitude: float, longitude: float, radius_km: float) -> BoundingBox:
    """The smallest latitude/longitude box holding the spherical cap of `radius_km` around
    the point, so that an indexed range query can prefilter a radius search."""
    if radius_km < 0:
        raise ValueError("radius_km must not be negative")
    angle = min(radius_km / EARTH_RADIUS_KM, np.pi)
    angle_degrees = float(np.degrees(angle)) + _BOX_MARGIN_DEGREES
    south = max(latitude - angle_degrees, -90.0)
    north = min(latitude + angle_degrees, 90.0)
    if abs(latitude) + angle_degrees >= 90.0:
        return BoundingBox(south, north, ())
    # Widest longitude span of a cap of angular radius a centred at latitude phi:
    # asin(sin a / cos phi), reached north of the centre's parallel (not on it).
    half_span = (
        float(np.degrees(np.arcsin(np.sin(angle) / np.cos(np.radians(latitude)))))
        + _BOX_MARGIN_DEGREES
    )
    west, east = longitude - half_span, longitude + half_span
    if west < -180.0:
        return BoundingBox(south, north, ((west + 360.0, 180.0), (-180.0, east)))
    if east > 180.0:
        return BoundingBox(south, north, ((west, 180.0), (-180.0, east - 360.0)))
    return BoundingBox(south, north, ((west, east),))


@dataclass(frozen=True)
class Neighbour:
    index: int
    distance_km: float


class PointIndex:
    """Nearest-neighbour and radius queries over a fixed set of points."""

    def __init__(self, latitudes: ArrayLike, longitudes: ArrayLike) -> None:
        self.latitudes = np.asarray(latitudes, dtype=float)
        self.longitudes = np.asarray(longitudes, dtype=float)
        validate_coordinates(self.latitudes, self.longitudes)
        self._tree = cKDTree(to_unit_vectors(self.latitudes, self.longitudes))

    def __len__(self) -> int:
        return len(self.latitudes)

    def nearest(
        self, latitudes: ArrayLike, longitudes: ArrayLike, k: int = 1
    ) -> tuple[NDArray, NDArray]:
        """Distances (km) and indices of the k nearest indexed points to each query point.

        With k=1 both arrays have the queries' shape; otherwise one more axis of length k.
        """
        if len(self) == 0:
            raise ValueError("the index holds no point")
        query_lat = np.atleast_1d(np.asarray(latitudes, dtype=float))
        query_lon = np.atleast_1d(np.asarray(longitudes, dtype=float))
        validate_coordinates(query_lat, query_lon)
        chords, indices = self._tree.query(
            to_unit_vectors(query_lat, query_lon), k=min(k, len(self))
        )
        return chord_to_km(chords), indices

    def nearest_one(self, latitude: float, longitude: float) -> Neighbour:
        distances, indices = self.nearest([latitude], [longitude])
        return Neighbour(index=int(indices[0]), distance_km=float(distances[0]))

    def within(self, latitude: float, longitude: float, radius_km: float) -> list[Neighbour]:
        """Indexed points within radius_km of one point, nearest first."""
        if radius_km < 0:
            raise ValueError("radius_km must not be negative")
        centre = to_unit_vectors([latitude], [longitude])[0]
        found = self._tree.query_ball_point(centre, r=float(km_to_chord(radius_km)))
        if not found:
            return []
        found_indices = np.asarray(found)
        distances = haversine_km(
            latitude, longitude, self.latitudes[found_indices], self.longitudes[found_indices]
        )
        order = np.argsort(distances, kind="stable")
        return [
            Neighbour(index=int(found_indices[i]), distance_km=float(distances[i]))
            for i in order
            if distances[i] <= radius_km
        ]

    def count_within(
        self, latitudes: ArrayLike, longitudes: ArrayLike, radius_km: float
    ) -> NDArray:
        """For each query point, how many indexed points lie within radius_km."""
        query_lat = np.atleast_1d(np.asarray(latitudes, dtype=float))
        query_lon = np.atleast_1d(np.asarray(longitudes, dtype=float))
        validate_coordinates(query_lat, query_lon)
        return np.asarray(
            self._tree.query_ball_point(
                to_unit_vectors(query_lat, query_lon),
                r=float(km_to_chord(radius_km)),
                return_length=True,
            )
        )
