"""The location set covering problem on a coverage matrix: the fewest rows (sites) covering
every column (demand point).

    min Σ_j x_j   s.t.  Σ_{j ∈ N_i} x_j ≥ 1 for every column i,  x ∈ {0, 1}

Every column must be covered by at least one row (the caller sets aside the demand points
no candidate reaches). Heuristic: lazy greedy, then redundancy elimination. Lower bounds:
disjoint columns (a packing), the LP relaxation and a Lagrangian relaxation, each rounded
up since the number of sites is whole. Exact: the MILP through HiGHS. No Django here.
"""

from __future__ import annotations

import heapq
import math
import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp


def _rows_of(matrix: sparse.csr_array, row: int) -> NDArray[np.int32]:
    return matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]


def greedy_cover(matrix: sparse.csr_array, counts: NDArray, weights: NDArray) -> NDArray[np.intp]:
    """Rows chosen one by one, each covering the most demand points not yet covered
    (`counts`: demand points per column), ties broken by population (`weights`). Lazy
    (CELF): stale gains in the heap are upper bounds."""
    weights = np.asarray(weights, np.float64)
    # One score per column: its count plus its share of the population (< 1), so that
    # comparing sums compares counts first, then populations.
    scores = np.asarray(counts, np.float64) + weights / (2 * max(float(weights.sum()), 1.0))
    heap = [(-score, row) for row, score in enumerate((matrix @ scores).tolist()) if score > 0]
    heapq.heapify(heap)
    covered = np.zeros(matrix.shape[1], bool)
    uncovered = matrix.shape[1]
    chosen: list[int] = []
    while heap and uncovered:
        _stale, row = heapq.heappop(heap)
        columns = _rows_of(matrix, row)
        fresh = columns[~covered[columns]]
        if len(fresh) == 0:
            continue
        score = float(scores[fresh].sum())
        if heap and score < -heap[0][0]:
            heapq.heappush(heap, (-score, row))
            continue
        chosen.append(row)
        covered[fresh] = True
        uncovered -= len(fresh)
    return np.array(chosen, np.intp)


def drop_redundant(matrix: sparse.csr_array, sites: NDArray) -> NDArray[np.intp]:
    """`sites` without those whose every column another kept site also covers, tried from
    the last chosen to the first (the last ones cover least)."""
    sites = np.asarray(sites, np.intp)
    count = np.bincount(matrix[sites].indices, minlength=matrix.shape[1])
    keep = np.ones(len(sites), bool)
    for position in range(len(sites) - 1, -1, -1):
        columns = _rows_of(matrix, int(sites[position]))
        if np.all(count[columns] >= 2):
            count[columns] -= 1
            keep[position] = False
    return sites[keep]


def packing_bound(matrix: sparse.csr_array) -> int:
    """The size of a set of columns no two of which share a row: each needs its own site.
    Built greedily, columns with the fewest rows first."""
    columns = sparse.csc_array(matrix)
    lengths = np.diff(columns.indptr)
    used = np.zeros(matrix.shape[0], bool)
    packed = 0
    for column in np.argsort(lengths, kind="stable").tolist():
        rows = columns.indices[columns.indptr[column] : columns.indptr[column + 1]]
        if len(rows) and not used[rows].any():
            used[rows] = True
            packed += 1
    return packed


def lagrangian_value(matrix: sparse.csr_array, multipliers: NDArray) -> float:
    """The Lagrangian bound at u ≥ 0 (one per column): Σ_i u_i + Σ_j min(0, 1 − Σ_{i∈N_j} u_i).
    Valid (≤ the optimum) for every u ≥ 0."""
    return float(multipliers.sum()) + float(np.minimum(1.0 - matrix @ multipliers, 0.0).sum())


def whole_bound(value: float) -> int:
    """A lower bound on a whole number of sites from a real one, with room for rounding."""
    return max(0, math.ceil(value - 1e-6))


@dataclass(frozen=True)
class LagrangianOutcome:
    """The highest bound met (not rounded). `frequency[j]`: how often site j had a negative
    reduced cost (was taken by the relaxation), step t weighing t — an estimate of the LP's
    x_j, good to round into a cover."""

    bound: float
    iterations: int
    frequency: NDArray[np.float64]


def lagrangian_bound(
    matrix: sparse.csr_array,
    *,
    target: float,
    start: NDArray | None = None,
    iterations: int = 600,
    time_limit_s: float = 1.0,
    deflection: float = 0.5,
    patience: int = 20,
) -> LagrangianOutcome:
    """The highest Lagrangian bound found by subgradient optimisation.

    Start: u_i = 1/|N_i| unless `start` is given. The multipliers stay in [0, 1]: lowering
    a u_i above 1 never lowers the bound (every site covering i is then taken, so each one
    gives back what Σ u loses), and it keeps the sums small enough to be exact. Direction:
    the subgradient g_i = 1 − (taken sites covering i), deflected (d = g + `deflection`·d),
    with components that would push a multiplier out of [0, 1] left out. Step: Polyak's, θ·(target − L(u))/‖d‖², with
    `target` the best known number of sites; θ starts at 2 and halves after `patience` steps
    without a higher bound. Every u ≥ 0 gives a valid bound; the highest is returned.
    """
    n_rows, n_columns = matrix.shape
    if n_columns == 0:
        return LagrangianOutcome(0.0, 0, np.zeros(n_rows))
    multipliers = np.clip(
        np.array(start, np.float64)
        if start is not None
        else 1.0 / np.maximum(np.bincount(matrix.indices, minlength=n_columns), 1),
        0.0,
        1.0,
    )
    frequency = np.zeros(n_rows)
    direction = np.zeros(n_columns)
    best = -math.inf
    step_scale = 2.0
    since_better = 0
    deadline = time.perf_counter() + time_limit_s
    done = 0
    while done < iterations:
        done += 1
        reduced = 1.0 - matrix @ multipliers
        taken = np.flatnonzero(reduced < 0)
        value = float(multipliers.sum()) + float(reduced[taken].sum())
        if math.isinf(best) or value > best + 1e-12 * abs(best):
            best, since_better = value, 0
        else:
            since_better += 1
            if since_better >= patience:
                step_scale, since_better = step_scale / 2, 0
        frequency[taken] += done
        if whole_bound(best) >= target or step_scale < 1e-4:
            break
        subgradient = 1.0 - np.bincount(matrix[taken].indices, minlength=n_columns)
        direction = subgradient + deflection * direction
        direction[
            ((multipliers <= 0) & (direction < 0)) | ((multipliers >= 1) & (direction > 0))
        ] = 0.0
        # Not `direction @ direction`: BLAS's threads stall on a busy machine.
        norm = float(np.square(direction).sum())
        if norm == 0:
            break
        multipliers = np.clip(
            multipliers + step_scale * (target - value) / norm * direction, 0.0, 1.0
        )
        if time.perf_counter() > deadline:
            break
    return LagrangianOutcome(best, done, frequency)


def cover_in_order(matrix: sparse.csr_array, order: NDArray) -> NDArray[np.intp]:
    """Rows taken in `order`, skipping those that cover nothing new, until every column is
    covered (rows not in `order` are never taken), then without redundant ones."""
    covered = np.zeros(matrix.shape[1], bool)
    uncovered = matrix.shape[1]
    chosen: list[int] = []
    for row in np.asarray(order).tolist():
        if not uncovered:
            break
        columns = _rows_of(matrix, row)
        fresh = columns[~covered[columns]]
        if len(fresh):
            chosen.append(row)
            covered[fresh] = True
            uncovered -= len(fresh)
    return drop_redundant(matrix, np.array(chosen, np.intp))


@dataclass(frozen=True)
class LpOutcome:
    """The LP relaxation's dual values of the covering constraints (to be evaluated with
    `lagrangian_value`: a bound valid whatever HiGHS's tolerances) and its x (to round)."""

    multipliers: NDArray[np.float64]
    x: NDArray[np.float64]


def lp_relaxation(
    matrix: sparse.csr_array, *, time_limit_s: float | None = None
) -> LpOutcome | None:
    """The LP relaxation through HiGHS; `None` if HiGHS does not reach an optimum (within
    `time_limit_s`, when given)."""
    n_rows, n_columns = matrix.shape
    result = linprog(
        c=np.ones(n_rows),
        A_ub=-sparse.csc_array(matrix.T),
        b_ub=-np.ones(n_columns),
        bounds=(0, 1),
        method="highs",
        options={} if time_limit_s is None else {"time_limit": time_limit_s},
    )
    if result.status != 0:
        return None
    return LpOutcome(np.maximum(-result.ineqlin.marginals, 0.0), result.x)


@dataclass(frozen=True)
class ExactOutcome:
    """`sites` is None when HiGHS stopped (time limit) before finding any solution."""

    sites: NDArray[np.intp] | None
    optimal: bool
    lower_bound: float


def solve_exact(matrix: sparse.csr_array, *, time_limit_s: float | None = None) -> ExactOutcome:
    """The MILP through HiGHS. `optimal` when HiGHS proved its solution optimal;
    `lower_bound` is its dual bound."""
    n_rows, n_columns = matrix.shape
    if n_columns == 0:
        return ExactOutcome(np.zeros(0, np.intp), True, 0.0)
    options: dict[str, float] = {"mip_rel_gap": 0.0}
    if time_limit_s is not None:
        options["time_limit"] = time_limit_s
    result = milp(
        c=np.ones(n_rows),
        integrality=np.ones(n_rows),
        bounds=Bounds(0, 1),
        constraints=[LinearConstraint(sparse.csr_array(matrix.T), 1.0, np.inf)],
        options=options,
    )
    if result.status not in (0, 1):
        raise RuntimeError(f"HiGHS failed on the set covering MILP: {result.message}")
    dual = getattr(result, "mip_dual_bound", None)
    lower_bound = float(dual) if dual is not None and np.isfinite(dual) else 0.0
    if result.x is None:
        return ExactOutcome(None, False, lower_bound)
    return ExactOutcome(
        np.flatnonzero(result.x > 0.5).astype(np.intp), result.status == 0, lower_bound
    )
