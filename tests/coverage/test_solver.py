"""The coverage solver: hand-made instances with known optima (greedy's bad case among them),
property tests against brute force on small random instances, and a synthetic region of
clustered communes. Pure: no database, no data files."""

from __future__ import annotations

import itertools
import json
import math
import time
from dataclasses import asdict

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy import sparse

from maillage.core.geo import EARTH_RADIUS_KM, haversine_km
from maillage.coverage import lscp, mclp
from maillage.coverage.matrix import (
    dominated_columns,
    dominated_rows,
    merge_identical_columns,
)
from maillage.coverage.solver import (
    CoverageInputError,
    Points,
    accessibility,
    build_instance,
    maximal_covering,
    set_covering,
    solve_maximal_covering,
    solve_set_covering,
)

KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


def on_equator(name: str, positions_km: list[float], populations=None) -> Points:
    """Points along the equator, `positions_km` east of longitude 0 (negative: west)."""
    return Points(
        tuple(f"{name}{i}" for i in range(len(positions_km))),
        np.zeros(len(positions_km)),
        np.array(positions_km, float) / KM_PER_DEGREE,
        None if populations is None else np.array(populations, float),
    )


def near(origin_lat: float, origin_lon: float, east_km, north_km) -> tuple[np.ndarray, ...]:
    """Latitudes and longitudes of points given in km east and north of an origin."""
    east_km, north_km = np.asarray(east_km, float), np.asarray(north_km, float)
    latitudes = origin_lat + north_km / KM_PER_DEGREE
    longitudes = origin_lon + east_km / (KM_PER_DEGREE * np.cos(np.radians(latitudes)))
    return latitudes, longitudes


def distances(a: Points, b: Points) -> np.ndarray:
    """Brute-force haversine distances, rows: points of `a`, columns: points of `b`."""
    return haversine_km(
        a.latitudes[:, None], a.longitudes[:, None], b.latitudes[None, :], b.longitudes[None, :]
    )


# ---------------------------------------------------------------------------------------------
# Greedy's bad case: A in the middle covers the four heavy points (20 people), B and C on
# either side each cover two of them plus an outlier (14 each). Greedy takes A, then B or C
# (+4): 24. The optimum for k = 2 is B + C: 28.

BAD_CASE_DEMAND = on_equator("d", [-20, -9, -3, 3, 9, 20], [4, 5, 5, 5, 5, 4])
BAD_CASE_SITES = on_equator("s", [0, -12, 12])


def test_greedy_alone_misses_the_optimum_of_its_bad_case():
    greedy = maximal_covering(
        demand=BAD_CASE_DEMAND, candidates=BAD_CASE_SITES, radius_km=10, k=2, improve=False
    )
    assert greedy.status == "greedy"
    assert greedy.population_added == 24
    assert greedy.sites[0].code == "s0" and len(greedy.sites) == 2
    assert greedy.upper_bound >= 28 and greedy.gap_pct > 0


def test_local_search_and_exact_find_the_optimum_of_greedy_s_bad_case():
    for exact in (False, True):
        solution = maximal_covering(
            demand=BAD_CASE_DEMAND, candidates=BAD_CASE_SITES, radius_km=10, k=2, exact=exact
        )
        assert solution.population_added == 28
        assert {site.code for site in solution.sites} == {"s1", "s2"}
        assert solution.status == "optimal"  # the bound meets it: it is proven
        assert solution.upper_bound == pytest.approx(28)
        assert solution.gap_pct == pytest.approx(0, abs=1e-9)
        assert [site.added_population for site in solution.sites] == [14, 14]
        assert [site.added_demand_points for site in solution.sites] == [3, 3]


def test_the_swap_search_alone_leaves_greedy_s_bad_case_for_the_optimum():
    matrix = sparse.csr_array(
        np.array([[0, 1, 1, 1, 1, 0], [1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1]], float)
    )
    weights = np.array([4, 5, 5, 5, 5, 4], float)
    greedy, gains = mclp.lazy_greedy(matrix, weights, 2)
    assert greedy[0] == 0 and gains.tolist() == [20, 4]
    outcome = mclp.swap_search(matrix, weights, greedy)
    assert sorted(outcome.sites.tolist()) == [1, 2] and outcome.swaps == 1
    assert mclp.coverage_value(matrix, weights, outcome.sites) == 28
    assert mclp.solve_exact(matrix, weights, 2).sites.tolist() == [1, 2]


def test_sites_come_in_greedy_order_with_what_each_adds():
    demand = on_equator("d", [0, 1, 2, 30, 31, 60], [10, 10, 10, 7, 7, 1])
    solution = maximal_covering(demand=demand, radius_km=5, k=3, exact=True)
    assert [site.added_population for site in solution.sites] == [30, 14, 1]
    assert [site.added_demand_points for site in solution.sites] == [3, 2, 1]
    assert solution.population_added == 45 == solution.population_covered_after
    assert solution.covered_pct_after == pytest.approx(100)
    # Each demand point names the first site covering it.
    assert solution.covered_by_site == (0, 0, 0, 1, 1, 2)


def test_existing_facilities_are_covered_before_and_not_counted_again():
    demand = on_equator("d", [0, 1, 2, 30, 31, 60], [10, 10, 10, 7, 7, 1])
    facilities = on_equator("f", [1])
    solution = maximal_covering(demand=demand, facilities=facilities, radius_km=5, k=1)
    assert solution.population_covered_before == 30
    assert solution.covered_pct_before == pytest.approx(100 * 30 / 45)
    assert [site.added_population for site in solution.sites] == [14]
    assert solution.population_covered_after == 44
    assert solution.covered_by_site[:3] == (None, None, None)


def test_k_larger_than_useful_sites_returns_only_sites_adding_someone():
    demand = on_equator("d", [0, 100], [10, 0])
    solution = maximal_covering(demand=demand, radius_km=5, k=2)
    assert [site.code for site in solution.sites] == ["d0"]
    assert solution.status == "optimal" and solution.upper_bound == 10


def test_k_zero_and_everything_already_covered():
    demand = on_equator("d", [0, 1], [10, 5])
    nothing = maximal_covering(demand=demand, radius_km=5, k=0)
    assert nothing.sites == () and nothing.upper_bound == 0 and nothing.gap_pct == 0
    covered = maximal_covering(demand=demand, facilities=on_equator("f", [0.5]), radius_km=5, k=1)
    assert covered.sites == () and covered.population_added == 0
    assert covered.covered_pct_after == pytest.approx(100)


# ---------------------------------------------------------------------------------------------
# Accessibility


def test_accessibility_measures_the_distance_to_the_nearest_facility():
    demand = on_equator("d", [0, 4, 9, 26], [100, 50, 20, 5])
    facilities = on_equator("f", [30, 1])
    result = accessibility(demand=demand, facilities=facilities, radius_km=5)
    assert result.nearest_facility == (1, 1, 1, 0)
    assert result.nearest_km == pytest.approx([1, 3, 8, 4], abs=1e-6)
    assert result.covered == (True, True, False, True)
    assert result.population_total == 175
    assert result.population_covered == 155
    assert result.covered_pct == pytest.approx(100 * 155 / 175)
    assert result.white_zones == ("d2",)
    assert result.white_zone_population == 20
    json.dumps(asdict(result), allow_nan=False)


def test_without_facilities_everyone_is_in_a_white_zone():
    demand = on_equator("d", [0, 4], [100, 0])
    result = accessibility(demand=demand, facilities=Points.empty(), radius_km=5)
    assert result.nearest_km == (None, None) and result.nearest_facility == (None, None)
    assert result.white_zones == ("d0", "d1") and result.covered_pct == 0
    json.dumps(asdict(result), allow_nan=False)


# ---------------------------------------------------------------------------------------------
# Set covering


def test_set_covering_finds_the_fewest_sites_and_reports_an_island():
    # Three clusters on the mainland, one island 200 km away that no candidate reaches.
    demand = on_equator("d", [0, 3, 20, 23, 40, 43, 200], [5, 5, 5, 5, 5, 5, 9])
    candidates = on_equator("c", [1.5, 10, 21.5, 30, 41.5])
    for exact in (False, True):
        solution = set_covering(demand=demand, candidates=candidates, radius_km=3, exact=exact)
        assert sorted(site.code for site in solution.sites) == ["c0", "c2", "c4"]
        assert solution.lower_bound == 3 and solution.status == "optimal"
        assert solution.unreachable == ("d6",) and solution.unreachable_population == 9
        assert solution.population_covered_after == 30
        json.dumps(asdict(solution), allow_nan=False)


def test_greedy_set_cover_can_overshoot_and_exact_mode_does_not():
    # Greedy's classic trap: 14 points in two rows of 7, covered by the two rows (T, B) or
    # by sets taking 4 + 4, 2 + 2 and 1 + 1 from both rows, which greedy prefers.
    sets = [range(0, 7), range(7, 14), [0, 1, 2, 3, 7, 8, 9, 10], [4, 5, 11, 12], [6, 13]]
    dense = np.zeros((len(sets), 14))
    for row, columns in enumerate(sets):
        dense[row, list(columns)] = 1
    matrix = sparse.csr_array(dense)
    ones = np.ones(matrix.shape[1])
    greedy = lscp.drop_redundant(matrix, lscp.greedy_cover(matrix, ones, ones))
    assert sorted(greedy.tolist()) == [2, 3, 4]
    exact = lscp.solve_exact(matrix)
    assert exact.optimal and sorted(exact.sites.tolist()) == [0, 1]
    lp = lscp.lp_relaxation(matrix)
    assert lp is not None and lscp.lagrangian_value(matrix, lp.multipliers) <= 2 + 1e-9


# ---------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    ("radius", "rule"),
    [(0, "> 0"), (-1, "> 0"), (500.5, "≤ 500"), (math.nan, "finite"), (math.inf, "finite")],
)
def test_a_bad_radius_is_refused_with_its_rule(radius, rule):
    with pytest.raises(CoverageInputError, match="radius_km") as raised:
        maximal_covering(demand=BAD_CASE_DEMAND, radius_km=radius, k=1)
    assert raised.value.parameter == "radius_km" and rule in raised.value.rule
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("radius", [True, "10", None])
def test_a_radius_that_is_not_a_number_is_refused(radius):
    with pytest.raises(CoverageInputError, match="radius_km"):
        accessibility(demand=BAD_CASE_DEMAND, facilities=Points.empty(), radius_km=radius)


@pytest.mark.parametrize("k", [-1, 4, 1.5, True])
def test_a_bad_k_is_refused(k):
    with pytest.raises(CoverageInputError, match="k") as raised:
        maximal_covering(demand=BAD_CASE_DEMAND, candidates=BAD_CASE_SITES, radius_km=10, k=k)
    assert raised.value.parameter == "k"


def test_empty_demand_is_refused():
    with pytest.raises(CoverageInputError, match="at least one demand point"):
        maximal_covering(demand=Points((), [], [], []), radius_km=10, k=0)


def test_nan_coordinates_are_refused_naming_the_point():
    demand = Points(("04001", "04002"), [44.0, math.nan], [6.0, 6.1], [10, 20])
    with pytest.raises(CoverageInputError, match=r"demand.latitudes") as raised:
        set_covering(demand=demand, radius_km=10)
    assert "'04002'" in str(raised.value) and "finite" in raised.value.rule
    facilities = Points(("f",), [44.0], [math.inf])
    with pytest.raises(CoverageInputError, match=r"facilities.longitudes"):
        accessibility(demand=BAD_CASE_DEMAND, facilities=facilities, radius_km=10)
    with pytest.raises(CoverageInputError, match=r"candidates.latitudes: must lie in \[-90, 90\]"):
        maximal_covering(
            demand=BAD_CASE_DEMAND, candidates=Points(("c",), [91.0], [0.0]), radius_km=10, k=1
        )


def test_bad_populations_and_shapes_are_refused():
    with pytest.raises(CoverageInputError, match=r"demand.populations: must be finite and ≥ 0"):
        accessibility(
            demand=Points(("a",), [44.0], [5.0], [-1]), facilities=Points.empty(), radius_km=5
        )
    with pytest.raises(CoverageInputError, match=r"demand.populations: are required"):
        accessibility(demand=Points(("a",), [44.0], [5.0]), facilities=Points.empty(), radius_km=5)
    with pytest.raises(CoverageInputError, match="longitudes: must have one value per code"):
        Points(("a", "b"), [44.0, 44.1], [5.0])
    with pytest.raises(CoverageInputError, match="time_limit_s"):
        maximal_covering(demand=BAD_CASE_DEMAND, radius_km=10, k=1, exact=True, time_limit_s=0)


# ---------------------------------------------------------------------------------------------
# Properties on small random instances, against brute force


@st.composite
def small_instances(draw, max_demand=18, max_candidates=8):
    """Demand points, candidates and facilities within a 40 km square in Provence."""
    n_demand = draw(st.integers(1, max_demand))
    n_candidates = draw(st.integers(1, max_candidates))
    n_facilities = draw(st.integers(0, 3))
    offsets = st.floats(0, 40, allow_nan=False)

    def points(name, count, with_population=False):
        east = draw(st.lists(offsets, min_size=count, max_size=count))
        north = draw(st.lists(offsets, min_size=count, max_size=count))
        latitudes, longitudes = near(43.5, 5.0, east, north)
        populations = None
        if with_population:
            populations = draw(st.lists(st.integers(0, 1000), min_size=count, max_size=count))
        return Points(tuple(f"{name}{i}" for i in range(count)), latitudes, longitudes, populations)

    demand = points("d", n_demand, with_population=True)
    candidates = points("c", n_candidates)
    facilities = points("f", n_facilities)
    radius = draw(st.floats(2, 20, allow_nan=False))
    # Points on the edge of a circle would make "within R" depend on rounding.
    for other in (candidates, facilities):
        if len(other):
            assume(np.all(np.abs(distances(demand, other) - radius) > 1e-6))
    return demand, candidates, facilities, radius


def brute_force_best(demand, candidates, facilities, radius, k) -> float:
    """The most population k candidates can add, by trying every set of k candidates."""
    populations = demand.populations
    open_demand = np.ones(len(demand), bool)
    if len(facilities):
        open_demand &= distances(demand, facilities).min(axis=1) > radius
    covers = (distances(candidates, demand) <= radius) & open_demand[None, :]
    best = 0.0
    for chosen in itertools.combinations(range(len(candidates)), k):
        covered = covers[list(chosen)].any(axis=0) if chosen else np.zeros(len(demand), bool)
        best = max(best, float(populations[covered].sum()))
    return best


def brute_force_fewest(demand, candidates, facilities, radius) -> int:
    """The fewest candidates covering every coverable open inhabited demand point."""
    populations = demand.populations
    must = populations > 0
    if len(facilities):
        must &= distances(demand, facilities).min(axis=1) > radius
    covers = distances(candidates, demand) <= radius
    must &= covers.any(axis=0)
    for size in range(len(candidates) + 1):
        for chosen in itertools.combinations(range(len(candidates)), size):
            covered = covers[list(chosen)].any(axis=0) if chosen else np.zeros(len(demand), bool)
            if np.all(covered[must]):
                return size
    raise AssertionError("unreachable: all candidates cover every coverable point")


SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(small_instances(), st.integers(0, 4))
def test_heuristic_is_at_most_the_exact_optimum_which_is_at_most_the_bound(instance, k):
    demand, candidates, facilities, radius = instance
    k = min(k, len(candidates))
    built = build_instance(
        demand=demand, facilities=facilities, candidates=candidates, radius_km=radius
    )
    heuristic = solve_maximal_covering(built, k=k)
    greedy = solve_maximal_covering(built, k=k, improve=False)
    exact = solve_maximal_covering(built, k=k, exact=True)
    optimum = brute_force_best(demand, candidates, facilities, radius, k)
    tolerance = 1e-6 * max(optimum, 1)
    assert exact.status == "optimal"
    assert exact.population_added == pytest.approx(optimum, abs=tolerance)
    assert greedy.population_added <= heuristic.population_added + tolerance
    assert heuristic.population_added <= optimum + tolerance
    for solution in (greedy, heuristic, exact):
        assert solution.upper_bound >= optimum - tolerance
        assert 0 <= solution.gap_pct <= 100
        assert len(solution.sites) <= k
        assert sum(site.added_population for site in solution.sites) == pytest.approx(
            solution.population_added
        )
        gains = [site.added_population for site in solution.sites]
        assert gains == sorted(gains, reverse=True)  # greedy order: gains never grow
        json.dumps(asdict(solution), allow_nan=False)


@SLOW
@given(small_instances(), st.integers(0, 3))
def test_one_more_site_never_covers_less(instance, k):
    demand, candidates, facilities, radius = instance
    assume(k + 1 <= len(candidates))
    built = build_instance(
        demand=demand, facilities=facilities, candidates=candidates, radius_km=radius
    )
    exact = [solve_maximal_covering(built, k=n, exact=True).population_added for n in (k, k + 1)]
    assert exact[1] >= exact[0] - 1e-9
    # Plain greedy only adds to its previous choice.
    greedy = [solve_maximal_covering(built, k=n, improve=False).sites for n in (k, k + 1)]
    assert {site.candidate for site in greedy[0]} <= {site.candidate for site in greedy[1]}


@SLOW
@given(small_instances(), st.integers(0, 3))
def test_existing_facilities_never_lower_the_coverage(instance, k):
    demand, candidates, facilities, radius = instance
    k = min(k, len(candidates))
    with_them = maximal_covering(
        demand=demand,
        facilities=facilities,
        candidates=candidates,
        radius_km=radius,
        k=k,
        exact=True,
    )
    without = maximal_covering(
        demand=demand, candidates=candidates, radius_km=radius, k=k, exact=True
    )
    assert with_them.population_covered_after >= without.population_covered_after - 1e-9
    assert without.population_covered_before == 0


@SLOW
@given(small_instances())
def test_set_cover_covers_everything_coverable_and_reports_the_rest(instance):
    demand, candidates, facilities, radius = instance
    built = build_instance(
        demand=demand, facilities=facilities, candidates=candidates, radius_km=radius
    )
    fewest = brute_force_fewest(demand, candidates, facilities, radius)
    from_site = distances(demand, candidates)
    from_facility = (
        distances(demand, facilities).min(axis=1)
        if len(facilities)
        else np.full(len(demand), np.inf)
    )
    for exact in (False, True):
        solution = solve_set_covering(built, exact=exact)
        chosen = [site.candidate for site in solution.sites]
        unreachable = {demand.codes.index(code) for code in solution.unreachable}
        for i in range(len(demand)):
            if demand.populations[i] == 0 or from_facility[i] <= radius:
                continue
            if i in unreachable:
                assert from_site[i].min() > radius
            else:
                assert from_site[i, chosen].min() <= radius
        assert solution.lower_bound <= fewest <= len(solution.sites)
        if exact:
            assert len(solution.sites) == fewest and solution.status == "optimal"
        assert solution.covered_pct_after >= solution.covered_pct_before
        json.dumps(asdict(solution), allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-60, 60), st.floats(-180, 180)), min_size=1, max_size=30),
    st.lists(st.tuples(st.floats(-60, 60), st.floats(-180, 180)), min_size=1, max_size=30),
)
def test_nearest_distances_are_the_brute_force_haversine_ones(demand_points, facility_points):
    demand_lat, demand_lon = np.array(demand_points).T
    facility_lat, facility_lon = np.array(facility_points).T
    demand = Points(
        tuple(map(str, range(len(demand_lat)))), demand_lat, demand_lon, np.ones(len(demand_lat))
    )
    facilities = Points(tuple(map(str, range(len(facility_lat)))), facility_lat, facility_lon)
    result = accessibility(demand=demand, facilities=facilities, radius_km=50)
    expected = distances(demand, facilities)
    assert result.nearest_km == pytest.approx(expected.min(axis=1).tolist(), abs=1e-6)
    for i, facility in enumerate(result.nearest_facility):
        assert expected[i, facility] == pytest.approx(expected[i].min(), abs=1e-6)


@st.composite
def coverage_matrices(draw):
    """Random 0/1 matrices (sites × demand points) with weights and k: the bounds are tested
    on them directly, whatever the geometry."""
    rows, columns = draw(st.integers(1, 8)), draw(st.integers(1, 14))
    cells = draw(st.lists(st.booleans(), min_size=rows * columns, max_size=rows * columns))
    dense = np.array(cells, float).reshape(rows, columns)
    weights = np.array(
        draw(st.lists(st.integers(1, 100), min_size=columns, max_size=columns)), float
    )
    return sparse.csr_array(dense), weights, draw(st.integers(0, rows))


@settings(max_examples=150, deadline=None)
@given(coverage_matrices())
def test_every_bound_is_at_least_the_optimum(case):
    matrix, weights, k = case
    optimum = max(
        mclp.coverage_value(matrix, weights, np.array(chosen, np.intp))
        for chosen in itertools.combinations(range(matrix.shape[0]), k)
    )
    assert mclp.trivial_bound(matrix, weights, k) >= optimum - 1e-9
    lagrangian = mclp.lagrangian_bound(matrix, weights, k, target=0.0, iterations=50)
    assert lagrangian.bound >= optimum - 1e-9
    for multipliers in (np.zeros_like(weights), weights, weights / 3):
        assert mclp.lagrangian_value(matrix, weights, k, multipliers) >= optimum - 1e-9
    if k:
        relaxation = mclp.lp_relaxation(matrix, weights, k)
        assert relaxation is not None
        assert mclp.lagrangian_value(matrix, weights, k, relaxation.multipliers) >= optimum - 1e-9
    exact = mclp.solve_exact(matrix, weights, k)
    assert exact.optimal
    assert mclp.coverage_value(matrix, weights, exact.sites) == pytest.approx(optimum)


@settings(max_examples=100, deadline=None)
@given(coverage_matrices(), st.randoms(use_true_random=False), st.booleans())
def test_the_swap_search_ends_at_a_local_optimum(case, random, steepest):
    matrix, weights, k = case
    start = np.array(sorted(random.sample(range(matrix.shape[0]), k)), np.intp)
    before = mclp.coverage_value(matrix, weights, start)
    outcome = mclp.swap_search(matrix, weights, start, single_s=60 if steepest else 0)
    after = mclp.coverage_value(matrix, weights, outcome.sites)
    assert after >= before and not outcome.stopped_by_budget
    assert len(set(outcome.sites.tolist())) == k
    for position in range(k):
        for other in set(range(matrix.shape[0])) - set(outcome.sites.tolist()):
            swapped = outcome.sites.copy()
            swapped[position] = other
            assert mclp.coverage_value(matrix, weights, swapped) <= after + 1e-9


@settings(max_examples=100, deadline=None)
@given(coverage_matrices())
def test_set_cover_lower_bounds_are_at_most_the_optimum(case):
    matrix, _weights, _k = case
    matrix = sparse.csr_array(matrix[:, np.flatnonzero(np.asarray(matrix.sum(axis=0)) > 0)])
    assume(matrix.shape[1] > 0)
    fewest = next(
        size
        for size in range(matrix.shape[0] + 1)
        for chosen in itertools.combinations(range(matrix.shape[0]), size)
        if np.all(np.asarray(matrix[list(chosen)].sum(axis=0)).ravel() > 0)
    )
    assert lscp.packing_bound(matrix) <= fewest
    lagrangian = lscp.lagrangian_bound(matrix, target=matrix.shape[0], iterations=50)
    assert lscp.whole_bound(lagrangian.bound) <= fewest
    relaxation = lscp.lp_relaxation(matrix)
    assert relaxation is not None
    assert lscp.whole_bound(lscp.lagrangian_value(matrix, relaxation.multipliers)) <= fewest
    assert len(lscp.solve_exact(matrix).sites) == fewest


# ---------------------------------------------------------------------------------------------
# Reductions


def test_identical_columns_merge_and_dominated_rows_and_columns_are_found():
    dense = np.array(
        [
            [1, 1, 0, 1, 0],
            [1, 1, 1, 1, 0],  # contains row 0
            [0, 0, 1, 0, 1],
            [0, 0, 1, 0, 1],  # equal to row 2
        ],
        float,
    )
    matrix = sparse.csr_array(dense)
    merged = merge_identical_columns(matrix, np.array([1, 2, 3, 4, 5], float))
    assert merged.matrix.shape == (4, 3)
    assert merged.group[0] == merged.group[1] == merged.group[3]
    assert merged.weights[merged.group[0]] == 7 and merged.size[merged.group[0]] == 3
    assert dominated_rows(matrix).tolist() == [True, False, False, True]
    # Column 1 (rows 0, 1) is inside... column 2 (rows 1, 2, 3) contains column 4 (rows 2, 3).
    assert dominated_columns(matrix).tolist() == [False, True, True, True, False]


@settings(max_examples=100, deadline=None)
@given(coverage_matrices())
def test_merging_columns_keeps_every_coverage_value(case):
    matrix, weights, _k = case
    merged = merge_identical_columns(matrix, weights)
    for size in range(matrix.shape[0] + 1):
        for chosen in itertools.combinations(range(matrix.shape[0]), size):
            rows = np.array(chosen, np.intp)
            assert mclp.coverage_value(merged.matrix, merged.weights, rows) == pytest.approx(
                mclp.coverage_value(matrix, weights, rows)
            )


# ---------------------------------------------------------------------------------------------
# A synthetic region: clustered communes over a 300 km square


def synthetic_region(seed: int, communes: int = 1500, places: int = 60):
    """Towns in clusters (valleys, a coast) with a few large ones, as in a French region."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 300, size=(25, 2))
    cluster = rng.integers(0, len(centres), communes)
    spread = rng.uniform(3, 25, len(centres))[cluster]
    east, north = (centres[cluster] + rng.normal(0, 1, (communes, 2)) * spread[:, None]).T
    latitudes, longitudes = near(42.9, 4.5, np.clip(east, 0, 300), np.clip(north, 0, 300))
    populations = np.round(rng.lognormal(6.0, 1.4, communes))
    populations[rng.random(communes) < 0.01] = 0
    codes = tuple(f"{i:05d}" for i in range(communes))
    demand = Points(codes, latitudes, longitudes, populations)
    chosen = np.sort(rng.choice(communes, places, replace=False))
    facilities = Points(tuple(codes[i] for i in chosen), latitudes[chosen], longitudes[chosen])
    return demand, facilities


@pytest.mark.parametrize("seed", [1, 2])
def test_a_synthetic_region_solved_three_ways_agrees_with_its_bounds(seed):
    demand, facilities = synthetic_region(seed)
    built = build_instance(demand=demand, facilities=facilities, radius_km=10)
    greedy = solve_maximal_covering(built, k=15, improve=False)
    heuristic = solve_maximal_covering(built, k=15)
    exact = solve_maximal_covering(built, k=15, exact=True)
    assert exact.status == "optimal"
    assert greedy.population_added <= heuristic.population_added <= exact.population_added + 1e-6
    for solution in (greedy, heuristic):
        assert solution.upper_bound >= exact.population_added - 1e-6
    assert heuristic.gap_pct < 2
    # What each site adds is the population of the demand points it is first to cover.
    populations = demand.populations
    for position, site in enumerate(exact.sites):
        firsts = [i for i, p in enumerate(exact.covered_by_site) if p == position]
        assert site.added_population == pytest.approx(populations[firsts].sum())
        assert site.added_demand_points == sum(populations[firsts] > 0)
        assert all(
            haversine_km(site.latitude, site.longitude, demand.latitudes[i], demand.longitudes[i])
            <= 10 + 1e-9
            for i in firsts
        )
    timings = exact.timings
    assert min(timings.build_s, timings.solve_s, timings.bound_s) >= 0

    cover = solve_set_covering(built)
    cover_exact = solve_set_covering(built, exact=True)
    assert cover_exact.status == "optimal"
    assert cover.lower_bound <= len(cover_exact.sites) <= len(cover.sites)
    assert cover_exact.population_covered_after == pytest.approx(
        cover_exact.population_total - cover_exact.unreachable_population
    )


def test_the_accessibility_of_a_synthetic_region_matches_brute_force():
    demand, facilities = synthetic_region(3)
    result = accessibility(demand=demand, facilities=facilities, radius_km=10)
    expected = distances(demand, facilities).min(axis=1)
    assert result.nearest_km == pytest.approx(expected.tolist(), abs=1e-6)
    populations = demand.populations
    assert result.population_covered == pytest.approx(populations[expected <= 10].sum())
    assert len(result.white_zones) == int(np.sum(expected > 10))


# ---------------------------------------------------------------------------------------------
# A deadline: the greedy sites always, the later phases within the time left


def spy(monkeypatch, module, name: str) -> list[dict]:
    """Record the keyword arguments of each call of `module.name`, which still runs."""
    calls: list[dict] = []
    real = getattr(module, name)

    def recorded(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, recorded)
    return calls


def test_past_its_deadline_maximal_covering_keeps_the_greedy_sites_and_a_valid_bound(
    monkeypatch,
):
    demand, facilities = synthetic_region(1)
    built = build_instance(demand=demand, facilities=facilities, radius_km=10)
    optimum = solve_maximal_covering(built, k=15, exact=True).population_added
    greedy = solve_maximal_covering(built, k=15, improve=False)
    phases = [spy(monkeypatch, mclp, name) for name in ("swap_search", "lp_relaxation",
                                                          "lagrangian_bound", "solve_exact")]  # fmt: skip
    late = solve_maximal_covering(built, k=15, exact=True, deadline=time.perf_counter() - 1)
    assert late.status == "time_limit"
    assert phases == [[], [], [], []]  # no time left: only the greedy ran
    assert [site.code for site in late.sites] == [site.code for site in greedy.sites]
    assert greedy.population_added <= optimum <= late.upper_bound + 1e-6
    # Without `exact` either: the status says the search was cut short.
    assert solve_maximal_covering(built, k=15, deadline=time.perf_counter() - 1).status == (
        "time_limit"
    )


def test_the_milp_gets_at_most_the_time_left(monkeypatch):
    built = build_instance(demand=BAD_CASE_DEMAND, candidates=BAD_CASE_SITES, radius_km=10)
    calls = spy(monkeypatch, mclp, "solve_exact")
    solution = solve_maximal_covering(
        built, k=2, exact=True, improve=False, time_limit_s=600, deadline=time.perf_counter() + 5
    )
    assert solution.status == "optimal" and solution.population_added == 28
    [call] = calls
    assert 0 < call["time_limit_s"] <= 5


def test_past_its_deadline_set_covering_keeps_the_greedy_cover(monkeypatch):
    demand, facilities = synthetic_region(2)
    built = build_instance(demand=demand, facilities=facilities, radius_km=10)
    fewest = len(solve_set_covering(built, exact=True).sites)
    phases = [spy(monkeypatch, lscp, name) for name in ("lp_relaxation", "lagrangian_bound",
                                                          "solve_exact")]  # fmt: skip
    late = solve_set_covering(built, exact=True, deadline=time.perf_counter() - 1)
    assert phases == [[], [], []]
    assert late.lower_bound <= fewest <= len(late.sites)
    assert late.status == "time_limit" and late.lower_bound < len(late.sites)
    assert late.population_covered_after == pytest.approx(
        late.population_total - late.unreachable_population
    )
