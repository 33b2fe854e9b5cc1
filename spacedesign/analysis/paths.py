"""Node paths on the route network: the level changes along them and their drawn polylines.

:class:`~.routes.RouteSet` finds the paths (shortest-route trees); this module holds what is
read off a path once it is found.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from spacedesign.analysis.network import Graph

__all__ = [
    "change_pairs",
    "first_change",
    "nearest_nodes",
    "polylines",
    "read_back",
    "run_starts",
]


def polylines(
    xy: NDArray[np.float64], paths: Sequence[Sequence[int]]
) -> list[tuple[tuple[float, float], ...]]:
    """Coordinates of each node path, simplified to its corners (one vectorised simplification).

    Parameters
    ----------
    xy : ndarray, shape (n, 2)
        Node coordinates.
    paths : sequence of sequences of int
        Node indices of each path.

    Returns
    -------
    list of tuple
        Each path's corners (a path of two nodes or fewer as it is).
    """
    import shapely

    out: list[tuple[tuple[float, float], ...]] = [()] * len(paths)
    long = [k for k, nodes in enumerate(paths) if len(nodes) > 2]
    for k, nodes in enumerate(paths):
        if len(nodes) <= 2:
            out[k] = tuple(map(tuple, xy[list(nodes)].tolist()))
    if long:
        sizes = [len(paths[k]) for k in long]
        index = itertools.chain.from_iterable(paths[k] for k in long)
        coords = xy[np.fromiter(index, dtype=np.int64, count=sum(sizes))]
        which = np.repeat(np.arange(len(long)), sizes)
        lines = shapely.simplify(
            shapely.linestrings(coords, indices=which), 0.1, preserve_topology=False
        )
        # tolist() gives the same Python floats as float() of each coordinate; the x and y
        # columns are read as two flat lists and zipped into the corner tuples (no list per
        # corner: fewer objects for the garbage collector to count).
        flat, owner = shapely.get_coordinates(lines, return_index=True)
        xs = flat[:, 0].tolist()
        ys = flat[:, 1].tolist()
        ends = np.cumsum(np.bincount(owner, minlength=len(long))).tolist()
        for k, start, stop in zip(long, [0, *ends[:-1]], ends, strict=True):
            out[k] = tuple(zip(xs[start:stop], ys[start:stop], strict=True))
    return out


def change_pairs(
    graph: Graph, wheel_edge: NDArray[np.bool_]
) -> tuple[dict[tuple[int, int], float], set[tuple[int, int]]]:
    """Level-change codes between joined nodes, and those pairs a wheelchair edge joins.

    A code is 1 + the index into ``graph.changes``. Of parallel edges that change level
    between the same two nodes, the first (in edge order) names the change: a sum of their
    codes, as the sparse matrix this replaced gave, could name an element that does not exist.
    """
    g = graph
    code: dict[tuple[int, int], float] = {}
    changing = g.change >= 0
    pairs = g.edges[changing].tolist()
    for (a, b), c in zip(pairs, (g.change[changing] + 1).tolist(), strict=True):
        for key in ((a, b), (b, a)):
            code.setdefault(key, float(c))
    # Only pairs with a code are ever looked up: the wheelchair pairs among them.
    lo, hi = g.edges.min(axis=1), g.edges.max(axis=1)
    key = lo * g.size + hi
    joined = wheel_edge & np.isin(key, key[changing])
    wheel = {(a, b) for a, b in g.edges[joined].tolist()}
    wheel |= {(b, a) for a, b in wheel}
    return code, wheel


def first_change(
    graph: Graph,
    nodes: Sequence[int],
    changes: tuple[dict[tuple[int, int], float], set[tuple[int, int]]],
) -> str | None:
    """Return the first level change along ``nodes`` that no wheelchair edge bridges."""
    code, wheel = changes
    for a, b in itertools.pairwise(nodes):
        c = int(code.get((a, b), 0.0))
        if c > 0 and (a, b) not in wheel:
            return graph.changes[c - 1]
    return None


def nearest_nodes(groups: Sequence[NDArray[np.int64]], dist: NDArray[np.float64]) -> list[int]:
    """Each group's first node with the least ``dist`` (as ``argmin`` picks it), -1 if inf.

    Parameters
    ----------
    groups : sequence of int arrays
        Node indices, none empty.
    dist : ndarray of float
        Distance of every node (no NaN).

    Returns
    -------
    list of int
        One node per group: one minimum over all the groups' nodes at once.
    """
    sizes = [len(g) for g in groups]
    nodes = np.concatenate(groups)
    vals = dist[nodes]
    owner = np.repeat(np.arange(len(groups)), sizes)
    least = np.minimum.reduceat(vals, np.cumsum([0, *sizes[:-1]]))
    top = np.flatnonzero(vals == least[owner])
    first = top[run_starts(owner[top])]
    out: list[int] = np.where(np.isfinite(least), nodes[first], -1).tolist()
    return out


def run_starts(labels: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Where each run of equal ``labels`` starts (``np.r_[True, labels[1:] != labels[:-1]]``).

    Parameters
    ----------
    labels : ndarray of int
        Any labels (an empty array gives an empty mask).

    Returns
    -------
    ndarray of bool
        True at the first element and wherever a label differs from the one before.
    """
    starts = np.empty(len(labels), dtype=bool)
    if len(labels):
        starts[0] = True
        np.not_equal(labels[1:], labels[:-1], out=starts[1:])
    return starts


def read_back(back: Sequence[int], ends: Sequence[int]) -> list[list[int]]:
    """Return the node path from the root of a predecessor tree to each of ``ends`` (-1: none).

    Each path is read back only until it meets a path already read: from there on it is that
    path's start (the same nodes), so the shared start of many routes is walked once.

    Parameters
    ----------
    back : sequence of int
        ``back[n]`` is the node before ``n`` (negative at the root): a list, or a memoryview
        of an integer array (read as Python ints).
    ends : sequence of int
        Where each path ends (-1: no path).

    Returns
    -------
    list of list of int
        Each path from the root to its end (a list of its own; empty for -1).
    """
    out: list[list[int]] = []
    # Where each node read so far lies: which path (its index in ``out``) and at what position,
    # held in two flat dicts of ints (no tuple per node for the garbage collector to count).
    seen_in: dict[int, int] = {}
    seen_at: dict[int, int] = {}
    for node in ends:
        if node < 0:
            out.append([])
            continue
        tail = []
        while node >= 0 and node not in seen_in:
            tail.append(node)
            node = back[node]
        head: list[int] = []
        if node >= 0:
            head = out[seen_in[node]][: seen_at[node] + 1]
        tail.reverse()
        which = len(out)
        start = len(head)
        for i, n in enumerate(tail, start):
            seen_in[n] = which
            seen_at[n] = i
        head += tail
        out.append(head)
    return out
