"""What the pages give the shared map script (static/js/places-map.js): the GeoJSON address
of the places to show and, when the first view must centre on a point, its centre and zoom."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from maillage.directory.selectors import MapArea

# The narrowest map is about 300 px (a 360 px phone less margins); the first view must show
# the whole area there.
_MAP_MIN_SIDE_PX = 300
_METRES_PER_PIXEL_AT_ZOOM_0 = 156_543.03  # at the equator, on Web Mercator tiles


@dataclass(frozen=True)
class MapSpec:
    geojson_url: str
    center: str | None  # "lat,lon", as data-center wants it
    zoom: int | None


def area_map(area: MapArea | None, *, view_radius_km: float | None = None) -> MapSpec:
    """The places within the area (every place without one). With `view_radius_km`, the
    first view is centred on the area and shows that radius around it; without, the script
    fits the places, which suits a wide desktop map as well as a phone's."""
    url = reverse("api-1:places_geojson")
    if area is None:
        return MapSpec(geojson_url=url, center=None, zoom=None)
    point = f"{area.latitude:.5f},{area.longitude:.5f}"
    query = urlencode({"near": point, "radius_km": f"{area.radius_km:g}"})
    if view_radius_km is None:
        return MapSpec(geojson_url=f"{url}?{query}", center=None, zoom=None)
    return MapSpec(
        geojson_url=f"{url}?{query}",
        center=point,
        zoom=zoom_showing(radius_km=view_radius_km, latitude=area.latitude),
    )


def operator_map(organisation_id: int) -> MapSpec:
    """The places one organisation runs; the script fits them."""
    url = reverse("api-1:places_geojson")
    return MapSpec(
        geojson_url=f"{url}?{urlencode({'operator': organisation_id})}", center=None, zoom=None
    )


def zoom_showing(*, radius_km: float, latitude: float) -> int:
    """The largest tile zoom at which a circle of `radius_km` fits the narrowest map."""
    metres_per_pixel = 2 * radius_km * 1000 / _MAP_MIN_SIDE_PX
    scale = _METRES_PER_PIXEL_AT_ZOOM_0 * math.cos(math.radians(latitude)) / metres_per_pixel
    return max(3, min(15, math.floor(math.log2(scale))))
