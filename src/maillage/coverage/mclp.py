"""The maximal covering location problem on a coverage matrix: choose at most k rows
(sites) covering the most column weight (population).

    max Σ_i w_i y_i   s.t.  y_i ≤ Σ_{j ∈ N_i} x_j,  Σ_j x_j ≤ k,  x ∈ {0, 1},  y ∈ [0, 1]

(N_i: the sites covering demand point i). Coverage only grows with sites, so "≤ k" and
"= k" have the same optimum. Heuristic: lazy greedy, 1-swap local search. Bounds:
Lagrangian relaxation of the coupling constraints (subgradient, Polyak step), the LP
relaxation (HiGHS) and a trivial one. Exact: the MILP through HiGHS. No Django here.
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


def coverage_value(matrix: sparse.csr_array, weights: NDArray, sites: NDArray) -> float:
    """The weight of the columns covered by at least one of `sites`."""
    if len(sites) == 0:
        return 0.0
    covered = np.zeros(matrix.shape[1], bool)
    covered[matrix[np.asarray(sites, np.intp)].indices] = True
    return float(weights[covered].sum())


def lazy_greedy(
    matrix: sparse.csr_array, weights: NDArray, k: int, *, rows: NDArray | None = None
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Up to k rows (among `rows`, default all), each the one adding the most uncovered
    weight, and what each adds. Stops early when no row adds anything.

    CELF: a row's gain can only shrink as others are chosen, so stale gains in a heap are
    upper bounds and a row is recomputed only when it reaches the top. Deterministic.
    """
    candidates = np.arange(matrix.shape[0]) if rows is None else np.asarray(rows, np.intp)
    gains = matrix[candidates] @ weights if rows is not None else matrix @ weights
    heap = [
        (-gain, int(row)) for gain, row in zip(gains.tolist(), candidates.tolist(), strict=True)
    ]
    heapq.heapify(heap)
    covered = np.zeros(matrix.shape[1], bool)
    chosen: list[int] = []
    added: list[float] = []
    while heap and len(chosen) < k:
        _stale, row = heapq.heappop(heap)
        columns = _rows_of(matrix, row)
        fresh = columns[~covered[columns]]
        gain = float(weights[fresh].sum())
        if heap and gain < -heap[0][0]:
            heapq.heappush(heap, (-gain, row))
            continue
        if gain <= 0:
            break
        chosen.append(row)
        added.append(gain)
        covered[fresh] = True
    return np.array(chosen, np.intp), np.array(added, np.float64)


def greedy_order(
    matrix: sparse.csr_array, weights: NDArray, sites: NDArray
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """`sites` ordered greedily by what each adds to those before it; sites that add
    nothing come last with a gain of 0."""
    sites = np.asarray(sites, np.intp)
    if len(sites) == 0:
        return sites, np.zeros(0)
    ordered, gains = lazy_greedy(matrix, weights, len(sites), rows=sites)
    rest = sites[~np.isin(sites, ordered)]
    return np.concatenate((ordered, rest)), np.concatenate((gains, np.zeros(len(rest))))


@dataclass(frozen=True)
class SwapOutcome:
    sites: NDArray[np.intp]
    swaps: int
    stopped_by_budget: bool


def swap_search(
    matrix: sparse.csr_array,
    weights: NDArray,
    sites: NDArray,
    *,
    time_limit_s: float = 1.0,
    max_rounds: int = 10_000,
    single_s: float = 0.0,
) -> SwapOutcome:
    """1-swap local search: while replacing a chosen site by an unchosen one covers more
    weight, make such swaps, best first; stops at a local optimum or after `time_limit_s`.

    Each demand point keeps how many chosen sites cover it. Removing site s loses the
    weight only s covers (count 1); adding t gains the weight nobody covers (count 0) plus,
    when s goes at the same time, the weight only s covers that t also covers. That last
    term is non-zero only where t and s overlap, so one sparse product (all sites × chosen
    sites, restricted to the weight covered once) prices every swap at once. Each round
    then makes the best swap and, after it, every other improving swap (best first) whose
    demand points none of the swaps made in the round touch, as its gain is unchanged —
    except during the first `single_s` seconds, when it makes the best swap only (slower,
    often a better local optimum: "steepest ascent").
    """
    sites = np.array(sites, np.intp)
    n_columns = matrix.shape[1]
    if len(sites) == 0 or n_columns == 0:
        return SwapOutcome(sites, 0, False)
    count = np.bincount(matrix[sites].indices, minlength=n_columns)
    chosen = np.zeros(matrix.shape[0], bool)
    chosen[sites] = True
    tolerance = 1e-9 * max(float(weights.sum()), 1.0)
    started = time.perf_counter()
    deadline = started + time_limit_s
    single_until = started + single_s
    swaps = 0
    for _round in range(max_rounds):
        if time.perf_counter() > deadline:
            return SwapOutcome(sites, swaps, True)
        add, drop, delta = _improving_swaps(matrix, weights, sites, count, chosen, tolerance)
        if len(delta) == 0:
            return SwapOutcome(sites, swaps, False)
        touched = np.zeros(n_columns, bool)
        replaced = np.zeros(len(sites), bool)
        batch = time.perf_counter() > single_until
        for added, position in zip(add.tolist(), drop.tolist(), strict=True):
            if chosen[added] or replaced[position]:
                continue  # already swapped in, or out, during this round
            dropped = int(sites[position])
            out_columns, in_columns = _rows_of(matrix, dropped), _rows_of(matrix, added)
            if touched[out_columns].any() or touched[in_columns].any():
                continue
            touched[out_columns] = touched[in_columns] = True
            count[out_columns] -= 1
            count[in_columns] += 1
            chosen[dropped], chosen[added] = False, True
            sites[position] = added
            replaced[position] = True
            swaps += 1
            if not batch:
                break
    return SwapOutcome(sites, swaps, True)


def _improving_swaps(
    matrix: sparse.csr_array,
    weights: NDArray,
    sites: NDArray[np.intp],
    count: NDArray,
    chosen: NDArray[np.bool_],
    tolerance: float,
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """Swaps (site to add, position in `sites` to replace, gain) improving by more than
    `tolerance`, best first: for each chosen site its best overlapping replacement, and the
    best free sites paired with the chosen sites losing least. Gains are exact for one swap
    made alone, or a lower bound (a non-overlapping pair that in fact overlaps)."""
    free_gain = matrix @ np.where(count == 0, weights, 0.0)
    free_gain[chosen] = -np.inf
    alone = sparse.csr_array(matrix[sites].multiply(np.where(count == 1, weights, 0.0)))
    alone.eliminate_zeros()
    loss = np.asarray(alone.sum(axis=1)).ravel()
    add_parts, drop_parts, delta_parts = [], [], []
    if alone.nnz:
        shared = sparse.coo_array(matrix @ alone.T)
        deltas = free_gain[shared.row] + shared.data - loss[shared.col]
        keep = deltas > tolerance
        rows, positions, deltas = shared.row[keep], shared.col[keep], deltas[keep]
        order = np.lexsort((-deltas, positions))
        first = np.ones(len(order), bool)
        first[1:] = positions[order][1:] != positions[order][:-1]
        best = order[first]
        add_parts.append(rows[best])
        drop_parts.append(positions[best])
        delta_parts.append(deltas[best])
    # Without overlap: the i-th best free site against the i-th smallest loss.
    pairs = min(len(sites), int(np.count_nonzero(free_gain > 0)))
    if pairs:
        free = np.argpartition(-free_gain, pairs - 1)[:pairs]
        free = free[np.argsort(-free_gain[free], kind="stable")]
        cheapest = np.argsort(loss, kind="stable")[:pairs]
        deltas = free_gain[free] - loss[cheapest]
        keep = deltas > tolerance
        add_parts.append(free[keep])
        drop_parts.append(cheapest[keep])
        delta_parts.append(deltas[keep])
    if not add_parts:
        return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0)
    add = np.concatenate(add_parts).astype(np.intp)
    drop = np.concatenate(drop_parts).astype(np.intp)
    delta = np.concatenate(delta_parts)
    order = np.argsort(-delta, kind="stable")
    return add[order], drop[order], delta[order]


def trivial_bound(matrix: sparse.csr_array, weights: NDArray, k: int) -> float:
    """min(total weight, the k largest single-site coverages added up)."""
    if k == 0 or matrix.shape[0] == 0:
        return 0.0
    single = matrix @ weights
    return min(float(weights.sum()), _sum_of_largest(single, k))


def _sum_of_largest(values: NDArray, k: int) -> float:
    if k <= 0:
        return 0.0
    if k >= len(values):
        return float(values.sum())
    return float(np.partition(values, len(values) - k)[len(values) - k :].sum())


def lagrangian_value(
    matrix: sparse.csr_array, weights: NDArray, k: int, multipliers: NDArray
) -> float:
    """The Lagrangian bound at multipliers λ ≥ 0 (one per column): Σ_i max(0, w_i − λ_i)
    plus the k largest Σ_{i ∈ N_j} λ_i. Valid (≥ the optimum) for every λ ≥ 0."""
    site_values = matrix @ multipliers
    return float(np.maximum(weights - multipliers, 0.0).sum()) + _sum_of_largest(site_values, k)


@dataclass(frozen=True)
class LagrangianOutcome:
    """The lowest bound met and its multipliers. `frequency[j]`: how often site j was among
    the k chosen by the relaxation, later steps weighing more (step t weighs t) — an
    estimate of the LP relaxation's x_j (primal recovery), good to round into a solution."""

    bound: float
    iterations: int
    multipliers: NDArray[np.float64]
    frequency: NDArray[np.float64]


def lagrangian_bound(
    matrix: sparse.csr_array,
    weights: NDArray,
    k: int,
    *,
    target: float,
    start: NDArray | None = None,
    iterations: int = 600,
    time_limit_s: float = 1.0,
    deflection: float = 0.5,
    patience: int = 20,
) -> LagrangianOutcome:
    """The lowest Lagrangian bound found by subgradient optimisation of the multipliers.

    Start: λ = w/2 unless `start` is given. The multipliers stay in [0, w]: lowering a λ_i
    above w_i to w_i never raises the bound. Direction: the subgradient g_i = (chosen
    sites covering i) − y_i, deflected by the previous direction (d = g + `deflection`·d,
    after Camerini, Fratta and Maffioli: it damps the zigzag), with components that would
    push a multiplier out of [0, w] left out. Step: Polyak's in the metric scaled by √w
    (λ −= θ·(L(λ) − target)/Σ √w_i d_i² · √w∘d, √w normalised to mean 1), with `target`
    the best coverage known; θ starts at 2 and halves after `patience` steps without a
    lower bound. The scaling matters: populations range from 1 to 10⁶, and unscaled steps
    move small and large multipliers alike (on France, k = 200, 2 % above the LP bound
    after 600 steps instead of 0.001 %).

    Stops after `iterations` steps, `time_limit_s`, or when the bound meets the target
    (then the target is optimal). Every λ ≥ 0 gives a valid bound; the lowest is returned.
    """
    n_rows, n_columns = matrix.shape
    if k == 0 or n_rows == 0 or n_columns == 0:
        return LagrangianOutcome(0.0, 0, np.zeros(n_columns), np.zeros(n_rows))
    multipliers = np.clip(np.array(weights / 2 if start is None else start, float), 0.0, weights)
    best = math.inf
    best_multipliers = multipliers.copy()
    frequency = np.zeros(n_rows)
    direction = np.zeros(n_columns)
    scale = np.sqrt(weights)
    scale /= max(float(scale.mean()), 1e-300)
    step_scale = 2.0
    since_better = 0
    deadline = time.perf_counter() + time_limit_s
    done = 0
    while done < iterations:
        done += 1
        site_values = matrix @ multipliers
        if k >= n_rows:
            top = np.arange(n_rows)
        else:
            top = np.argpartition(site_values, n_rows - k)[n_rows - k :]
        taken = weights > multipliers
        value = float((weights - multipliers)[taken].sum()) + float(site_values[top].sum())
        if math.isinf(best) or value < best - 1e-12 * best:
            best, best_multipliers, since_better = value, multipliers.copy(), 0
        else:
            since_better += 1
            if since_better >= patience:
                step_scale, since_better = step_scale / 2, 0
        frequency[top] += done
        if best - target <= 1e-9 * max(abs(target), 1.0) or step_scale < 1e-4:
            break
        covering = np.bincount(matrix[top].indices, minlength=n_columns)
        subgradient = (covering - taken).astype(np.float64)
        direction = subgradient + deflection * direction
        direction[
            ((multipliers <= 0) & (direction > 0)) | ((multipliers >= weights) & (direction < 0))
        ] = 0.0
        # Not a BLAS dot product: its threads stall on a busy machine.
        norm = float((scale * np.square(direction)).sum())
        if norm == 0:
            break
        multipliers = np.clip(
            multipliers - step_scale * (value - target) / norm * scale * direction, 0.0, weights
        )
        if time.perf_counter() > deadline:
            break
    return LagrangianOutcome(best, done, best_multipliers, frequency)


@dataclass(frozen=True)
class LpOutcome:
    """The LP relaxation's dual values of the coupling constraints y_i ≤ Σ_{j∈N_i} x_j (to
    be evaluated with `lagrangian_value`, which turns them into a bound valid whatever
    HiGHS's tolerances) and its x (often nearly whole: good to round)."""

    multipliers: NDArray[np.float64]
    x: NDArray[np.float64]


def lp_relaxation(
    matrix: sparse.csr_array, weights: NDArray, k: int, *, time_limit_s: float | None = None
) -> LpOutcome | None:
    """The LP relaxation through HiGHS; `None` if HiGHS does not reach an optimum (within
    `time_limit_s`, when given)."""
    n_rows, n_columns = matrix.shape
    coupling = sparse.hstack(
        (-sparse.csr_array(matrix.T), sparse.identity(n_columns, format="csr"))
    )
    budget = sparse.hstack(
        (sparse.csr_array(np.ones((1, n_rows))), sparse.csr_array((1, n_columns)))
    )
    result = linprog(
        c=np.concatenate((np.zeros(n_rows), -np.asarray(weights, float))),
        A_ub=sparse.vstack((coupling, budget)).tocsc(),
        b_ub=np.concatenate((np.zeros(n_columns), [k])),
        bounds=(0, 1),
        method="highs",
        options={} if time_limit_s is None else {"time_limit": time_limit_s},
    )
    if result.status != 0:
        return None
    return LpOutcome(np.maximum(-result.ineqlin.marginals[:n_columns], 0.0), result.x[:n_rows])


@dataclass(frozen=True)
class ExactOutcome:
    """`sites` is None when HiGHS stopped (time limit) before finding any solution."""

    sites: NDArray[np.intp] | None
    optimal: bool
    upper_bound: float


def solve_exact(
    matrix: sparse.csr_array,
    weights: NDArray,
    k: int,
    *,
    time_limit_s: float | None = None,
    mip_rel_gap: float = 1e-9,
) -> ExactOutcome:
    """The MILP through HiGHS (scipy.optimize.milp). `optimal` when HiGHS proved its
    solution optimal within `mip_rel_gap`; `upper_bound` is its dual bound."""
    n_rows, n_columns = matrix.shape
    if k == 0 or n_rows == 0 or n_columns == 0:
        return ExactOutcome(np.zeros(0, np.intp), True, 0.0)
    coupling = sparse.hstack(
        (-sparse.csr_array(matrix.T), sparse.identity(n_columns, format="csr"))
    ).tocsr()
    budget = np.concatenate((np.ones(n_rows), np.zeros(n_columns)))[None, :]
    options: dict[str, float] = {"mip_rel_gap": mip_rel_gap}
    if time_limit_s is not None:
        options["time_limit"] = time_limit_s
    result = milp(
        c=np.concatenate((np.zeros(n_rows), -np.asarray(weights, float))),
        integrality=np.concatenate((np.ones(n_rows), np.zeros(n_columns))),
        bounds=Bounds(0, 1),
        constraints=[
            LinearConstraint(coupling, -np.inf, 0.0),
            LinearConstraint(budget, -np.inf, k),
        ],
        options=options,
    )
    if result.status not in (0, 1):
        raise RuntimeError(f"HiGHS failed on the covering MILP: {result.message}")
    dual = getattr(result, "mip_dual_bound", None)
    upper_bound = -float(dual) if dual is not None and np.isfinite(dual) else math.inf
    if result.x is None:
        return ExactOutcome(None, False, upper_bound)
    x = result.x[:n_rows]
    sites = np.flatnonzero(x > 0.5)
    if len(sites) > k:  # rounding noise only; keep the k most chosen
        sites = np.sort(np.argsort(-x, kind="stable")[:k])
    return ExactOutcome(sites.astype(np.intp), result.status == 0, upper_bound)
