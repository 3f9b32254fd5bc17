"""Reads of the territory app."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from maillage.core.geo import EARTH_RADIUS_KM, PointIndex, haversine_km
from maillage.core.text import normalise_for_search
from maillage.territory.models import Commune, Departement, Epci, Region


def commune_get(*, code: str) -> Commune | None:
    return (
        Commune.objects.select_related("departement__region", "epci", "parent")
        .filter(code=code)
        .first()
    )


def commune_search(
    *, query: str = "", departement: str | None = None, include_arrondissements: bool = False
) -> QuerySet[Commune]:
    """Communes whose name contains every word of `query`, ignoring case, accents and
    punctuation ("saint etienne" finds Saint-Étienne); exact names first, then names that
    start with the query, then the most populated."""
    communes = Commune.objects.select_related("departement", "epci")
    if not include_arrondissements:
        communes = communes.filter(kind=Commune.Kind.COMMUNE)
    if departement:
        communes = communes.filter(departement_id=departement)
    normalised = normalise_for_search(query)
    if not normalised:
        return communes.order_by("nom", "code")
    for word in normalised.split():
        if word.isdigit() and len(word) == 5:
            # A postcode: the commune's own, or one of its arrondissements' (Marseille 13001).
            communes = communes.filter(
                Q(postcodes__contains=word) | Q(arrondissements__postcodes__contains=word)
            ).distinct()
        else:
            communes = communes.filter(search_name__contains=word)
    rank = Case(
        When(search_name=normalised, then=Value(0)),
        When(search_name__startswith=normalised, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return communes.annotate(match_rank=rank).order_by("match_rank", "-population", "nom", "code")


def communes_of_departement(*, code: str) -> QuerySet[Commune]:
    return Commune.objects.filter(departement_id=code, kind=Commune.Kind.COMMUNE).order_by(
        "nom", "code"
    )


def communes_of_epci(*, code: str) -> QuerySet[Commune]:
    return Commune.objects.filter(epci_id=code, kind=Commune.Kind.COMMUNE).order_by("nom", "code")


@dataclass(frozen=True)
class NearestCommune:
    commune: Commune
    distance_km: float


def commune_nearest(*, latitude: float, longitude: float) -> NearestCommune | None:
    """The commune whose demand point is nearest to (latitude, longitude).

    Looks in a box around the point and widens it until the nearest candidate found is
    nearer than the box's half-width: then no commune outside the box can be nearer.
    """
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError("latitude must lie in [-90, 90] and longitude in [-180, 180]")
    located = Commune.objects.filter(kind=Commune.Kind.COMMUNE, latitude__isnull=False)
    radius_km = 10.0
    while True:
        half_lat = np.degrees(radius_km / EARTH_RADIUS_KM)
        if abs(latitude) + half_lat >= 90:
            half_lon = 180.0  # the box holds a pole: every longitude is in it
        else:
            half_lon = min(half_lat / np.cos(np.radians(abs(latitude) + half_lat)), 180.0)
        whole_earth = radius_km >= np.pi * EARTH_RADIUS_KM
        box = (
            located
            if whole_earth
            else located.filter(
                latitude__range=(latitude - half_lat, latitude + half_lat),
                **_longitude_range(longitude, half_lon),
            )
        )
        candidates = list(box.values_list("code", "latitude", "longitude"))
        if candidates:
            codes, lats, lons = zip(*candidates, strict=True)
            distances = haversine_km(latitude, longitude, np.array(lats), np.array(lons))
            best = int(np.argmin(distances))
            if distances[best] <= radius_km or whole_earth:
                return NearestCommune(
                    commune=commune_get(code=codes[best]), distance_km=float(distances[best])
                )
        elif whole_earth:
            return None
        radius_km *= 4


def _longitude_range(longitude: float, half_lon: float) -> dict:
    if half_lon >= 180:
        return {}
    low, high = longitude - half_lon, longitude + half_lon
    if low < -180 or high > 180:  # the box crosses the antimeridian
        return {"longitude__isnull": False}
    return {"longitude__range": (low, high)}


def departements_of_postcode(code_postal: str) -> list[str]:
    """The départements a postcode may belong to (Corsica's 20xxx are 2A or 2B)."""
    if code_postal.startswith("97"):
        return [code_postal[:3]]
    if code_postal.startswith("20"):
        return ["2A", "2B"]
    return [code_postal[:2]]


class CommuneLocator:
    """Matches many rows to communes in memory, for imports: by INSEE code, else postcode and
    name, else a name that only one commune of France bears, else the commune nearest to a
    point. One query when built, none per row."""

    def __init__(self) -> None:
        rows = list(
            Commune.objects.values_list(
                "code", "search_name", "departement_id", "latitude", "longitude", "kind"
            )
        )
        self._points = {code: (lat, lon) for code, _name, _dep, lat, lon, _kind in rows}
        self._by_name: dict[tuple[str, str], str] = {}
        name_counts: dict[str, int] = {}
        located = []
        for code, name, departement, lat, lon, kind in rows:
            if kind == Commune.Kind.COMMUNE:
                self._by_name.setdefault((departement, name), code)
                name_counts[name] = name_counts.get(name, 0) + 1
                if lat is not None:
                    located.append((code, lat, lon))
        self._located_codes = [code for code, _lat, _lon in located]
        self._departement = {code: departement for code, _n, departement, *_rest in rows}
        self._unique_names = {
            name: code
            for (_departement, name), code in self._by_name.items()
            if name_counts[name] == 1
        }
        self._index = (
            PointIndex([lat for _c, lat, _l in located], [lon for _c, _l, lon in located])
            if located
            else None
        )

    def locate(
        self,
        *,
        code_insee: str,
        code_postal: str,
        nom: str,
        latitude: float | None,
        longitude: float | None,
    ) -> str | None:
        """The code of the matching commune, or None."""
        if code_insee in self._points:
            return code_insee
        name = normalise_for_search(nom)
        departements = departements_of_postcode(code_postal) if code_postal else []
        for departement in departements:
            code = self._by_name.get((departement, name))
            if code:
                return code
        code = self._unique_names.get(name)
        if code:
            return code  # a name found once in France outweighs a mistyped postcode
        if latitude is not None and longitude is not None and self._index is not None:
            code = self._located_codes[self._index.nearest_one(latitude, longitude).index]
            # When the territory loaded stops short of the place (a region only), the nearest
            # commune is a neighbouring département's: the postcode says so.
            if not departements or self._departement[code] in departements:
                return code
        return None

    def point_of(self, code: str) -> tuple[float | None, float | None]:
        """The commune's demand point (its town hall, or a point inside it)."""
        return self._points[code]


@dataclass(frozen=True)
class TerritoryTotals:
    regions: int
    departements: int
    epcis: int
    communes: int
    arrondissements: int
    population: int


def territory_totals() -> TerritoryTotals:
    commune_counts = Commune.objects.aggregate(
        communes=Count("code", filter=Q(kind=Commune.Kind.COMMUNE)),
        arrondissements=Count("code", filter=Q(kind=Commune.Kind.ARRONDISSEMENT)),
        population=Sum("population", filter=Q(kind=Commune.Kind.COMMUNE)),
    )
    return TerritoryTotals(
        regions=Region.objects.count(),
        departements=Departement.objects.count(),
        epcis=Epci.objects.count(),
        communes=commune_counts["communes"],
        arrondissements=commune_counts["arrondissements"],
        population=commune_counts["population"] or 0,
    )


def region_list_with_totals() -> QuerySet[Region]:
    """Régions with their number of départements, communes and population."""
    return Region.objects.annotate(
        departement_count=Count("departements", distinct=True),
        commune_count=Count(
            "departements__communes", filter=Q(departements__communes__kind=Commune.Kind.COMMUNE)
        ),
        population=Sum(
            "departements__communes__population",
            filter=Q(departements__communes__kind=Commune.Kind.COMMUNE),
        ),
    ).order_by("code")


def departement_get(*, code: str) -> Departement | None:
    return Departement.objects.select_related("region").filter(code=code).first()


def epci_get(*, code: str) -> Epci | None:
    return Epci.objects.filter(code=code).first()


def arrondissements_of(*, code: str) -> QuerySet[Commune]:
    """The municipal arrondissements of a city (Paris, Lyon, Marseille), by code."""
    return Commune.objects.filter(parent_id=code, kind=Commune.Kind.ARRONDISSEMENT).order_by("code")


def departements_with_communes() -> list[Departement]:
    """Départements holding at least one commune (those loaded), by région then code."""
    return list(
        Departement.objects.select_related("region")
        .annotate(commune_count=Count("communes", filter=Q(communes__kind=Commune.Kind.COMMUNE)))
        .filter(commune_count__gt=0)
        .order_by("region__nom", "code")
    )


def departement_names(*, codes) -> dict[str, str]:
    return dict(Departement.objects.filter(code__in=list(codes)).values_list("code", "nom"))


def commune_boundaries(*, departements) -> dict[str, str]:
    """Commune code → its simplified boundary (GeoJSON text) in the départements."""
    return {
        code: boundary
        for code, boundary in Commune.objects.filter(
            departement_id__in=list(departements), kind=Commune.Kind.COMMUNE
        ).values_list("code", "boundary")
        if boundary
    }
