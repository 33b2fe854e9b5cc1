"""ROUTE-TURN at dead ends, and STEP-FREE (route checks that need the routes' topology).

Dead ends: a turning place at the end of every corridor that leads nowhere.

施行令 第18条第2項 asks for a wheelchair turning place "at the end of a corridor and at most every
50 m" (standards.md §1, [J2a]); Solibri's circulation rule likewise asks for manoeuvring space at
dead ends. Our reading of *at the end*: within one turning-circle diameter (route distance) of
the dead end there is a spot whose free clearance holds the full circle. An end within one
diameter of a door or opening is not a dead end: the user goes on through it.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from spacedesign.analysis.ends import route_ends
from spacedesign.analysis.routes import SLACK, RouteSet
from spacedesign.rules.context import Context
from spacedesign.rules.data import Requirement

__all__ = ["corridor_exit_distances", "dead_end_turns", "step_free"]


def _inside_and_exits(
    rs: RouteSet, code: int
) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """Return a room's wheelchair nodes (no door nodes) and the ways out of it (ascending)."""
    g = rs.graph
    inside = (g.room == code) & rs.wheel_node & (g.door < 0)
    u, v = g.edges[:, 0], g.edges[:, 1]
    crossing = rs.wheel_edge & (inside[u] != inside[v])
    exits = np.unique(np.where(inside[u[crossing]], v[crossing], u[crossing]))
    return inside, exits


def corridor_exit_distances(
    rs: RouteSet, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], NDArray[np.float64]]:
    """Route distance to the nearest way out of each corridor, exact on its own nodes.

    What :func:`dead_end_turns` computes for each corridor alone, with one search for all of
    them when no corridor's way out is another one's node: then a route from a corridor's node
    leaves it only through one of its own ways out (an edge out of it ends at one), where the
    distance is 0 in both searches, so its nodes get the distances of its own search.

    Parameters
    ----------
    rs : RouteSet
        The routes (their network and wheelchair nodes and edges).
    keys : list of (level id, room id)
        The corridors.

    Returns
    -------
    dict
        By corridor, the distance of every node (read only on the corridor's own nodes); empty
        when the one search does not apply (fewer than two corridors, a corridor without
        wheelchair nodes, a way out inside another corridor, a repeated node pair).
    """
    g = rs.graph
    parts = {
        key: _inside_and_exits(rs, g.rooms.index(key))
        for key in dict.fromkeys(keys)
        if key in g.rooms
    }
    if len(parts) < 2 or not rs.entries_simple:
        return {}
    every = list(parts.values())
    for inside, _ in every:
        if not inside.any():
            return {}
        if any(inside[exits].any() for _, exits in every):
            return {}
    u, v = g.edges[:, 0], g.edges[:, 1]
    touching = np.zeros(len(u), dtype=bool)
    for inside, _ in every:
        touching |= inside[u] | inside[v]
    nodes = np.unique(np.concatenate([exits for _, exits in every]))
    dist = rs.distance_within(touching, nodes)
    if dist is None:
        return {}
    return dict.fromkeys(parts, dist)


def dead_end_turns(
    ctx: Context,
    level_id: str,
    room_id: str,
    name: str,
    diameter: float,
    exit_dist: NDArray[np.float64] | None = None,
) -> None:
    """Add ROUTE-TURN findings for the dead ends of the corridor ``room_id``.

    One ``fail`` per dead end without a turning place (leaves closer than a diameter count as
    one end), or else a single ``pass`` for the corridor. ``exit_dist``: the corridor's
    distances from :func:`corridor_exit_distances`, when it has them.
    """
    g = ctx.graph
    key = (level_id, room_id)
    if key not in g.rooms:
        return
    code = g.rooms.index(key)
    rs = ctx.routes
    if exit_dist is None:
        inside, exits = _inside_and_exits(rs, code)
        exit_dist = _exit_distance(rs, inside, exits, diameter)
    reached: NDArray[np.bool_]
    if len(rs.wheel_dist):
        reached = np.asarray(np.isfinite(rs.wheel_dist).any(axis=0), dtype=bool)
    else:  # no arrival point: every end of the corridor counts
        reached = np.asarray((g.room == code) & rs.wheel_node & (g.door < 0), dtype=bool)
    ends = [
        n
        for n in route_ends(g, code, rs.wheel_node, rs.wheel_edge, exit_dist, diameter)
        if reached[n]
    ]
    spots = np.nonzero(rs.wheel_node & (g.free >= diameter / 2 - SLACK) & (g.door < 0))[0]
    gaps = _spot_gaps(rs, spots, ends, diameter) if ends else []
    failing: list[tuple[tuple[float, float], float]] = []
    for node, gap in zip(ends, gaps, strict=True):
        at = (float(g.xy[node, 0]), float(g.xy[node, 1]))
        # Leaves a turning diameter apart belong to the same end (a fork round furniture).
        if gap > diameter + SLACK and all(math.dist(at, o) > diameter for o, _ in failing):
            failing.append((at, gap))
    if not failing:
        ctx.add(
            "ROUTE-TURN",
            "pass",
            room_id,
            f"{name}: 行き止まり {len(ends)} 箇所すべてに転回場所あり / every dead end "
            f"({len(ends)}) has a turning place within {diameter:.2f} m",
            unit=None,
        )
    for at, gap in failing:
        ctx.add(
            "ROUTE-TURN",
            "fail",
            room_id,
            f"{name}: 行き止まり ({at[0]:.1f}, {at[1]:.1f}) に転回場所なし / no turning place "
            f"at the dead end (nearest Ø{diameter:.2f} m spot "
            + ("none" if not math.isfinite(gap) else f"{gap:.1f} m away")
            + ")",
            location=at,
            unit=None,
        )


def _exit_distance(
    rs: RouteSet, inside: NDArray[np.bool_], exits: NDArray[np.int64], diameter: float
) -> NDArray[np.float64]:
    """Route distance to the nearest way out, exact on the corridor's own nodes (all it reads).

    A route from one of them to the nearest way out stays in the corridor up to its last edge
    (an edge out of it ends at a way out), so the search over the edges that touch the
    corridor finds them: Dijkstra's distances do not depend on the order it meets equal ones
    in. Without that search (a graph repeating a node pair): as far as twice the corridor's
    extent (plus the reach) first, and everywhere only if one of its nodes lies beyond.
    """
    g = rs.graph
    if not inside.any():
        return rs.distance_to(exits)
    u, v = g.edges[:, 0], g.edges[:, 1]
    within = rs.distance_within(inside[u] | inside[v], exits)
    if within is not None:
        return within
    span = np.ptp(g.xy[inside], axis=0)
    dist = rs.distance_to(exits, limit=2.0 * float(np.hypot(*span)) + diameter)
    if np.isfinite(dist[inside]).all():
        return dist
    return rs.distance_to(exits)


def _spot_gaps(
    rs: RouteSet, spots: NDArray[np.int64], ends: list[int], diameter: float
) -> list[float]:
    """Route distance from each end to the nearest turning spot, as far as the finding needs it.

    An end is judged by whether its distance exceeds ``diameter + SLACK``, and a failing end
    reports it. A short search from the ends themselves settles the ends with a spot clearly
    within reach (its sums run the other way along the route, so they may differ in the last
    bits: a nanometre of margin); otherwise the distances are those of the search from every
    spot (within reach first, exact up to there, then everywhere), as the findings report them.
    """
    reach = diameter + SLACK
    nodes = np.asarray(ends, dtype=np.int64)
    if len(spots):
        near = rs.distances_from(nodes, limit=reach)[:, spots].min(axis=1)
        if bool((near <= reach - 1e-9).all()):
            return [float(v) for v in near]
    exact = rs.distance_to(spots, limit=reach)
    if not np.isfinite(exact[nodes]).all():
        exact = rs.distance_to(spots)
    return [float(v) for v in exact[nodes]]


def step_free(ctx: Context, req: Requirement) -> None:
    """STEP-FREE: each destination reachable on foot is reachable without a level change."""
    del req
    if not ctx.sources or not ctx.targets:
        ctx.not_applicable("STEP-FREE", "no route to judge (no arrival point or no destination)")
        return
    rs = ctx.routes
    failed: dict[str, list[str]] = {}
    walked = 0
    # A target is walked to from a source exactly when its shortest walking route is finite.
    walks = rs.lengths_many(ctx.targets, walking=True)
    # A wheelchair route is level when every wheelchair edge is (then one minimum per target
    # answers most pairs: a finite wheelchair length is a route).
    none: list[float | None] = [None] * len(ctx.sources)
    wheels = (
        rs.lengths_many(ctx.targets) if rs.wheel_is_level else [none for _ in ctx.targets]
    )
    for target, lengths, wheel in zip(ctx.targets, walks, wheels, strict=True):
        for k, (name, _) in enumerate(ctx.sources):
            if lengths[k] is None:
                continue
            walked += 1
            if wheel[k] is None and not rs.level_reaches(k, target):
                cause = rs.first_level_change(k, target) or target.element
                failed.setdefault(cause, []).append(f"{name}→{target.element}")
    for cause, pairs in failed.items():
        ctx.add(
            "STEP-FREE",
            "fail",
            cause.split(" ")[0],
            f"{cause}: 段差がスロープ・昇降機で解消されていない / level change without a ramp or "
            f"lift on {len(pairs)} route(s), e.g. {pairs[0]}",
            unit=None,
        )
    if not walked:
        ctx.not_applicable(
            "STEP-FREE",
            "歩いても到達できる目的地なし / no destination can be reached even on foot from any "
            "arrival point, so no route exists to judge (see ROUTE-REACH)",
        )
    elif not failed:
        ctx.add(
            "STEP-FREE",
            "pass",
            None,
            "段差なし、又はスロープ・昇降機で解消 / every route is "
            "step-free (ramps and lifts bridge the level changes)",
            unit=None,
        )
