"""Sparse coverage matrices and the reductions that leave a covering problem's optimum intact.

A coverage matrix has one row per candidate site and one column per demand point; entry
(j, i) is 1.0 when site j lies within the service radius of demand point i. It is a
`scipy.sparse.csr_array` of float64, so that `matrix @ weights` gives each site's covered
weight. No Django here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.spatial import cKDTree

# A product of two coverage matrices with more entries than this is not worth building just
# to find dominated rows or columns (it is the costly part of that test).
DOMINANCE_MAX_PAIRS = 20_000_000


def coverage_matrix(candidate_xyz: NDArray, demand_xyz: NDArray, chord: float) -> sparse.csr_array:
    """Rows: candidates; columns: demand points; 1.0 where their unit vectors (see
    `maillage.core.geo.to_unit_vectors`) lie within `chord` of each other.

    Both point sets go into KD-trees and the trees are matched against each other
    (`sparse_distance_matrix`), which finds the same pairs as one `query_ball_point` per
    candidate without building a Python list per candidate (several times faster at the scale
    of France).
    """
    shape = (len(candidate_xyz), len(demand_xyz))
    if shape[0] == 0 or shape[1] == 0:
        return sparse.csr_array(shape, dtype=np.float64)
    pairs = cKDTree(candidate_xyz).sparse_distance_matrix(
        cKDTree(demand_xyz), chord, output_type="ndarray"
    )
    matrix = sparse.csr_array(
        (np.ones(len(pairs)), (pairs["i"], pairs["j"])), shape=shape, dtype=np.float64
    )
    matrix.sum_duplicates()
    matrix.sort_indices()
    return matrix


@dataclass(frozen=True, eq=False)
class MergedColumns:
    """Columns with identical row sets merged into one whose weight is their sum.

    `group[c]` is the merged column of original column c; `size[g]` how many original
    columns merged column g holds.
    """

    matrix: sparse.csr_array
    weights: NDArray[np.float64]
    group: NDArray[np.intp]
    size: NDArray[np.int64]


def merge_identical_columns(matrix: sparse.csr_array, weights: NDArray) -> MergedColumns:
    """Merge the columns covered by exactly the same rows (summing their weights): the
    covering problems only see which sites cover a point, so they keep their optimum."""
    n_columns = matrix.shape[1]
    if n_columns == 0:
        return MergedColumns(
            matrix, np.asarray(weights, float), np.zeros(0, np.intp), np.zeros(0, np.int64)
        )
    # Two random fingerprints per column, then an exact check that every merged column is
    # covered by all of its members or none (a fingerprint collision is astronomically
    # unlikely, but the check makes the result exact whatever happens).
    rng = np.random.default_rng(20_240_617)
    fingerprints = np.column_stack(
        (
            matrix.T @ rng.random(matrix.shape[0]),
            matrix.T @ rng.random(matrix.shape[0]),
            np.diff(matrix.tocsc().indptr),
        )
    )
    _unique, group = np.unique(fingerprints, axis=0, return_inverse=True)
    group = group.ravel().astype(np.intp)
    merged = _merge_by_group(matrix, group)
    size = np.bincount(group).astype(np.int64)
    if not np.all(merged.data == size[merged.indices]):
        group = _exact_groups(matrix)
        merged = _merge_by_group(matrix, group)
        size = np.bincount(group).astype(np.int64)
    merged.data[:] = 1.0
    merged_weights = np.bincount(group, weights=np.asarray(weights, float), minlength=len(size))
    return MergedColumns(merged, merged_weights, group, size)


def _merge_by_group(matrix: sparse.csr_array, group: NDArray[np.intp]) -> sparse.csr_array:
    n_groups = int(group.max()) + 1 if len(group) else 0
    assignment = sparse.csr_array(
        (np.ones(len(group)), (np.arange(len(group)), group)), shape=(len(group), n_groups)
    )
    merged = sparse.csr_array(matrix @ assignment)
    merged.sort_indices()
    return merged


def _exact_groups(matrix: sparse.csr_array) -> NDArray[np.intp]:
    columns = sparse.csc_array(matrix)
    columns.sort_indices()
    seen: dict[bytes, int] = {}
    group = np.empty(columns.shape[1], np.intp)
    for column in range(columns.shape[1]):
        key = columns.indices[columns.indptr[column] : columns.indptr[column + 1]].tobytes()
        group[column] = seen.setdefault(key, len(seen))
    return group


def dominated_rows(matrix: sparse.csr_array) -> NDArray[np.bool_] | None:
    """Rows whose column set lies inside another row's (for equal sets, all but the first).

    Dropping them keeps the optimum of both covering problems: a dominated site in a solution
    can be replaced by the one dominating it (or, if that one is already chosen, by any
    other) without uncovering anything. `None` when the test would cost too much.
    """
    n_rows = matrix.shape[0]
    lengths = np.diff(matrix.indptr)
    column_lengths = np.bincount(matrix.indices, minlength=matrix.shape[1])
    if int(column_lengths @ column_lengths) > DOMINANCE_MAX_PAIRS:
        return None
    overlap = sparse.coo_array(matrix @ matrix.T)
    row, other = overlap.row, overlap.col
    # Row `row` lies inside `other` when their overlap is all of `row`.
    inside = (row != other) & (overlap.data == lengths[row])
    strictly = lengths[other] > lengths[row]
    equal_and_later = (lengths[other] == lengths[row]) & (other < row)
    dominated = np.zeros(n_rows, bool)
    dominated[row[inside & (strictly | equal_and_later)]] = True
    return dominated


def dominated_columns(matrix: sparse.csr_array) -> NDArray[np.bool_] | None:
    """Columns whose row set contains another column's (for equal sets, all but the first).

    In set covering, a constraint "cover column i" implies "cover column i'" when every row
    covering i also covers i', so i' can be dropped. `None` when the test would cost too much.
    """
    transposed = sparse.csr_array(matrix.T)
    transposed.sort_indices()
    # Column c is dominated when another column's row set is inside c's: the rows of the
    # transposed matrix that dominate are what we drop here.
    n_columns = transposed.shape[0]
    lengths = np.diff(transposed.indptr)
    row_lengths = np.diff(matrix.indptr)
    if int(row_lengths @ row_lengths) > DOMINANCE_MAX_PAIRS:
        return None
    overlap = sparse.coo_array(transposed @ transposed.T)
    small, large = overlap.row, overlap.col
    inside = (small != large) & (overlap.data == lengths[small])
    strictly = lengths[large] > lengths[small]
    equal_and_later = (lengths[large] == lengths[small]) & (small < large)
    implied = np.zeros(n_columns, bool)
    implied[large[inside & (strictly | equal_and_later)]] = True
    return implied
