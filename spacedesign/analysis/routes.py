"""Routes on the movement network: wheelchair reach, widest route, shortest routes, level changes.

For a wheelchair whose passing width is ``gap`` (the ruleset's minimum door clear width):

- *reach*: a node is usable when its free clearance is at least ``gap/2`` and, inside a door gap,
  the door is not revolving and its threshold is within the tolerance; edges that change level
  without a ramp or lift are excluded;
- *widest route* (ROUTE-WIDTH): among usable routes, the one whose narrowest passage (door jambs
  ignored) is widest; found exactly on the maximum spanning tree of the graph (the bottleneck
  between two nodes of a graph equals the bottleneck between them on its maximum spanning tree);
- *shortest routes*: Dijkstra on the wheelchair graph and on the walking graph (steps allowed);
  their ratio is the detour factor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from spacedesign.analysis.entries import EdgeEntries, symmetric
from spacedesign.analysis.network import Graph
from spacedesign.analysis.paths import (
    change_pairs,
    first_change,
    nearest_nodes,
    polylines,
    read_back,
    run_starts,
)
from spacedesign.analysis.route_levels import LevelRoutes
from spacedesign.analysis.widest import (
    spanning_tree,
    spanning_tree_of,
    spanning_tree_once,
    widest_from,
    widest_from_two,
    widest_on_tree,
    widest_on_tree_many,
)

__all__ = [
    "RouteSet",
    "Target",
    "route_set",
    "spanning_tree",
    "widest_from",
    "widest_on_tree",
    "widest_on_tree_many",
]

#: A walking person needs about 0.4 m between obstacles.
WALK_CLEARANCE = 0.2
#: Numerical slack on clearances (m).
SLACK = 0.005


@dataclass(frozen=True)
class Target:
    """A destination: ``element`` id, ``kind`` (room, counter, toilet, elevator), its nodes."""

    element: str
    kind: str
    level: str
    nodes: NDArray[np.int64]


# Every matrix here is stored symmetric (each edge both ways, same weight; the spanning tree as
# tree + tree.T). scipy's undirected searches scan a node's row and then its column with a strict
# "shorter" test, so on a symmetric matrix the column scan never changes a distance, predecessor
# or visiting order: the directed search gives the same result without the transposed copy
# scipy builds on every undirected call (tests/analysis/test_route_search.py checks it).


@dataclass
class RouteSet(LevelRoutes):
    """Everything the rules need about routes for one wheelchair passing width."""

    graph: Graph
    gap: float
    wheel_node: NDArray[np.bool_]
    width_node: NDArray[np.bool_]
    wheel_edge: NDArray[np.bool_]
    walk_edge: NDArray[np.bool_]
    level_edge: NDArray[np.bool_]
    sources: tuple[tuple[str, int], ...]

    def __post_init__(self) -> None:
        g = self.graph
        length = np.maximum(g.length, 1e-9)
        # One sort of the edges serves every matrix (routes, spanning tree, level parts).
        self._entries = EdgeEntries(g.edges, g.size)
        self._wheel = self._entries.both_ways(self.wheel_edge, length)
        self._walk = self._entries.both_ways(self.walk_edge, length)
        idx = [s for _, s in self.sources]
        self.wheel_dist, self.wheel_pred = _dijkstra(self._wheel, idx)
        self.walk_dist, self.walk_pred = _dijkstra(self._walk, idx)
        self._lengths: dict[tuple[tuple[int, ...], bytes], list[list[float | None]]] = {}
        self._bottleneck: dict[int, tuple[NDArray[np.float64], NDArray[np.int64]]] = {}
        # Each source's predecessors as a memoryview of its row: read node by node as Python
        # ints without converting the whole row (a route reads a few hundred of its nodes).
        self._pred_lists: dict[tuple[int, bool], Sequence[int]] = {}
        self._distances: dict[tuple[bytes, float], NDArray[np.float64]] = {}
        self._level_reached: dict[int, NDArray[np.bool_]] = {}
        self._tree: csr_matrix | None = None
        self._node_w = np.zeros(0)

    def length(self, source: int, target: Target, walking: bool = False) -> float | None:
        """Length of the shortest wheelchair (or walking) route, None when there is none."""
        dist = self.walk_dist if walking else self.wheel_dist
        if not len(target.nodes):
            return None
        best = float(np.min(dist[source, target.nodes]))
        return best if np.isfinite(best) else None

    def lengths(self, target: Target, walking: bool = False) -> list[float | None]:
        """:meth:`length` from every source (in order), with one minimum over all of them."""
        dist = self.walk_dist if walking else self.wheel_dist
        if not len(target.nodes) or not len(dist):
            return [None] * len(self.sources)
        best = dist[:, target.nodes].min(axis=1).tolist()
        return [v if math.isfinite(v) else None for v in best]

    def lengths_many(
        self, targets: Sequence[Target], walking: bool = False
    ) -> list[list[float | None]]:
        """:meth:`lengths` of each of ``targets`` (one minimum over all their nodes at once).

        The wheelchair and the walking lengths are found together, one minimum over both
        searches' rows, and kept by the targets' exact nodes: the route checks ask for both,
        of the same destinations, more than once.
        """
        out: list[list[float | None]] = [[None] * len(self.sources) for _ in targets]
        filled = [k for k, t in enumerate(targets) if len(t.nodes)]
        if not filled or not len(self.wheel_dist):
            return out
        sizes = [len(targets[k].nodes) for k in filled]
        nodes = np.concatenate([targets[k].nodes for k in filled])
        key = (tuple(sizes), nodes.tobytes())
        both = self._lengths.get(key)
        if both is None:
            starts = np.cumsum([0, *sizes[:-1]])
            # Wheelchair rows, then walking rows: the targets' nodes of both searches.
            both_rows = np.concatenate([self.wheel_dist[:, nodes], self.walk_dist[:, nodes]])
            best = np.minimum.reduceat(both_rows, starts, axis=1).T.tolist()
            both = self._lengths[key] = [
                [v if math.isfinite(v) else None for v in row] for row in best
            ]
        half = len(self.sources)
        for k, row in zip(filled, both, strict=True):
            out[k] = row[half:] if walking else row[:half]
        return out

    def route_length(self, source: int, target: Target, walking: bool = False) -> float | None:
        """Length of the shortest route's polyline with the medial zigzag smoothed out."""
        nodes = self.path(source, target, walking)
        if not nodes:
            return None
        line = np.asarray(self.polyline(nodes))
        if len(line) < 2:
            return 0.0
        return float(np.hypot(*np.diff(line, axis=0).T).sum())

    def path(self, source: int, target: Target, walking: bool = False) -> list[int]:
        """Node indices of the shortest route (empty when there is none)."""
        dist = self.walk_dist if walking else self.wheel_dist
        pred = self.walk_pred if walking else self.wheel_pred
        if not len(target.nodes):
            return []
        node = int(target.nodes[np.argmin(dist[source, target.nodes])])
        if not np.isfinite(dist[source, node]):
            return []
        key = (source, walking)
        back = self._pred_lists.get(key)
        if back is None:
            back = self._pred_lists[key] = _row_view(pred, source)
        out = [node]
        append = out.append
        node = back[node]
        while node >= 0:
            append(node)
            node = back[node]
        return out[::-1]

    def paths_many(self, requests: Sequence[tuple[int, Target, bool]]) -> list[list[int]]:
        """:meth:`path` of each ``(source, target, walking)`` request, in order.

        Each route ends at the target's first nearest node (picked for all the targets of a
        source at once) and is read back along the predecessors only until it meets a route
        already read from the same source: the rest is that route's start (the same nodes).
        """
        out: list[list[int]] = [[] for _ in requests]
        groups: dict[tuple[int, bool], list[int]] = {}
        for k, (source, target, walking) in enumerate(requests):
            if len(target.nodes):
                groups.setdefault((source, walking), []).append(k)
        for (source, walking), ks in groups.items():
            dist = (self.walk_dist if walking else self.wheel_dist)[source]
            ends = nearest_nodes([requests[k][1].nodes for k in ks], dist)
            back = self._pred_lists.get((source, walking))
            if back is None:
                pred = self.walk_pred if walking else self.wheel_pred
                back = self._pred_lists[(source, walking)] = _row_view(pred, source)
            for k, route in zip(ks, read_back(back, ends), strict=True):
                out[k] = route
        return out

    def polyline(self, nodes: Sequence[int]) -> tuple[tuple[float, float], ...]:
        """Coordinates of a node path, simplified to its corners."""
        return polylines(self.graph.xy, [nodes])[0]

    def polylines(
        self, paths: Sequence[Sequence[int]]
    ) -> list[tuple[tuple[float, float], ...]]:
        """:meth:`polyline` of many paths at once (one vectorised simplification)."""
        return polylines(self.graph.xy, paths)

    def widest(self, source: int, target: Target) -> tuple[float, tuple[float, float] | None]:
        """Clear width of the widest wheelchair route and where its narrowest point is."""
        if source not in self._bottleneck:
            self._widest_all()
        value, where = self._bottleneck[source]
        if not len(target.nodes):
            return 0.0, None
        vals = value[target.nodes]
        k = int(np.argmax(vals))
        best = float(vals[k])
        if best <= 0:
            return 0.0, None
        loc = int(where[target.nodes[k]])
        at = self.graph.xy[loc] if loc >= 0 else self.graph.xy[target.nodes[k]]
        return 2.0 * min(best, 1e6), (float(at[0]), float(at[1]))

    def widest_many(
        self, targets: Sequence[Target]
    ) -> list[list[tuple[float, tuple[float, float] | None]]]:
        """:meth:`widest` of each of ``targets`` (rows) from each source (columns), at once."""
        out: list[list[tuple[float, tuple[float, float] | None]]] = [
            [(0.0, None)] * len(self.sources) for _ in targets
        ]
        filled = [k for k, t in enumerate(targets) if len(t.nodes)]
        if not filled or not self.sources:
            return out
        sizes = [len(targets[k].nodes) for k in filled]
        nodes = np.concatenate([targets[k].nodes for k in filled])
        owner = np.repeat(np.arange(len(filled)), sizes)
        starts = np.cumsum([0, *sizes[:-1]])
        for source in range(len(self.sources)):
            if source not in self._bottleneck:
                self._widest_all()
            value, where = self._bottleneck[source]
            vals = value[nodes]
            # The first node of each target with its largest value (as argmax picks it).
            top = np.flatnonzero(vals == np.maximum.reduceat(vals, starts)[owner])
            first = top[run_starts(owner[top])]
            picked = nodes[first]
            best = vals[first].tolist()
            loc = where[picked]
            at = self.graph.xy[np.where(loc >= 0, loc, picked)].tolist()
            for k, b, (x, y) in zip(filled, best, at, strict=True):
                if b > 0:
                    out[k][source] = (2.0 * min(b, 1e6), (x, y))
        return out

    def _widest_all(self) -> None:
        """Find the widest routes from every source (one batched pass over the spanning tree)."""
        nodes = [s for _, s in self.sources]
        if self._tree is None:
            g = self.graph
            self._node_w = np.where(self.width_node, np.minimum(g.route, 1e6), 0.0)
            if not self._entries.simple or len(nodes) != 2:
                self._tree = spanning_tree_of(self._entries, g.wheel, self._node_w)
            else:  # two arrivals: one search of the tree as Kruskal gives it
                once = spanning_tree_once(self._entries, g.wheel, self._node_w)
                two = widest_from_two(once, self._node_w, nodes[0], nodes[1])
                if two is not None:
                    for k in range(2):
                        self._bottleneck[k] = (two[0][k], two[1][k])
                    return
                self._tree = symmetric(once)
        # On a graph without repeated pairs every tree entry costs 2e6 - its narrower end.
        value, where = widest_on_tree_many(
            self._tree, self._node_w, nodes, weighted=self._entries.simple
        )
        for k in range(len(nodes)):
            self._bottleneck[k] = (value[k], where[k])

    def first_level_change(self, source: int, target: Target) -> str | None:
        """Return the element causing the first level change on the walking route (None if none)."""
        nodes = self.path(source, target, walking=True)
        if len(nodes) < 2:
            return None
        return first_change(self.graph, nodes, self._changes)

    @cached_property
    def _changes(self) -> tuple[dict[tuple[int, int], float], set[tuple[int, int]]]:
        """Level-change codes between joined nodes, and those a wheelchair edge joins."""
        return change_pairs(self.graph, self.wheel_edge)

    @property
    def entries_simple(self) -> bool:
        """Whether no node pair of the network repeats (then :meth:`distance_within` answers)."""
        return self._entries.simple

    def distance_within(
        self, edges: NDArray[np.bool_], nodes: NDArray[np.int64]
    ) -> NDArray[np.float64] | None:
        """:meth:`distance_to` on the wheelchair edges in ``edges`` (None: pairs repeat)."""
        if not self._entries.simple or not len(nodes):
            return None
        length = np.maximum(self.graph.length, 1e-9)
        matrix = self._entries.both_ways(self.wheel_edge & edges, length)
        return np.asarray(dijkstra(matrix, directed=True, indices=nodes, min_only=True))

    def distances_from(self, nodes: NDArray[np.int64], limit: float) -> NDArray[np.float64]:
        """Wheelchair route distance from each of ``nodes`` (rows) to all nodes, inf past limit."""
        dist = dijkstra(self._wheel, directed=True, indices=nodes, limit=limit)
        return np.atleast_2d(np.asarray(dist, dtype=np.float64))

    def distance_to(self, nodes: NDArray[np.int64], limit: float = np.inf) -> NDArray[np.float64]:
        """Wheelchair route distance from every node to the nearest of ``nodes``.

        With a ``limit`` the search stops there: a distance up to the limit is the one the full
        search gives (the same sums along the same shortest routes), a longer one is inf.
        """
        if len(nodes) == 0:
            return np.full(self.graph.size, np.inf)
        # Several checks ask for the same node set (the turning spots of one diameter).
        key = (np.asarray(nodes, dtype=np.int64).tobytes(), float(limit))
        hit = self._distances.get(key)
        if hit is None:
            dist = dijkstra(self._wheel, directed=True, indices=nodes, min_only=True, limit=limit)
            hit = self._distances[key] = np.asarray(dist)
            hit.flags.writeable = False
        return hit


def _row_view(matrix: NDArray[np.int64], row: int) -> Sequence[int]:
    """Return row ``row`` of a C-contiguous integer matrix as a memoryview (no copy)."""
    return np.ascontiguousarray(matrix[row], dtype=np.int64).data


def _dijkstra(
    matrix: csr_matrix, sources: list[int]
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    if not sources:
        n = matrix.shape[0]
        return np.zeros((0, n)), np.zeros((0, n), dtype=np.int64)
    dist, pred = dijkstra(
        matrix, directed=True, indices=sources, return_predecessors=True
    )
    return np.atleast_2d(dist), np.atleast_2d(pred).astype(np.int64)


def route_set(
    graph: Graph,
    gap: float,
    sources: Sequence[tuple[str, int]],
    blocked_doors: set[int],
) -> RouteSet:
    """Build the route set for wheelchair passing width ``gap``.

    ``blocked_doors`` are indices into ``graph.doors`` that a wheelchair cannot use (revolving,
    threshold too high) whatever their width.
    """
    in_blocked = np.isin(
        graph.door, np.fromiter(blocked_doors, dtype=np.int64, count=len(blocked_doors))
    )
    wheel_node = (graph.free >= gap / 2.0 - SLACK) & ~in_blocked
    walk_node = graph.free >= WALK_CLEARANCE
    u, v = graph.edges[:, 0], graph.edges[:, 1]
    wheel_edge = graph.wheel & wheel_node[u] & wheel_node[v]
    walk_edge = walk_node[u] & walk_node[v]
    level_edge = graph.wheel & walk_edge
    width_node = np.where(graph.door >= 0, wheel_node, walk_node)
    return RouteSet(
        graph, gap, wheel_node, width_node, wheel_edge, walk_edge, level_edge, tuple(sources)
    )
