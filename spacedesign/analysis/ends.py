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

import math
from collections import defaultdict

import numpy as np
from numpy.typing import NDArray

from spacedesign.analysis.network import Graph

__all__ = ["route_ends"]

#: Branch lengths closer than this (m) are equal.
TIE = 1e-6


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


def _leaf_branches(
    adj: dict[int, dict[int, float]],
) -> dict[int, list[tuple[float, int, list[int]]]]:
    """Every branch from a leaf through degree-2 nodes to a junction, grouped by junction."""
    found: dict[int, list[tuple[float, int, list[int]]]] = defaultdict(list)
    for leaf in [n for n, nb in adj.items() if len(nb) == 1]:
        branch = [leaf]
        prev, node = leaf, next(iter(adj[leaf]))
        length = adj[leaf][node]
        near = adj[node]
        while len(near) == 2:
            branch.append(node)
            # The neighbour that is not where we came from (adjacency is symmetric).
            first, second = near
            nxt = second if first == prev else first
            length += near[nxt]
            prev, node = node, nxt
            near = adj[node]
        if len(near) >= 3:  # else a simple path: both of its ends are real ends
            found[node].append((length, leaf, branch))
    return found


def _prune_spurs(
    adj: dict[int, dict[int, float]], free: NDArray[np.float64]
) -> dict[int, list[tuple[float, int, list[int]]]]:
    """Remove leaf branches shorter than the clear width at their junction, in rounds.

    Each round takes every leaf branch of the graph as it stands at the start of the round, so
    the result depends on the geometry only, not on node numbers or edge order. A junction keeps
    at least two branches in a round (the longest of its short ones), so it never turns into a
    new leaf in the round that trims it. Short branches of equal length (within ``TIE``) are
    kept or removed together: ranking them by coordinates would make the result depend on how
    the plan is turned, and both are equally the end of the corridor.

    Returns the leaf branches of the pruned graph, grouped by junction.
    """
    while True:
        removed = False
        found = _leaf_branches(adj)
        for junction, branches in found.items():
            width = 2.0 * float(free[junction])
            short = sorted((b for b in branches if b[0] < width), key=lambda b: -b[0])
            keep = max(0, 2 - (len(adj[junction]) - len(short)))
            floor = short[keep - 1][0] - TIE if 0 < keep <= len(short) else math.inf
            for length, _, branch in short:
                if length >= floor:
                    continue
                for n in branch:
                    for m in adj.pop(n):
                        if m in adj:
                            adj[m].pop(n, None)
                removed = True
        if not removed:
            return found


def _end_groups(
    adj: dict[int, dict[int, float]],
    free: NDArray[np.float64],
    found: dict[int, list[tuple[float, int, list[int]]]],
) -> list[list[int]]:
    """Group the ends left after pruning (tied corners of one end form one group)."""
    groups = [[n] for n, nb in adj.items() if not nb]
    for junction, branches in found.items():
        width = 2.0 * float(free[junction])
        tied: list[tuple[float, int, list[int]]] = []
        for branch in sorted(branches, key=lambda b: b[0]):
            if tied and (branch[0] >= width or branch[0] - tied[-1][0] > TIE):
                groups.append([b[1] for b in tied])
                tied = []
            tied.append(branch)
        groups.append([b[1] for b in tied])
    ends = {n for group in groups for n in group}
    groups += [[n] for n, nb in adj.items() if len(nb) == 1 and n not in ends]
    return groups


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
        Node indices of the dead ends, ordered by their coordinates (x, then y).
    """
    inside = (graph.room == room) & wheel_node & (graph.door < 0)
    if not inside.any():
        return []
    adj = _adjacency(graph, inside, wheel_edge)
    found = _prune_spurs(adj, graph.free)
    ends = []
    for group in _end_groups(adj, graph.free, found):
        # The corners of one end: it lies at a way out if any of them does.
        ends.append(min(group, key=lambda n: (round(float(exit_distance[n]), 6), *graph.xy[n])))
    dead = [n for n in ends if not exit_distance[n] <= reach]
    return sorted(dead, key=lambda n: tuple(graph.xy[n].tolist()))
