"""Dead ends of a room's wheelchair route: where the route stops and a user has to turn round.

A corridor's usable floor is represented by its medial graph (nodes whose free clearance lets
the wheelchair through). Its *ends* are found by pruning spurs: a branch that runs from a
junction to a leaf and is shorter than the corridor's width at the junction is a corner or a
shallow niche, not a way anyone travels along; it is removed, repeatedly, until every remaining
leaf is the end of a real run of corridor (a rectangular corridor keeps exactly its two ends).
An end is a *dead end* unless it lies at a way out of the room (a door or an opening within
``reach`` of it, measured along the route).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from numpy.typing import NDArray

from spacedesign.analysis.network import Graph

__all__ = ["route_ends"]


def _adjacency(
    graph: Graph, inside: NDArray[np.bool_], edge_ok: NDArray[np.bool_]
) -> dict[int, dict[int, float]]:
    u, v = graph.edges[:, 0], graph.edges[:, 1]
    keep = edge_ok & inside[u] & inside[v] & (u != v)
    adj: dict[int, dict[int, float]] = defaultdict(dict)
    pairs = zip(u[keep].tolist(), v[keep].tolist(), graph.length[keep].tolist(), strict=True)
    for a, b, w in pairs:
        adj[a][b] = w
        adj[b][a] = w
    for node in np.nonzero(inside)[0].tolist():
        adj.setdefault(node, {})
    return adj


def _prune_spurs(adj: dict[int, dict[int, float]], free: NDArray[np.float64]) -> None:
    """Remove leaf branches shorter than the clear width at the junction they hang from."""
    changed = True
    while changed:
        changed = False
        for leaf in [n for n, nb in adj.items() if len(nb) == 1]:
            if leaf not in adj or len(adj[leaf]) != 1:
                continue
            branch = [leaf]
            length = 0.0
            prev, node = leaf, next(iter(adj[leaf]))
            length += adj[leaf][node]
            while len(adj[node]) == 2:
                branch.append(node)
                nxt = next(n for n in adj[node] if n != prev)
                length += adj[node][nxt]
                prev, node = node, nxt
            if len(adj[node]) < 3:
                continue  # a simple path: both ends are real ends
            if length < 2.0 * float(free[node]):
                for n in branch:
                    for m in list(adj[n]):
                        adj[m].pop(n, None)
                    del adj[n]
                changed = True


def route_ends(
    graph: Graph,
    room: int,
    wheel_node: NDArray[np.bool_],
    wheel_edge: NDArray[np.bool_],
    exit_distance: NDArray[np.float64],
    reach: float,
) -> list[int]:
    """Dead ends of room number ``room``'s wheelchair route.

    Parameters
    ----------
    graph : Graph
        The movement network.
    room : int
        Index into ``graph.rooms``.
    wheel_node, wheel_edge : ndarray of bool
        Nodes and edges a wheelchair can use.
    exit_distance : ndarray of float
        Route distance from every node to the nearest way out of the room.
    reach : float
        An end within this route distance of a way out is not a dead end (m).

    Returns
    -------
    list of int
        Node indices of the dead ends, in node order.
    """
    inside = (graph.room == room) & wheel_node & (graph.door < 0)
    if not inside.any():
        return []
    adj = _adjacency(graph, inside, wheel_edge)
    _prune_spurs(adj, graph.free)
    ends = sorted(n for n, nb in adj.items() if len(nb) <= 1)
    return [n for n in ends if not exit_distance[n] <= reach]
