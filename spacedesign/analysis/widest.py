"""Widest routes: the bottleneck of the widest path from a source to every node.

The weight of a path is the smallest node weight on it; the widest path maximises it. The
bottleneck between two nodes of a graph equals the bottleneck between them on its maximum
spanning tree, so it is read off that tree (one tree serves every source) by pointer jumping.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import breadth_first_order, minimum_spanning_tree

from spacedesign.analysis.entries import EdgeEntries, symmetric

__all__ = [
    "spanning_tree",
    "spanning_tree_of",
    "spanning_tree_once",
    "widest_from",
    "widest_from_two",
    "widest_on_tree",
    "widest_on_tree_many",
]


def widest_from(
    edges: NDArray[np.int64], node_weight: NDArray[np.float64], source: int
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Bottleneck of the widest path from ``source`` to every node, and where it is.

    The weight of a path is the smallest node weight on it; the widest path maximises it. It is
    read off the maximum spanning tree (exact), with pointer jumping along the tree (numpy).
    Returns ``(value, where)``: ``value[n]`` (-1 when unreachable) and the node achieving it.
    """
    return widest_on_tree(spanning_tree(edges, node_weight), node_weight, source)


def spanning_tree(edges: NDArray[np.int64], node_weight: NDArray[np.float64]) -> csr_matrix:
    """Maximum spanning tree (symmetric, costs ``2e6 - width``) for :func:`widest_on_tree`.

    It does not depend on the source, so one tree serves every arrival point.
    """
    entries = EdgeEntries(edges, len(node_weight))
    return spanning_tree_of(entries, np.ones(len(entries.edges), dtype=bool), node_weight)


def spanning_tree_of(
    entries: EdgeEntries, mask: NDArray[np.bool_], node_weight: NDArray[np.float64]
) -> csr_matrix:
    """:func:`spanning_tree` of the edges in ``mask`` of ``entries`` (sorted once per graph).

    Kruskal's algorithm runs on each edge once (:meth:`EdgeEntries.one_way`), which gives the
    tree it gives on the matrix holding each edge both ways.
    """
    if not entries.simple:
        return _spanning_tree_converted(entries.edges[mask], node_weight)
    return symmetric(spanning_tree_once(entries, mask, node_weight))


def spanning_tree_once(
    entries: EdgeEntries, mask: NDArray[np.bool_], node_weight: NDArray[np.float64]
) -> csr_matrix:
    """Return :func:`spanning_tree_of`'s tree holding each edge once, as Kruskal gives it.

    Only for a :attr:`~.entries.EdgeEntries.simple` graph.
    """
    u, v = entries.edges[:, 0], entries.edges[:, 1]
    edge_w = np.minimum(node_weight[u], node_weight[v])
    keep = mask & (edge_w > 0)
    matrix = entries.one_way(keep, 2e6 - edge_w)
    tree: csr_matrix = minimum_spanning_tree(matrix, overwrite=True)  # the matrix is ours
    return tree


def widest_from_two(
    tree: csr_matrix, node_weight: NDArray[np.float64], first: int, second: int
) -> tuple[NDArray[np.float64], NDArray[np.int64]] | None:
    """:func:`widest_on_tree_many` from two sources on :func:`spanning_tree_once`'s tree.

    Its one breadth-first search runs on the tree as it is (each edge once, searched both
    ways): the same parents as on the symmetric tree, without making it. None when the
    second source is off the first one's tree (then use :func:`widest_on_tree_many`).
    """
    return _two_sources(tree, node_weight, first, second, directed=False)


def _spanning_tree_converted(
    edges: NDArray[np.int64], node_weight: NDArray[np.float64]
) -> csr_matrix:
    """:func:`spanning_tree` through a COO matrix (sums the entries of a repeated pair)."""
    n = len(node_weight)
    u, v = edges[:, 0], edges[:, 1]
    edge_w = np.minimum(node_weight[u], node_weight[v])
    keep = edge_w > 0
    cost = 2e6 - edge_w[keep]
    ends = edges[keep]
    matrix = coo_matrix(
        (
            np.concatenate([cost, cost]),
            (np.concatenate([ends[:, 0], ends[:, 1]]), np.concatenate([ends[:, 1], ends[:, 0]])),
        ),
        shape=(n, n),
    ).tocsr()
    tree = minimum_spanning_tree(matrix, overwrite=True)  # the matrix is ours alone
    return (tree + tree.T).tocsr()


def widest_on_tree(
    tree: csr_matrix, node_weight: NDArray[np.float64], source: int
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Widest-path bottleneck from ``source`` read off a :func:`spanning_tree`."""
    value, where = widest_on_tree_many(tree, node_weight, [source])
    return value[0], where[0]


def widest_on_tree_many(
    tree: csr_matrix,
    node_weight: NDArray[np.float64],
    sources: Sequence[int],
    weighted: bool = False,
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """:func:`widest_on_tree` from each of ``sources`` (one row each), in one numpy pass.

    Each node starts with the width of the tree edge to its parent (the node nearer the
    source) and a pointer to the parent; pointer jumping then takes, for each node, the first
    narrowest edge on its way to the source. ``k`` jumps cover paths of ``2**k`` edges, so they
    stop once the deepest node (the last one the breadth-first search finds) points at the
    source: every pointer does then, and a further jump would change nothing.

    ``weighted``: every entry of ``tree`` is ``2e6 - min`` of its two ends' ``node_weight``
    (as :func:`spanning_tree_of` gives it on a graph without repeated pairs); a child's width
    is then that arithmetic again from the breadth-first search's parents (the same values,
    bit for bit) instead of a search of the tree's entries for each child's.
    """
    if weighted and len(sources) == 2:
        two = _two_sources(tree, node_weight, int(sources[0]), int(sources[1]), True)
        if two is not None:
            return two
    n = len(node_weight)
    rows = len(sources)
    value = np.full((rows, n), -1.0)
    where = np.full((rows, n), -1, dtype=np.int64)
    ptr = np.tile(np.arange(n), (rows, 1))
    entry_rows = None if weighted else _entry_rows(tree)
    if entry_rows is not None:
        # Per entry (row, column): the edge's width and its narrower end (when the row is
        # the child), the same for every source.
        parent_of = tree.indices
        width = 2e6 - tree.data
        narrower = np.where(
            node_weight[entry_rows] <= node_weight[parent_of], entry_rows, parent_of
        )
    deepest = []
    for k, source in enumerate(sources):
        order, pred = breadth_first_order(tree, source, directed=True, return_predecessors=True)
        value[k, source] = np.inf
        deepest.append((k * n + int(order[-1]), k * n + source))
        children = order[1:]
        if not len(children):
            continue
        if weighted:
            parents = pred[children]
            w_child, w_parent = node_weight[children], node_weight[parents]
            value[k, children] = 2e6 - (2e6 - np.minimum(w_child, w_parent))
            where[k, children] = np.where(w_child <= w_parent, children, parents)
            ptr[k, children] = parents
            continue
        if entry_rows is not None:
            # The entry (child, parent) of each child: the one whose column is its row's
            # parent (the source and unreached nodes have none).
            up = np.flatnonzero(pred[entry_rows] == parent_of)
            child = entry_rows[up]
            value[k, child] = width[up]
            where[k, child] = narrower[up]
            ptr[k, child] = parent_of[up]
            continue
        parents = pred[children]
        value[k, children] = 2e6 - np.asarray(tree[children, parents]).ravel()
        where[k, children] = np.where(
            node_weight[children] <= node_weight[parents], children, parents
        )
        ptr[k, children] = parents
    flat_v, flat_w = value.reshape(-1), where.reshape(-1)
    jump = (ptr + (np.arange(rows) * n)[:, None]).reshape(-1)
    # Done when the deepest node (the breadth-first search's last) points at the source.
    while any(jump[deep] != top for deep, top in deepest):
        up_v = flat_v[jump]
        # Where the farther part is strictly narrower: its narrowest point (gathered before
        # the update), and the smaller value, which np.minimum gives for every entry alike.
        better = np.flatnonzero(up_v < flat_v)
        flat_w[better] = flat_w[jump[better]]
        np.minimum(flat_v, up_v, out=flat_v)
        jump = jump[jump]
    return flat_v.reshape(rows, n), flat_w.reshape(rows, n)


def _two_sources(
    tree: csr_matrix,
    node_weight: NDArray[np.float64],
    first: int,
    second: int,
    directed: bool,
) -> tuple[NDArray[np.float64], NDArray[np.int64]] | None:
    """:func:`widest_on_tree_many` from two sources with one pointer-jumping pass.

    On the tree rooted at ``first``, the way from a node to either source climbs to the path
    between the sources (the spine) and then runs along it: to ``first`` one way, to
    ``second`` the other. One pass of pointer jumping over the climbs (each spine node a
    root) and a running minimum along the spine each way give both rows: the narrowest edge
    of the climb when it is no wider than the spine's part (nearer the node wins a tie, as
    the jumps decide), else the spine's nearest narrowest edge. Each edge's width and
    narrower end are what the one-source pass gives it in that direction. None when the
    second source is not on the first one's tree. ``directed``: search the tree as a
    symmetric matrix holds it (False: a tree holding each edge once, searched both ways).
    """
    n = len(node_weight)
    order, pred = breadth_first_order(tree, first, directed=directed, return_predecessors=True)
    if second != first and pred[second] < 0:
        return None  # not on the first source's tree
    back = pred.tolist()
    spine = [second]
    while spine[-1] != first:
        spine.append(back[spine[-1]])
    path = np.array(spine, dtype=np.int64)  # from the second source up to the first
    children = order[1:]
    parents = pred[children]
    w_child, w_parent = node_weight[children], node_weight[parents]
    value = np.full(n, -1.0)
    where = np.full(n, -1, dtype=np.int64)
    jump = np.arange(n)
    value[children] = 2e6 - (2e6 - np.minimum(w_child, w_parent))
    where[children] = np.where(w_child <= w_parent, children, parents)
    jump[children] = parents
    # The spine's edges: width, and narrower end going up (to the first source) and down.
    lower, upper = path[:-1], path[1:]
    width = value[lower]
    end_up = where[lower]
    end_down = np.where(node_weight[upper] <= node_weight[lower], upper, lower)
    value[path] = np.inf
    where[path] = -1
    jump[path] = path
    while True:
        up_v = value[jump]
        better = np.flatnonzero(up_v < value)
        where[better] = where[jump[better]]
        np.minimum(value, up_v, out=value)
        after = jump[jump]
        if np.array_equal(after, jump):
            break
        jump = after
    # Along the spine from its node j: up to the first source over edges j.., down to the
    # second over edges ..j-1; the nearest narrowest edge is the last one the running
    # minimum meets coming from the far end (ties: the later, nearer one).
    m = len(width)
    steps = np.arange(m)
    far_up = width[::-1]
    run_up = np.minimum.accumulate(far_up)
    at_up = np.maximum.accumulate(np.where(far_up == run_up, steps, -1))
    run_down = np.minimum.accumulate(width)
    at_down = np.maximum.accumulate(np.where(width == run_down, steps, -1))
    # Each way's least width and its narrowest end from every spine node, and last a
    # stand-in (inf, -1) that a node off the tree reads (its place is -1).
    inf = np.array([np.inf])
    none = np.array([-1], dtype=np.int64)
    along = (
        (
            np.concatenate([run_up[::-1], inf, inf]),
            np.concatenate([end_up[m - 1 - at_up][::-1], none, none]),
        ),
        (
            np.concatenate([inf, run_down, inf]),
            np.concatenate([none, end_down[at_down], none]),
        ),
    )
    place = np.full(n, -1, dtype=np.int64)
    place[path] = np.arange(len(path))
    spot = place[jump]
    values = np.empty((2, n))
    wheres = np.empty((2, n), dtype=np.int64)
    for k, (least, narrowest) in enumerate(along):
        there = least[spot]
        np.minimum(value, there, out=values[k])
        wheres[k] = np.where(value <= there, where, narrowest[spot])
    return values, wheres


def _entry_rows(tree: csr_matrix) -> NDArray[np.int64] | None:
    """Return the row of every entry of a canonical matrix (one entry per pair), else None."""
    if not tree.has_canonical_format:
        return None
    rows: NDArray[np.int64] = np.repeat(
        np.arange(tree.shape[0], dtype=np.int64), np.diff(tree.indptr)
    )
    return rows
