"""The network's edges as the entries of sparse matrices, in scipy's canonical CSR order.

The route searches run scipy's graph algorithms on matrices that hold each edge both ways
(:mod:`.routes`) or once (:mod:`.widest`, the spanning tree's input). Building each of them as a
COO matrix and converting it sorts the entries every time; :class:`EdgeEntries` sorts them once
per graph, and every matrix is then a masked selection of that order: the same arrays, with
the same index type, that the conversion gives (sorted column indices, no duplicates).

A graph with a repeated node pair or a loop (where the conversion would add entries together)
is built by the conversion itself, as before.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix, csr_matrix

__all__ = ["EdgeEntries", "symmetric"]


def _index_type(n: int, nnz: int) -> type[np.signedinteger]:
    """Return the index type scipy picks for an ``n`` x ``n`` matrix with ``nnz`` entries."""
    return np.int32 if max(n, nnz) <= np.iinfo(np.int32).max else np.int64


def _canonical(
    n: int, rows: NDArray[np.int64], cols: NDArray[np.int64], data: NDArray[np.float64]
) -> csr_matrix:
    """Build a CSR matrix of entries already sorted by (row, column), none repeated."""
    itype = _index_type(n, len(rows))
    indptr = np.zeros(n + 1, dtype=itype)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    matrix = csr_matrix((n, n), dtype=np.float64)
    matrix.data = np.asarray(data, dtype=np.float64)
    matrix.indices = cols.astype(itype)
    matrix.indptr = indptr
    matrix.has_sorted_indices = True
    matrix.has_canonical_format = True
    return matrix


def _converted(
    n: int, rows: NDArray[np.int64], cols: NDArray[np.int64], data: NDArray[np.float64]
) -> csr_matrix:
    return coo_matrix((data, (rows, cols)), shape=(n, n)).tocsr()


def symmetric(tree: csr_matrix) -> csr_matrix:
    """``tree + tree.T`` of a matrix holding each of its edges once (in canonical CSR form).

    Parameters
    ----------
    tree : csr_matrix
        A spanning tree as scipy returns it: no entry both at (i, j) and at (j, i).

    Returns
    -------
    csr_matrix
        Every entry both ways, canonical (as ``(tree + tree.T).tocsr()`` gives it).
    """
    n = tree.shape[0]
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(tree.indptr))
    cols = tree.indices.astype(np.int64)
    both_r = np.concatenate([rows, cols])
    both_c = np.concatenate([cols, rows])
    key = both_r * n + both_c
    # A stable sort; but its order is only used when no two keys are equal, and then any sort
    # gives it (32-bit keys, when they fit, sort faster).
    order = np.argsort(key.astype(np.int32) if n * n <= np.iinfo(np.int32).max else key)
    if len(key) > 1 and bool((np.diff(key[order]) == 0).any()):
        return csr_matrix(tree + tree.T)  # an edge stored both ways: let scipy add them
    data = np.concatenate([tree.data, tree.data])
    return _canonical(n, both_r[order], both_c[order], data[order])


class EdgeEntries:
    """The entries of a graph's edges, both ways, sorted once into canonical CSR order.

    Parameters
    ----------
    edges : ndarray of int, shape (m, 2)
        Node pairs.
    n : int
        Number of nodes.
    """

    def __init__(self, edges: NDArray[np.int64], n: int) -> None:
        self.n = n
        self.edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
        m = len(self.edges)
        u, v = self.edges[:, 0], self.edges[:, 1]
        rows = np.concatenate([u, v])
        cols = np.concatenate([v, u])
        key = rows * n + cols
        # Any sort: the order is only used when no two keys are equal (then 32-bit keys, when
        # they fit, sort the same and faster).
        fits = n * n <= np.iinfo(np.int32).max
        order = np.argsort(key.astype(np.int32) if fits else key)
        #: Whether no node pair repeats and no edge is a loop (then no entries are added up).
        self.simple = not (len(key) > 1 and bool((np.diff(key[order]) == 0).any()))
        self.edge = order - m * (order >= m)
        self.rows = rows[order]
        self.cols = cols[order]
        upper = np.flatnonzero(self.rows < self.cols)
        self.upper_edge = self.edge[upper]
        self.upper_rows = self.rows[upper]
        self.upper_cols = self.cols[upper]

    def both_ways(self, mask: NDArray[np.bool_], weight: NDArray[np.float64]) -> csr_matrix:
        """Matrix of the edges in ``mask``, each at (u, v) and (v, u) with its ``weight``.

        The matrix ``coo_matrix`` of both directions converted to CSR gives.
        """
        if not self.simple:
            e = self.edges[mask]
            w = weight[mask]
            return _converted(
                self.n,
                np.concatenate([e[:, 0], e[:, 1]]),
                np.concatenate([e[:, 1], e[:, 0]]),
                np.concatenate([w, w]),
            )
        keep = np.flatnonzero(mask[self.edge])
        return _canonical(self.n, self.rows[keep], self.cols[keep], weight[self.edge[keep]])

    def one_way(self, mask: NDArray[np.bool_], weight: NDArray[np.float64]) -> csr_matrix:
        """Matrix of the edges in ``mask``, each once at (min(u, v), max(u, v)).

        Kruskal's algorithm on it finds the spanning tree it finds on :meth:`both_ways`: the
        entries keep their order, and each edge's second entry, which comes after its first
        (same weight, larger row), can never join two parts the first did not already join.
        Only for a :attr:`simple` graph.
        """
        if not self.simple:
            raise ValueError("one_way needs a graph without repeated node pairs or loops")
        keep = np.flatnonzero(mask[self.upper_edge])
        return _canonical(
            self.n, self.upper_rows[keep], self.upper_cols[keep], weight[self.upper_edge[keep]]
        )
