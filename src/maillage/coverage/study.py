"""A coverage study of an area, from the database: the communes (demand, at their town
halls), the places of the chosen kinds (facilities, including those just outside the area,
which serve its border), the candidates, then the solver (`coverage.solver`), and the
summary tables of seed 001's "En bref" (places by kind × département; population covered by
département and EPCI). Reads only.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from maillage.coverage import solver
from maillage.coverage.limits import CoverageLimits
from maillage.coverage.solver import CoverageInputError, Points
from maillage.directory.models import Place, PlaceTag
from maillage.directory.vocabulary import ALLOWED_VALUES, HUB_KINDS, Vocabulary
from maillage.territory.models import Commune, Departement, Region

Candidates = Literal["town-halls", "places"]
MAX_NEW_SITES = 2000


@dataclass(frozen=True)
class CoverageRequest:
    """What to study. Exactly one area: `departements`, `region` or `france`."""

    radius_km: float
    departements: tuple[str, ...] = ()
    region: str | None = None
    france: bool = False
    kinds: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    new_sites: int = 0
    cover_all: bool = False
    candidates: Candidates = "town-halls"
    exact: bool = False

    def normalised(self) -> CoverageRequest:
        """The same study written one way: codes and values sorted without repeats; without
        new sites, the candidates and `exact` (which then change nothing) at their
        defaults."""
        sites = bool(self.new_sites or self.cover_all)
        return dataclasses.replace(
            self,
            radius_km=float(self.radius_km),
            departements=tuple(sorted(set(self.departements))),
            kinds=tuple(sorted(set(self.kinds))),
            services=tuple(sorted(set(self.services))),
            labels=tuple(sorted(set(self.labels))),
            candidates=self.candidates if sites else "town-halls",
            exact=self.exact if sites else False,
        )

    def as_params(self) -> dict[str, Any]:
        """The request as JSON values (tuples as lists)."""
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in dataclasses.asdict(self).items()
        }

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> CoverageRequest:
        """The request back from `as_params` (JSON gives lists where it has tuples)."""
        return cls(**{name: tuple(v) if isinstance(v, list) else v for name, v in params.items()})

    def key(self) -> str:
        """A hash of the normalised request: two requests asking the same study share it."""
        text = json.dumps(self.normalised().as_params(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class CommuneRow:
    code: str
    nom: str
    departement: str
    epci: str | None
    population: int
    latitude: float
    longitude: float
    nearest_km: float | None
    nearest_place: int | None  # Place id
    covered: bool
    new_site: int | None  # 1-based rank of the recommended site that newly covers it


@dataclass(frozen=True)
class RecommendedSite:
    rank: int
    code: str  # commune code (town halls) or place id (places)
    nom: str
    latitude: float
    longitude: float
    added_population: int
    added_communes: int


@dataclass(frozen=True)
class TableRow:
    key: str
    label: str
    values: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class CoverageStudy:
    request: CoverageRequest
    area_label: str
    places_considered: int
    population_total: int
    population_covered: int
    pct_covered: float
    communes: list[CommuneRow]
    white_zones: list[CommuneRow]
    recommended_sites: list[RecommendedSite]
    population_covered_after: int | None
    pct_covered_after: float | None
    upper_bound: float | None
    lower_bound: int | None
    gap_pct: float | None
    status: str | None
    unreachable: list[str]
    places_by_kind: list[TableRow]  # rows: kinds; values: per département code + "total"
    by_departement: list[TableRow]  # population, covered, pct
    by_epci: list[TableRow]
    timings: dict[str, float]


def _check_values(name: str, values: Sequence[str], vocabulary: str) -> None:
    allowed = ALLOWED_VALUES[vocabulary]
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise CoverageInputError(
            name, f"unknown value {unknown[0]!r}; allowed: {', '.join(allowed)}"
        )


def _area(request: CoverageRequest) -> tuple[list[str], str]:
    """The départements studied and the area's name."""
    chosen = sum((bool(request.departements), request.region is not None, request.france))
    if chosen != 1:
        raise CoverageInputError("area", "give exactly one of departements, region or france")
    if request.france:
        return list(Departement.objects.values_list("code", flat=True)), "France"
    if request.region is not None:
        region = Region.objects.filter(code=request.region).first()
        if region is None:
            raise CoverageInputError("region", f"no région has the code {request.region!r}")
        codes = list(Departement.objects.filter(region=region).values_list("code", flat=True))
        return codes, region.nom
    known = dict(
        Departement.objects.filter(code__in=request.departements).values_list("code", "nom")
    )
    for code in request.departements:
        if code not in known:
            raise CoverageInputError("departements", f"no département has the code {code!r}")
    return list(request.departements), ", ".join(f"{known[c]} ({c})" for c in request.departements)


def _places(request: CoverageRequest, bbox: tuple[float, float, float, float]):
    """Located places of the chosen kinds, services and labels inside `bbox`."""
    places = Place.objects.filter(latitude__isnull=False)
    south, west, north, east = bbox
    places = places.filter(
        latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
    )
    for vocabulary, values in (
        (Vocabulary.HUB_KIND, request.kinds),
        (Vocabulary.SERVICES, request.services),
        (Vocabulary.FORMATIONS_LABELS, request.labels),
    ):
        if values:
            places = places.filter(
                pk__in=PlaceTag.objects.filter(vocabulary=vocabulary, value__in=values).values(
                    "place_id"
                )
            )
    return list(places.values_list("pk", "nom", "latitude", "longitude", "commune__departement_id"))


def _check_request(request: CoverageRequest, limits: CoverageLimits | None) -> None:
    """The checks that need no database: values, goal, and the limits on k, R and the list
    of départements."""
    _check_values("kinds", request.kinds, Vocabulary.HUB_KIND)
    _check_values("services", request.services, Vocabulary.SERVICES)
    _check_values("labels", request.labels, Vocabulary.FORMATIONS_LABELS)
    max_sites = MAX_NEW_SITES if limits is None else min(MAX_NEW_SITES, limits.max_new_sites)
    if request.new_sites < 0 or request.new_sites > max_sites:
        raise CoverageInputError("new_sites", f"must be between 0 and {max_sites}")
    if request.new_sites and request.cover_all:
        raise CoverageInputError("new_sites", "give new_sites or cover_all, not both")
    radius = float(request.radius_km)
    max_radius = solver.RADIUS_MAX_KM if limits is None else limits.max_radius_km
    if not math.isfinite(radius) or radius <= 0 or radius > max_radius:
        raise CoverageInputError(
            "radius_km", f"must be a number of km above 0 and at most {max_radius:g}"
        )
    if limits is not None and len(set(request.departements)) > limits.max_departements:
        raise CoverageInputError(
            "departements",
            f"at most {limits.max_departements} départements; for more, study a région or France",
        )


def _check_area_for_sites(
    request: CoverageRequest, communes: int, limits: CoverageLimits | None
) -> None:
    """New sites only on areas small enough for the limits."""
    if limits is None or limits.max_communes_for_sites is None:
        return
    if (request.new_sites or request.cover_all) and communes > limits.max_communes_for_sites:
        raise CoverageInputError(
            "new_sites" if request.new_sites else "cover_all",
            f"new sites are computed here for areas of at most "
            f"{limits.max_communes_for_sites:,} inhabited communes (a région), and this one "
            f"has {communes:,}: study a smaller area, or ask the hub's staff for a run",
        )


def _check_exact_size(
    request: CoverageRequest, candidates: int, communes: int, limits: CoverageLimits | None
) -> None:
    """The exact solve only below the limits' size (candidate sites × demand points)."""
    if limits is None or not request.exact or not (request.new_sites or request.cover_all):
        return
    if candidates * communes > limits.exact_max_size:
        raise CoverageInputError(
            "exact",
            f"the exact solve is offered up to {limits.exact_max_size:,} candidate sites × "
            f"demand points, and this study has {candidates:,} × {communes:,}: leave exact "
            "off (the heuristic comes with its optimality bound), or study a smaller area",
        )


def _communes(departements: list[str]):
    return Commune.objects.filter(
        departement_id__in=departements,
        kind=Commune.Kind.COMMUNE,
        latitude__isnull=False,
        population__gt=0,
    )


def coverage_check(request: CoverageRequest, *, limits: CoverageLimits | None = None) -> None:
    """Raise the CoverageInputError that `coverage_study(request, limits=limits)` would raise
    on its parameters and the size of its area, without computing anything (counts only).
    For candidates among places, their count is that of the located places of the area
    (all kinds), an upper bound of the study's own."""
    _check_request(request, limits)
    departements, _label = _area(request)
    communes = _communes(departements).count()
    if not communes:
        raise CoverageInputError("area", "no inhabited commune with a location in this area")
    _check_area_for_sites(request, communes, limits)
    if request.candidates == "places":
        candidates = Place.objects.filter(
            latitude__isnull=False, commune__departement_id__in=departements
        ).count()
    else:
        candidates = communes
    _check_exact_size(request, candidates, communes, limits)


def coverage_study(
    request: CoverageRequest,
    progress: Callable[[str, int], None] | None = None,
    *,
    limits: CoverageLimits | None = None,
) -> CoverageStudy:
    """Accessibility of every inhabited commune of the area, and, when asked, the new sites
    to open (maximal covering with `new_sites` = k, or set covering with `cover_all`).
    `progress(step, percent)` hears how far it is.

    `limits` (see `coverage.limits`; None: only the solver's own) bound the parameters and
    the area (a CoverageInputError naming the parameter), and give the deadline at which
    the solver stops with the best sites found (status "time_limit")."""
    say = progress or (lambda _step, _percent: None)
    started = time.perf_counter()
    deadline = None if limits is None else started + limits.time_limit_s
    say("area", 5)
    _check_request(request, limits)
    departements, area_label = _area(request)
    rows = list(
        _communes(departements)
        .order_by("code")
        .values_list(
            "code", "nom", "departement_id", "epci_id", "population", "latitude", "longitude"
        )
    )
    if not rows:
        raise CoverageInputError("area", "no inhabited commune with a location in this area")
    _check_area_for_sites(request, len(rows), limits)
    codes, noms, deps, epcis, pops, lats, lons = (
        list(column) for column in zip(*rows, strict=True)
    )
    radius = float(request.radius_km)
    margin_lat = radius / 111.0
    margin_lon = radius / (
        111.0 * max(0.1, math.cos(math.radians(max(abs(min(lats)), abs(max(lats))))))
    )
    bbox = (
        min(lats) - margin_lat,
        min(lons) - margin_lon,
        max(lats) + margin_lat,
        max(lons) + margin_lon,
    )
    places = _places(request, bbox)
    if not places and not (request.new_sites or request.cover_all):
        raise CoverageInputError(
            "kinds", "no located place of the chosen kinds, services or labels in or near this area"
        )
    loaded = time.perf_counter()
    say("solve", 30)
    demand = Points(tuple(codes), np.array(lats), np.array(lons), np.array(pops, dtype=float))
    facilities = (
        Points(
            tuple(str(p[0]) for p in places),
            np.array([p[2] for p in places]),
            np.array([p[3] for p in places]),
        )
        if places
        else Points.empty()
    )
    candidate_points = None
    candidate_names = noms
    if request.candidates == "places":
        everything = _places(CoverageRequest(radius_km=radius, france=True), bbox)
        chosen_ids = {p[0] for p in places}
        others = [p for p in everything if p[0] not in chosen_ids and p[4] in departements]
        if not others:
            raise CoverageInputError("candidates", "no other place in the area to choose from")
        candidate_points = Points(
            tuple(str(p[0]) for p in others),
            np.array([p[2] for p in others]),
            np.array([p[3] for p in others]),
        )
        candidate_names = [p[1] for p in others]
    solution = None
    if request.new_sites or request.cover_all:
        candidates_count = len(candidate_points) if candidate_points is not None else len(demand)
        if request.new_sites > candidates_count:
            raise CoverageInputError(
                "new_sites", f"at most the number of candidates ({candidates_count})"
            )
        _check_exact_size(request, candidates_count, len(demand), limits)
        instance = solver.build_instance(
            demand=demand, facilities=facilities, candidates=candidate_points, radius_km=radius
        )
        if request.cover_all:
            solution = solver.solve_set_covering(instance, exact=request.exact, deadline=deadline)
        else:
            solution = solver.solve_maximal_covering(
                instance, k=request.new_sites, exact=request.exact, deadline=deadline
            )
        access = instance.existing
    else:
        access = solver.accessibility(demand=demand, facilities=facilities, radius_km=radius)
    solved = time.perf_counter()
    say("tables", 85)

    new_site_of = solution.covered_by_site if solution is not None else (None,) * len(codes)
    communes = [
        CommuneRow(
            code=codes[i],
            nom=noms[i],
            departement=deps[i],
            epci=epcis[i],
            population=int(pops[i]),
            latitude=lats[i],
            longitude=lons[i],
            nearest_km=None if access.nearest_km[i] is None else round(access.nearest_km[i], 2),
            nearest_place=None
            if access.nearest_facility[i] is None
            else places[access.nearest_facility[i]][0],
            covered=bool(access.covered[i]),
            new_site=None if new_site_of[i] is None else new_site_of[i] + 1,
        )
        for i in range(len(codes))
    ]
    sites = []
    if solution is not None:
        for rank, site in enumerate(solution.sites, start=1):
            sites.append(
                RecommendedSite(
                    rank=rank,
                    code=site.code,
                    nom=candidate_names[site.candidate],
                    latitude=site.latitude,
                    longitude=site.longitude,
                    added_population=round(site.added_population),
                    added_communes=site.added_demand_points,
                )
            )
    total = int(access.population_total)
    covered = int(access.population_covered)
    study = CoverageStudy(
        request=request,
        area_label=area_label,
        places_considered=len(places),
        population_total=total,
        population_covered=covered,
        pct_covered=round(access.covered_pct, 2),
        communes=communes,
        white_zones=[row for row in communes if not row.covered],
        recommended_sites=sites,
        population_covered_after=None
        if solution is None
        else int(solution.population_covered_after),
        pct_covered_after=None if solution is None else round(solution.covered_pct_after, 2),
        upper_bound=getattr(solution, "upper_bound", None),
        lower_bound=getattr(solution, "lower_bound", None),
        gap_pct=None if solution is None else round(solution.gap_pct, 3),
        status=None if solution is None else solution.status,
        unreachable=[] if solution is None else list(solution.unreachable),
        places_by_kind=_places_by_kind(places_in=departements),
        by_departement=_covered_by(
            communes, key=lambda row: row.departement, labels=_departement_names(departements)
        ),
        by_epci=_covered_by(communes, key=lambda row: row.epci or "", labels=_epci_names(communes)),
        timings={
            "load_s": round(loaded - started, 4),
            "solve_s": round(solved - loaded, 4),
            "total_s": round(time.perf_counter() - started, 4),
            **(
                {}
                if solution is None
                else {
                    "build_s": round(solution.timings.build_s, 4),
                    "heuristic_s": round(solution.timings.solve_s, 4),
                    "bound_s": round(solution.timings.bound_s, 4),
                }
            ),
        },
    )
    return study


def _departement_names(codes: list[str]) -> dict[str, str]:
    return dict(Departement.objects.filter(code__in=codes).values_list("code", "nom"))


def _epci_names(communes: list[CommuneRow]) -> dict[str, str]:
    from maillage.territory.models import Epci

    codes = {row.epci for row in communes if row.epci}
    return {"": "Sans EPCI", **dict(Epci.objects.filter(code__in=codes).values_list("code", "nom"))}


def _covered_by(communes: list[CommuneRow], *, key, labels: dict[str, str]) -> list[TableRow]:
    totals: dict[str, list[float]] = {}
    for row in communes:
        entry = totals.setdefault(key(row), [0, 0, 0])
        entry[0] += row.population
        entry[1] += row.population if row.covered else 0
        entry[2] += 1
    return [
        TableRow(
            key=code,
            label=labels.get(code, code),
            values={
                "population": population,
                "population_covered": covered,
                "pct_covered": round(100 * covered / population, 1) if population else 0.0,
                "communes": count,
            },
        )
        for code, (population, covered, count) in sorted(totals.items())
    ]


def _places_by_kind(*, places_in: list[str]) -> list[TableRow]:
    """Places of each hub kind by département of their commune: the pre-study's inventory
    table, from data."""
    counts: dict[tuple[str, str], int] = {}
    for kind, departement in PlaceTag.objects.filter(
        vocabulary=Vocabulary.HUB_KIND, place__commune__departement_id__in=places_in
    ).values_list("value", "place__commune__departement_id"):
        counts[(kind, departement)] = counts.get((kind, departement), 0) + 1
    rows = []
    for code, label in HUB_KINDS:
        values = {dep: counts.get((code, dep), 0) for dep in sorted(places_in)}
        total = sum(values.values())
        if total:
            rows.append(TableRow(key=code, label=str(label), values={**values, "total": total}))
    return rows
