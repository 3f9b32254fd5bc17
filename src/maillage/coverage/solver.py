"""Where people are far from digital help, and where to open next.

Pure numpy/scipy, no Django: plain values in, frozen JSON-friendly dataclasses out
(`dataclasses.asdict(result)` goes straight to `json.dumps`).

- `accessibility`: for each demand point (a commune, at its town hall), the great-circle
  distance to the nearest existing facility, the population within R km of one, the white
  zones (demand points farther than R).
- `maximal_covering` (MCLP): k new sites among the candidates covering the most population
  that no existing facility covers, with an optimality bound (`upper_bound`, `gap_pct`);
  heuristic (lazy greedy, relaxations rounded, 1-swap local search) or exact (MILP through
  HiGHS).
- `set_covering` (LSCP): the fewest new sites covering every inhabited demand point that
  can be covered, with a lower bound; demand points no candidate reaches are reported
  (`unreachable`), not raised.

"Within R km" is measured on the unit sphere by the chord between the points' unit vectors
(`maillage.core.geo`), which is the great-circle distance up to rounding. For several k, or
both problems, on the same data, build the `CoverageInstance` once with `build_instance`
and call `solve_maximal_covering` / `solve_set_covering` on it.
"""

from __future__ import annotations

import math
import numbers
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from maillage.core.geo import PointIndex, km_to_chord, to_unit_vectors
from maillage.coverage import lscp, mclp
from maillage.coverage.matrix import (
    coverage_matrix,
    dominated_columns,
    dominated_rows,
    merge_identical_columns,
)

RADIUS_MAX_KM = 500.0
# The LP relaxation (HiGHS) is solved for the bound when the reduced matrix has at most
# this many entries: a département or a region takes milliseconds, all of France seconds.
LP_BOUND_MAX_NONZEROS = 150_000

CoveringStatus = Literal["greedy", "greedy+swap", "optimal", "time_limit"]
SetCoverStatus = Literal["greedy+redundancy", "optimal", "time_limit"]


class CoverageInputError(ValueError):
    """Bad input to the solver; `parameter` names it and `rule` says what it must be."""

    def __init__(self, parameter: str, rule: str) -> None:
        self.parameter = parameter
        self.rule = rule
        super().__init__(f"{parameter}: {rule}")


@dataclass(frozen=True, eq=False)
class Points:
    """Named points in degrees; `populations` is required for demand points only."""

    codes: tuple[str, ...]
    latitudes: NDArray[np.float64]
    longitudes: NDArray[np.float64]
    populations: NDArray[np.float64] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(str(code) for code in self.codes))
        for name in ("latitudes", "longitudes", "populations"):
            value = getattr(self, name)
            if value is None:
                continue
            try:
                array = np.array(value, dtype=np.float64).reshape(-1)
            except (TypeError, ValueError):
                raise CoverageInputError(name, "must be numbers") from None
            array.flags.writeable = False
            object.__setattr__(self, name, array)
            if len(array) != len(self.codes):
                raise CoverageInputError(
                    name, f"must have one value per code ({len(self.codes)}), not {len(array)}"
                )

    def __len__(self) -> int:
        return len(self.codes)

    @classmethod
    def empty(cls) -> Points:
        return cls((), np.zeros(0), np.zeros(0))


@dataclass(frozen=True)
class Timings:
    """Seconds spent building (validation, nearest facilities, coverage matrix,
    reductions), solving (heuristic or MILP) and bounding."""

    build_s: float
    solve_s: float
    bound_s: float


@dataclass(frozen=True)
class Accessibility:
    """Per demand point (in input order): the distance to the nearest facility and its
    index among the facilities (None when there is no facility), and whether it lies within
    `radius_km`. `white_zones`: the codes of the demand points beyond R, in input order."""

    radius_km: float
    codes: tuple[str, ...]
    nearest_km: tuple[float | None, ...]
    nearest_facility: tuple[int | None, ...]
    covered: tuple[bool, ...]
    population_total: float
    population_covered: float
    covered_pct: float
    white_zones: tuple[str, ...]
    white_zone_population: float
    timings: Timings


@dataclass(frozen=True)
class SelectedSite:
    """A new site: its index among the candidates, and the population and number of
    demand points it adds to the sites before it (existing facilities included)."""

    candidate: int
    code: str
    latitude: float
    longitude: float
    added_population: float
    added_demand_points: int


@dataclass(frozen=True)
class CoveringSolution:
    """The answer to the maximal covering problem.

    `sites` are in greedy order (each adds the most to those before it), at most k: sites
    that would add nobody are left out. `upper_bound` bounds the population any k new sites
    can add (valid: ≥ the optimum), `gap_pct` = 100 × (upper_bound − population_added) /
    upper_bound, `bound_method` says which bound was lowest. `covered_by_site[i]` is the
    position in `sites` of the first site covering demand point i, None if none newly does.
    `unreachable`: inhabited demand points beyond R of every facility and every candidate.
    """

    k: int
    radius_km: float
    status: CoveringStatus
    sites: tuple[SelectedSite, ...]
    population_total: float
    population_covered_before: float
    population_added: float
    population_covered_after: float
    covered_pct_before: float
    covered_pct_after: float
    upper_bound: float
    gap_pct: float
    bound_method: str
    swaps: int
    unreachable: tuple[str, ...]
    unreachable_population: float
    covered_by_site: tuple[int | None, ...]
    timings: Timings


@dataclass(frozen=True)
class SetCoverSolution:
    """The answer to the set covering problem: the new sites (in greedy order of the
    population they add) covering every inhabited demand point not covered yet, except the
    `unreachable` ones. `lower_bound` on the number of sites needed is valid (≤ the
    optimum); `gap_pct` = 100 × (len(sites) − lower_bound) / len(sites)."""

    radius_km: float
    status: SetCoverStatus
    sites: tuple[SelectedSite, ...]
    lower_bound: int
    gap_pct: float
    bound_method: str
    population_total: float
    population_covered_before: float
    population_covered_after: float
    covered_pct_before: float
    covered_pct_after: float
    unreachable: tuple[str, ...]
    unreachable_population: float
    covered_by_site: tuple[int | None, ...]
    timings: Timings


# ---------------------------------------------------------------------------------------------
# Input checks


def _check_radius(radius_km: object) -> float:
    if isinstance(radius_km, bool) or not isinstance(radius_km, numbers.Real):
        raise CoverageInputError("radius_km", "must be a number of kilometres")
    radius = float(radius_km)
    if not math.isfinite(radius):
        raise CoverageInputError("radius_km", f"must be finite, not {radius}")
    if not 0 < radius <= RADIUS_MAX_KM:
        raise CoverageInputError(
            "radius_km", f"must be > 0 and ≤ {RADIUS_MAX_KM:g} km, not {radius:g}"
        )
    return radius


def _check_k(k: object, candidates: int) -> int:
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise CoverageInputError("k", "must be a whole number of sites")
    if not 0 <= int(k) <= candidates:
        raise CoverageInputError(
            "k", f"must be between 0 and the number of candidates ({candidates}), not {k}"
        )
    return int(k)


def _check_time_limit(time_limit_s: object) -> float | None:
    if time_limit_s is None:
        return None
    if (
        isinstance(time_limit_s, bool)
        or not isinstance(time_limit_s, numbers.Real)
        or not math.isfinite(float(time_limit_s))
        or float(time_limit_s) <= 0
    ):
        raise CoverageInputError("time_limit_s", "must be a finite number of seconds > 0, or None")
    return float(time_limit_s)


def _check_points(points: object, name: str, *, demand: bool = False) -> Points:
    if not isinstance(points, Points):
        raise CoverageInputError(name, "must be a Points value")
    if demand and len(points) == 0:
        raise CoverageInputError(name, "must hold at least one demand point")
    checks: list[tuple[str, NDArray | None, float]] = [
        ("latitudes", points.latitudes, 90.0),
        ("longitudes", points.longitudes, 180.0),
    ]
    for field, values, limit in checks:
        bad = np.flatnonzero(~np.isfinite(values))
        if len(bad):
            raise CoverageInputError(
                f"{name}.{field}",
                f"must be finite numbers (no NaN): {_describe(points, values, int(bad[0]))}",
            )
        bad = np.flatnonzero(np.abs(values) > limit)
        if len(bad):
            raise CoverageInputError(
                f"{name}.{field}",
                f"must lie in [-{limit:g}, {limit:g}]: {_describe(points, values, int(bad[0]))}",
            )
    if demand:
        if points.populations is None:
            raise CoverageInputError(f"{name}.populations", "are required for demand points")
        populations = points.populations
        bad = np.flatnonzero(~np.isfinite(populations) | (populations < 0))
        if len(bad):
            raise CoverageInputError(
                f"{name}.populations",
                f"must be finite and ≥ 0: {_describe(points, populations, int(bad[0]))}",
            )
    return points


def _describe(points: Points, values: NDArray, index: int) -> str:
    return f"index {index} (code {points.codes[index]!r}) is {values[index]!r}"


# ---------------------------------------------------------------------------------------------
# Accessibility


def nearest_facilities(demand: Points, facilities: Points) -> tuple[NDArray, NDArray]:
    """Great-circle distance (km) to, and index of, each demand point's nearest facility:
    +inf and -1 when there is no facility. Inputs must have been checked."""
    if len(facilities) == 0:
        return np.full(len(demand), np.inf), np.full(len(demand), -1, np.intp)
    distances, indices = PointIndex(facilities.latitudes, facilities.longitudes).nearest(
        demand.latitudes, demand.longitudes
    )
    return np.asarray(distances, np.float64), np.asarray(indices, np.intp)


def accessibility(*, demand: Points, facilities: Points, radius_km: float) -> Accessibility:
    """Distance from every demand point to its nearest facility, and who lies within
    `radius_km` of one. Raises CoverageInputError on bad input."""
    radius = _check_radius(radius_km)
    _check_points(demand, "demand", demand=True)
    _check_points(facilities, "facilities")
    return _accessibility(demand, facilities, radius)


def _accessibility(demand: Points, facilities: Points, radius: float) -> Accessibility:
    started = time.perf_counter()
    distances, indices = nearest_facilities(demand, facilities)
    solved = time.perf_counter()
    covered = distances <= radius
    populations = demand.populations
    assert populations is not None
    total = float(populations.sum())
    covered_population = float(populations[covered].sum())
    has_facility = indices >= 0
    white = np.flatnonzero(~covered)
    return Accessibility(
        radius_km=radius,
        codes=demand.codes,
        nearest_km=tuple(
            float(distance) if found else None
            for distance, found in zip(distances.tolist(), has_facility.tolist(), strict=True)
        ),
        nearest_facility=tuple(int(i) if i >= 0 else None for i in indices.tolist()),
        covered=tuple(covered.tolist()),
        population_total=total,
        population_covered=covered_population,
        covered_pct=_pct(covered_population, total),
        white_zones=tuple(demand.codes[i] for i in white.tolist()),
        white_zone_population=float(populations[white].sum()),
        timings=Timings(build_s=0.0, solve_s=solved - started, bound_s=0.0),
    )


def _pct(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole > 0 else 100.0


# ---------------------------------------------------------------------------------------------
# The instance shared by both problems


@dataclass(frozen=True, eq=False)
class CoverageInstance:
    """The data of a covering problem once reduced, reusable for several k.

    `open_demand`: the inhabited demand points beyond R of every facility that at least one
    candidate reaches; `unreachable`: those no candidate reaches. `matrix`: kept candidates
    (`site_rows[r]` is row r's index among the candidates; candidates covering no open
    demand point are dropped) × merged open demand (points covered by the same candidates
    are one column: `column_of_open[p]` is the column of `open_demand[p]`, `weights` their
    population, `counts` how many points).
    """

    demand: Points
    candidates: Points
    radius_km: float
    existing: Accessibility
    open_demand: NDArray[np.intp]
    unreachable: NDArray[np.intp]
    matrix: sparse.csr_array
    weights: NDArray[np.float64]
    counts: NDArray[np.float64]
    site_rows: NDArray[np.intp]
    column_of_open: NDArray[np.intp]
    build_s: float


def build_instance(
    *,
    demand: Points,
    facilities: Points | None = None,
    candidates: Points | None = None,
    radius_km: float,
) -> CoverageInstance:
    """Check the input and build the reduced coverage matrix.

    `facilities`: the existing places (none by default). `candidates`: the possible new
    sites (by default the demand points themselves, i.e. the town halls).
    """
    started = time.perf_counter()
    radius = _check_radius(radius_km)
    _check_points(demand, "demand", demand=True)
    facilities = _check_points(
        facilities if facilities is not None else Points.empty(), "facilities"
    )
    candidates = _check_points(candidates if candidates is not None else demand, "candidates")
    existing = _accessibility(demand, facilities, radius)

    populations = demand.populations
    assert populations is not None
    uncovered = np.flatnonzero((populations > 0) & ~np.asarray(existing.covered, bool))
    demand_xyz = to_unit_vectors(demand.latitudes[uncovered], demand.longitudes[uncovered])
    candidate_xyz = to_unit_vectors(candidates.latitudes, candidates.longitudes)
    full = coverage_matrix(candidate_xyz, demand_xyz, float(km_to_chord(radius)))
    reachable = np.bincount(full.indices, minlength=full.shape[1]) > 0
    full = sparse.csr_array(full[:, np.flatnonzero(reachable)])
    merged = merge_identical_columns(full, populations[uncovered[reachable]])
    del full
    site_rows = np.flatnonzero(np.diff(merged.matrix.indptr) > 0).astype(np.intp)
    matrix = sparse.csr_array(merged.matrix[site_rows])
    matrix.sort_indices()
    return CoverageInstance(
        demand=demand,
        candidates=candidates,
        radius_km=radius,
        existing=existing,
        open_demand=uncovered[reachable].astype(np.intp),
        unreachable=uncovered[~reachable].astype(np.intp),
        matrix=matrix,
        weights=merged.weights,
        counts=merged.size.astype(np.float64),
        site_rows=site_rows,
        column_of_open=merged.group,
        build_s=time.perf_counter() - started,
    )


# ---------------------------------------------------------------------------------------------
# Maximal covering


def maximal_covering(
    *,
    demand: Points,
    facilities: Points | None = None,
    candidates: Points | None = None,
    radius_km: float,
    k: int,
    exact: bool = False,
    improve: bool = True,
    time_limit_s: float | None = None,
    deadline: float | None = None,
) -> CoveringSolution:
    """k new sites covering the most population not covered yet (see
    `solve_maximal_covering`). Raises CoverageInputError on bad input."""
    instance = build_instance(
        demand=demand, facilities=facilities, candidates=candidates, radius_km=radius_km
    )
    return solve_maximal_covering(
        instance, k=k, exact=exact, improve=improve, time_limit_s=time_limit_s, deadline=deadline
    )


def solve_maximal_covering(
    instance: CoverageInstance,
    *,
    k: int,
    exact: bool = False,
    improve: bool = True,
    time_limit_s: float | None = None,
    swap_time_limit_s: float = 1.0,
    bound_iterations: int = 600,
    bound_time_limit_s: float = 1.0,
    lp_max_nonzeros: int = LP_BOUND_MAX_NONZEROS,
    deadline: float | None = None,
) -> CoveringSolution:
    """Choose k sites.

    Heuristic: lazy greedy; then, if `improve`, 1-swap local search (at most
    `swap_time_limit_s`), and the same local search from each relaxation rounded (the k
    largest x of the LP; the k sites the Lagrangian relaxation chose most often, its
    estimate of the LP's x); the best is kept. `exact`: then, unless the bound already proves
    the solution optimal, the MILP through HiGHS on the instance without its dominated
    candidates, within `time_limit_s` if given (the better of HiGHS's incumbent and the
    heuristic is kept).

    Bound: the lowest of the trivial bound, the LP relaxation (when the matrix has at most
    `lp_max_nonzeros` entries), the Lagrangian relaxation (at most `bound_iterations`
    subgradient steps or `bound_time_limit_s`) and HiGHS's dual bound.

    Status: "optimal" when the bound meets the solution (whichever way it was found),
    otherwise "time_limit" in exact mode, "greedy+swap" (or "greedy" without `improve`).

    `deadline` (a `time.perf_counter()` value): the lazy greedy always runs (it is fast and
    gives the answer its sites), then every later phase — local search, LP, Lagrangian, MILP
    — gets at most the time left, and is skipped once none is left; a solution not proven
    optimal when the deadline has passed has the status "time_limit". Its bound is valid.
    """
    k = _check_k(k, len(instance.candidates))
    limit = _check_time_limit(time_limit_s)
    matrix, weights = instance.matrix, instance.weights

    started = time.perf_counter()
    sites, _gains = mclp.lazy_greedy(matrix, weights, k)
    swaps = 0
    swap_s = _within(swap_time_limit_s, deadline)
    if improve and swap_s > 0:
        outcome = mclp.swap_search(matrix, weights, sites, time_limit_s=swap_s)
        sites, swaps = outcome.sites, outcome.swaps
    achieved = mclp.coverage_value(matrix, weights, sites)
    solve_s = time.perf_counter() - started

    started = time.perf_counter()
    bounds = {"trivial": mclp.trivial_bound(matrix, weights, k)}
    if k > 0 and matrix.nnz:
        start = None
        if matrix.nnz <= lp_max_nonzeros and _left(deadline) > 0:
            relaxation = mclp.lp_relaxation(matrix, weights, k, time_limit_s=_limit(deadline))
            if relaxation is not None:
                start = relaxation.multipliers
                bounds["lp"] = mclp.lagrangian_value(matrix, weights, k, start)
                swap_s = _within(swap_time_limit_s, deadline)
                if improve and not _proven(bounds["lp"], achieved) and swap_s > 0:
                    found = _round_and_search(matrix, weights, k, relaxation.x, swap_s)
                    if found[1] > achieved:
                        sites, achieved, swaps = found
        bound_time_s = _within(bound_time_limit_s, deadline)
        if not _proven(min(bounds.values()), achieved) and bound_time_s > 0:
            lagrangian = mclp.lagrangian_bound(
                matrix,
                weights,
                k,
                target=achieved,
                start=start,
                iterations=bound_iterations,
                time_limit_s=bound_time_s,
            )
            bounds["lagrangian"] = lagrangian.bound
            swap_s = _within(swap_time_limit_s, deadline)
            if improve and not _proven(min(bounds.values()), achieved) and swap_s > 0:
                found = _round_and_search(matrix, weights, k, lagrangian.frequency, swap_s)
                if found[1] > achieved:
                    sites, achieved, swaps = found
    bound_s = time.perf_counter() - started

    started = time.perf_counter()
    status: CoveringStatus = "greedy+swap" if improve else "greedy"
    if _proven(min(bounds.values()), achieved):
        status = "optimal"
    elif exact and _left(deadline) > 0:
        dominated = dominated_rows(matrix)
        rows = np.arange(matrix.shape[0]) if dominated is None else np.flatnonzero(~dominated)
        result = mclp.solve_exact(
            sparse.csr_array(matrix[rows]), weights, k, time_limit_s=_earliest(limit, deadline)
        )
        status = "optimal" if result.optimal else "time_limit"
        if result.sites is not None:
            exact_sites = rows[result.sites]
            exact_value = mclp.coverage_value(matrix, weights, exact_sites)
            if exact_value >= achieved:
                sites, achieved = exact_sites, exact_value
        bounds["milp"] = result.upper_bound
    elif exact or _left(deadline) <= 0:
        status = "time_limit"
    sites, gains = mclp.greedy_order(matrix, weights, sites)
    solve_s += time.perf_counter() - started

    method = min(bounds, key=lambda name: bounds[name])
    upper_bound = max(bounds[method], achieved)
    existing = instance.existing
    total = existing.population_total
    selected, covered_by_site = _selected_sites(instance, sites, gains)
    return CoveringSolution(
        k=k,
        radius_km=instance.radius_km,
        status=status,
        sites=selected,
        population_total=total,
        population_covered_before=existing.population_covered,
        population_added=achieved,
        population_covered_after=existing.population_covered + achieved,
        covered_pct_before=existing.covered_pct,
        covered_pct_after=_pct(existing.population_covered + achieved, total),
        upper_bound=upper_bound,
        gap_pct=100.0 * (upper_bound - achieved) / upper_bound if upper_bound > 0 else 0.0,
        bound_method=method,
        swaps=swaps,
        unreachable=tuple(instance.demand.codes[i] for i in instance.unreachable.tolist()),
        unreachable_population=_unreachable_population(instance),
        covered_by_site=covered_by_site,
        timings=Timings(build_s=instance.build_s, solve_s=solve_s, bound_s=bound_s),
    )


def _left(deadline: float | None) -> float:
    """Seconds left before `deadline` (a `time.perf_counter()` value); inf without one."""
    return math.inf if deadline is None else deadline - time.perf_counter()


def _within(budget_s: float, deadline: float | None) -> float:
    """A phase's own budget, cut to the time left (≤ 0: no time left)."""
    return min(budget_s, _left(deadline))


def _limit(deadline: float | None) -> float | None:
    """The time left as a limit for HiGHS, or None without a deadline."""
    return None if deadline is None else max(_left(deadline), 1e-3)


def _earliest(limit_s: float | None, deadline: float | None) -> float | None:
    """The tighter of a phase's own limit (None: none) and the time left."""
    left = _limit(deadline)
    if limit_s is None or left is None:
        return limit_s if left is None else left
    return min(limit_s, left)


def _round_and_search(
    matrix: sparse.csr_array, weights: NDArray, k: int, estimate: NDArray, time_limit_s: float
) -> tuple[NDArray[np.intp], float, int]:
    """Round a relaxation (the LP's x, or the Lagrangian's estimate of it: the k sites it
    chose most), then local search, slower steepest ascent first. Sites, value, swaps."""
    rounded = np.argsort(-estimate, kind="stable")[:k]
    outcome = mclp.swap_search(
        matrix, weights, rounded, time_limit_s=time_limit_s, single_s=time_limit_s / 2
    )
    return outcome.sites, mclp.coverage_value(matrix, weights, outcome.sites), outcome.swaps


def _proven(bound: float, achieved: float) -> bool:
    """Whether a bound meets the solution, up to rounding (populations are sums of floats)."""
    return bound <= achieved + 1e-9 * max(abs(achieved), 1.0)


def _unreachable_population(instance: CoverageInstance) -> float:
    populations = instance.demand.populations
    assert populations is not None
    return float(populations[instance.unreachable].sum())


def _selected_sites(
    instance: CoverageInstance, rows: NDArray[np.intp], gains: NDArray[np.float64]
) -> tuple[tuple[SelectedSite, ...], tuple[int | None, ...]]:
    """The sites adding something, in the given order, and for each demand point the
    position of the first of them covering it."""
    matrix = instance.matrix
    first_site = np.full(matrix.shape[1], -1, np.intp)
    selected: list[SelectedSite] = []
    candidates = instance.candidates
    for row, gain in zip(rows.tolist(), gains.tolist(), strict=True):
        if gain <= 0:
            continue
        columns = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]
        fresh = columns[first_site[columns] < 0]
        first_site[fresh] = len(selected)
        candidate = int(instance.site_rows[row])
        selected.append(
            SelectedSite(
                candidate=candidate,
                code=candidates.codes[candidate],
                latitude=float(candidates.latitudes[candidate]),
                longitude=float(candidates.longitudes[candidate]),
                added_population=float(gain),
                added_demand_points=int(instance.counts[fresh].sum()),
            )
        )
    per_demand = np.full(len(instance.demand), -1, np.intp)
    per_demand[instance.open_demand] = first_site[instance.column_of_open]
    return tuple(selected), tuple(int(p) if p >= 0 else None for p in per_demand.tolist())


# ---------------------------------------------------------------------------------------------
# Set covering


def set_covering(
    *,
    demand: Points,
    facilities: Points | None = None,
    candidates: Points | None = None,
    radius_km: float,
    exact: bool = False,
    time_limit_s: float | None = None,
    deadline: float | None = None,
) -> SetCoverSolution:
    """The fewest new sites covering every inhabited demand point that can be covered (see
    `solve_set_covering`). Raises CoverageInputError on bad input."""
    instance = build_instance(
        demand=demand, facilities=facilities, candidates=candidates, radius_km=radius_km
    )
    return solve_set_covering(instance, exact=exact, time_limit_s=time_limit_s, deadline=deadline)


def solve_set_covering(
    instance: CoverageInstance,
    *,
    exact: bool = False,
    time_limit_s: float | None = None,
    bound_iterations: int = 600,
    bound_time_limit_s: float = 1.0,
    lp_max_nonzeros: int = LP_BOUND_MAX_NONZEROS,
    deadline: float | None = None,
) -> SetCoverSolution:
    """Cover every open demand point with the fewest sites.

    Heuristic: greedy (most newly covered demand points, then population), and the
    relaxation rounded (sites taken by decreasing LP x, or by how often the Lagrangian
    relaxation took them), each without its redundant sites; the smaller is kept. `exact`:
    then, unless the bound already proves it optimal, the MILP through HiGHS on the instance
    reduced by dominance (implied demand points and dominated candidates dropped), within
    `time_limit_s` if given.

    Lower bound: the highest of a packing (demand points no two of which share a candidate),
    the LP relaxation (at most `lp_max_nonzeros` matrix entries), the Lagrangian relaxation
    (at most `bound_iterations` steps or `bound_time_limit_s`) and HiGHS's dual bound, each
    rounded up. Status: "optimal" when the bound meets the solution, otherwise "time_limit"
    in exact mode, "greedy+redundancy".

    `deadline` (a `time.perf_counter()` value): the greedy cover always runs, then the LP,
    Lagrangian and MILP get at most the time left and are skipped once none is left; a
    solution not proven optimal when the deadline has passed has the status "time_limit".
    """
    limit = _check_time_limit(time_limit_s)
    matrix = instance.matrix
    started = time.perf_counter()
    sites = lscp.drop_redundant(
        matrix, lscp.greedy_cover(matrix, instance.counts, instance.weights)
    )
    solve_s = time.perf_counter() - started

    started = time.perf_counter()
    bounds: dict[str, int] = {}
    if matrix.nnz:
        bounds["packing"] = lscp.packing_bound(matrix)
        estimate = None
        if bounds["packing"] < len(sites) and matrix.nnz <= lp_max_nonzeros and _left(deadline) > 0:
            relaxation = lscp.lp_relaxation(matrix, time_limit_s=_limit(deadline))
            if relaxation is not None:
                estimate = relaxation.x
                bounds["lp"] = lscp.whole_bound(
                    lscp.lagrangian_value(matrix, relaxation.multipliers)
                )
        bound_time_s = _within(bound_time_limit_s, deadline)
        if max(bounds.values()) < len(sites) and estimate is None and bound_time_s > 0:
            lagrangian = lscp.lagrangian_bound(
                matrix,
                target=len(sites),
                iterations=bound_iterations,
                time_limit_s=bound_time_s,
            )
            bounds["lagrangian"] = lscp.whole_bound(lagrangian.bound)
            estimate = lagrangian.frequency
        if estimate is not None and max(bounds.values()) < len(sites):
            rounded = lscp.cover_in_order(matrix, np.argsort(-estimate, kind="stable"))
            if _covers_all(matrix, rounded) and len(rounded) < len(sites):
                sites = rounded
    bound_s = time.perf_counter() - started

    started = time.perf_counter()
    status: SetCoverStatus = "greedy+redundancy"
    if max(bounds.values(), default=0) >= len(sites):
        status = "optimal"
    elif exact and _left(deadline) > 0:
        reduced, rows = _reduce_for_set_cover(matrix)
        result = lscp.solve_exact(reduced, time_limit_s=_earliest(limit, deadline))
        status = "optimal" if result.optimal else "time_limit"
        if result.sites is not None:
            exact_sites = lscp.drop_redundant(matrix, rows[result.sites])
            if len(exact_sites) <= len(sites) and _covers_all(matrix, exact_sites):
                sites = exact_sites
        bounds["milp"] = lscp.whole_bound(result.lower_bound)
    elif exact or _left(deadline) <= 0:
        status = "time_limit"
    sites, gains = mclp.greedy_order(matrix, instance.weights, sites)
    solve_s += time.perf_counter() - started

    target = len(sites)
    method = max(bounds, key=lambda name: bounds[name]) if bounds else "none"
    lower_bound = min(bounds.get(method, 0), target)
    existing = instance.existing
    total = existing.population_total
    selected, covered_by_site = _selected_sites(instance, sites, gains)
    added = float(sum(site.added_population for site in selected))
    return SetCoverSolution(
        radius_km=instance.radius_km,
        status=status,
        sites=selected,
        lower_bound=lower_bound,
        gap_pct=100.0 * (target - lower_bound) / target if target else 0.0,
        bound_method=method,
        population_total=total,
        population_covered_before=existing.population_covered,
        population_covered_after=existing.population_covered + added,
        covered_pct_before=existing.covered_pct,
        covered_pct_after=_pct(existing.population_covered + added, total),
        unreachable=tuple(instance.demand.codes[i] for i in instance.unreachable.tolist()),
        unreachable_population=_unreachable_population(instance),
        covered_by_site=covered_by_site,
        timings=Timings(build_s=instance.build_s, solve_s=solve_s, bound_s=bound_s),
    )


def _reduce_for_set_cover(
    matrix: sparse.csr_array,
) -> tuple[sparse.csr_array, NDArray[np.intp]]:
    """Drop implied demand points, then dominated candidates: the MILP on what remains has
    the same optimum. Returns the reduced matrix and the original row of each of its rows."""
    implied = dominated_columns(matrix)
    if implied is not None:
        matrix = sparse.csr_array(matrix[:, np.flatnonzero(~implied)])
    rows = np.arange(matrix.shape[0])
    dominated = dominated_rows(matrix)
    if dominated is not None:
        rows = np.flatnonzero(~dominated)
        matrix = sparse.csr_array(matrix[rows])
    return matrix, rows.astype(np.intp)


def _covers_all(matrix: sparse.csr_array, sites: Sequence[int] | NDArray) -> bool:
    covered = np.zeros(matrix.shape[1], bool)
    covered[matrix[np.asarray(sites, np.intp)].indices] = True
    return bool(covered.all())
