"""Assemble the movement network of a plan: levels with their door ports, lifts, then the site.

See :mod:`spacedesign.analysis.network` for what the nodes and edges carry.
"""

from __future__ import annotations

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import Point, Polygon

from spacedesign.analysis.freespace import DoorGap, floor_area, level_space
from spacedesign.analysis.network import (
    INF,
    TOUCH,
    Graph,
    Network,
    Region,
    _add_medial,
    _connect,
)
from spacedesign.analysis.touch import touching_many
from spacedesign.model import Fixture, Level, Plan

__all__ = [
    "PORT_FIXTURES",
    "build_network",
    "clear_caches",
    "network_for",
    "outside_side",
    "outside_sides",
]


def _level_nodes(
    net: Network, level: Level
) -> tuple[Region, dict[str, int], list[NDArray[np.int64]]]:
    """Add the medial graph of the level with its doors closed (one graph per closed piece).

    Each door becomes a port joining the nodes whose largest free disc reaches its gap from either
    side. The port's clearance is half the door's clear width (so ROUTE-REACH sees the door) and its
    route clearance is infinite (ROUTE-WIDTH judges passages; DOOR-WIDTH judges doors).
    Also returns the nodes each of the level's :func:`_port_fixtures` reaches (within 0.1 m),
    measured with the gaps (see :func:`_join_levels`).
    """
    space = level_space(level)
    gaps = space.gaps
    free = space.closed_free
    region = _add_medial(net, f"level:{level.id}", free, elevation=level.elevation, pieces=True)
    count = len(region.xy)
    room_codes = np.full(count, -1, dtype=np.int64)
    first_code = len(net.rooms)
    net.rooms += [(level.id, room.id) for room in level.rooms]
    if count and level.rooms:
        room_codes = _room_codes(region, level, first_code)
    net.room[-1] = room_codes
    ports: dict[str, int] = {}
    # The nodes each door's gap joins and each port fixture's, measured at once (as
    # region.touching with each one's tolerance).
    fixtures = [poly for _, poly in _port_fixtures(level)]
    found = touching_many(
        region,
        [gap.polygon for gap in gaps] + fixtures,
        [TOUCH] * len(gaps) + [FIXTURE_TOUCH] * len(fixtures),
    )
    reach, fixture_reach = found[: len(gaps)], found[len(gaps) :]
    # One port node per door, in door order, and each port's edges after the previous port's.
    first_door = len(net.doors)
    first_port = net.add_nodes(
        np.array([gap.centre for gap in gaps], dtype=float).reshape(-1, 2),
        np.array([max(gap.opening.width, 0.0) / 2.0 for gap in gaps], dtype=float),
        np.full(len(gaps), INF),
        door=np.arange(first_door, first_door + len(gaps), dtype=np.int64),
    )
    for k, gap in enumerate(gaps):
        net.doors.append((level.id, gap))
        net.ports[f"door:{level.id}:{gap.opening.id}"] = first_port + k
        ports[gap.opening.id] = first_port + k
    # (an empty gap reaches no node, so it adds no edge)
    reached = np.array([len(nodes) for nodes in reach], dtype=np.int64)
    if reached.sum():
        port_of = np.repeat(np.arange(first_port, first_port + len(gaps), dtype=np.int64), reached)
        net.add_edges(np.stack([port_of, np.concatenate(reach)], axis=1))
    return region, ports, fixture_reach


def _room_codes(region: Region, level: Level, first_code: int) -> NDArray[np.int64]:
    """Room code of each node: the first room (in plan order) whose polygon it intersects.

    Boundary included; -1 where none does. A room is tested on the nodes inside its bounds,
    among the pieces of the region whose box meets them (see :attr:`Region.pieces`): all
    (room, node) pairs in one vectorised ``intersects_xy``.
    """
    polygons = np.array([room.polygon.geometry for room in level.rooms], dtype=object)
    rx0, ry0, rx1, ry1 = shapely.bounds(polygons).T
    start, stop, piece_box, _ = region.pieces
    px0, py0, px1, py1 = (piece_box[:, k, None] for k in range(4))
    piece, room = np.nonzero((px0 <= rx1) & (px1 >= rx0) & (py0 <= ry1) & (py1 >= ry0))
    count = stop[piece] - start[piece]
    room = np.repeat(room, count)
    node = np.repeat(start[piece] - (np.cumsum(count) - count), count) + np.arange(count.sum())
    x, y = region.xy[node, 0], region.xy[node, 1]
    inside = (x >= rx0[room]) & (x <= rx1[room]) & (y >= ry0[room]) & (y <= ry1[room])
    room, node, x, y = room[inside], node[inside], x[inside], y[inside]
    # In a room that is an axis-parallel rectangle, a point intersects the polygon exactly
    # when it lies in its box (boundary included), which the test above settled. The others'
    # pairs: prepared, as intersects_xy prepares a single polygon (the same test).
    hit = np.ones(len(room), dtype=bool)
    ask = ~_axis_rectangles(polygons)[room]
    if ask.any():
        shapely.prepare(polygons)
        hit[ask] = shapely.intersects_xy(polygons[room[ask]], x[ask], y[ask])
    first = np.full(len(region.xy), len(polygons), dtype=np.int64)
    np.minimum.at(first, node[hit], room[hit])
    return np.where(first < len(polygons), first + first_code, -1).astype(np.int64)


def _axis_rectangles(polygons: NDArray[np.object_]) -> NDArray[np.bool_]:
    """Whether each geometry is a polygon whose one ring is an axis-parallel rectangle.

    Four edges that alternate between horizontal and vertical, none of zero length (so four
    distinct corners of a box of positive width and height), no hole.
    """
    out = np.zeros(len(polygons), dtype=bool)
    simple = (
        (shapely.get_type_id(polygons) == 3)
        & (shapely.get_num_coordinates(polygons) == 5)
        & (shapely.get_num_interior_rings(polygons) == 0)
    )
    if not simple.any():
        return out
    ring = shapely.get_coordinates(polygons[simple]).reshape(-1, 5, 2)
    dx = ring[:, 1:, 0] != ring[:, :-1, 0]
    dy = ring[:, 1:, 1] != ring[:, :-1, 1]
    across = dx & ~dy  # a horizontal edge of positive length
    up = dy & ~dx
    alternate = (across[:, 0::2].all(axis=1) & up[:, 1::2].all(axis=1)) | (
        up[:, 0::2].all(axis=1) & across[:, 1::2].all(axis=1)
    )
    out[simple] = alternate
    return out


def outside_side(level: Level, gap: DoorGap) -> float | None:
    """+1/-1: the side of the wall that is outside, or None when the door is interior."""
    connects = gap.opening.connects
    if connects is not None and "outside" not in connects:
        return None
    floor = floor_area(level)
    sides = []
    for side in (1.0, -1.0):
        probe = Point(gap.face_point(side, 0.15))
        sides.append((floor.covers(probe), side))
    outside = [s for inside, s in sides if not inside]
    if connects is None and len(outside) != 1:
        return None
    return outside[0] if outside else -1.0


def outside_sides(level: Level, gaps: tuple[DoorGap, ...]) -> list[float | None]:
    """:func:`outside_side` of each gap, with one ``covers`` call for every probe point."""
    probed = [
        k
        for k, gap in enumerate(gaps)
        if gap.opening.connects is None or "outside" in gap.opening.connects
    ]
    out: list[float | None] = [None] * len(gaps)
    if not probed:
        return out
    probes = [gaps[k].face_point(side, 0.15) for k in probed for side in (1.0, -1.0)]
    inside = shapely.covers(floor_area(level), shapely.points(probes)).reshape(-1, 2).tolist()
    for k, (plus, minus) in zip(probed, inside, strict=True):
        outside = [s for covered, s in ((plus, 1.0), (minus, -1.0)) if not covered]
        if gaps[k].opening.connects is None and len(outside) != 1:
            continue
        out[k] = outside[0] if outside else -1.0
    return out


def build_network(plan: Plan) -> Graph:
    """Build the movement network of ``plan`` (levels, site surfaces, ramps and their joints)."""
    net = Network()
    level_regions: dict[str, Region] = {}
    fixture_reach: dict[str, list[NDArray[np.int64]]] = {}
    outside_doors: list[tuple[Level, DoorGap, int]] = []
    for level in plan.levels:
        region, door_ports, fixture_reach[level.id] = _level_nodes(net, level)
        level_regions[level.id] = region
        gaps = level_space(level).gaps
        for gap, side in zip(gaps, outside_sides(level, gaps), strict=True):
            net.outside.append(side)  # the level's doors were just added, in this order
            if side is None or gap.polygon.is_empty:
                continue
            port = net.add_port(f"door-out:{level.id}:{gap.opening.id}", gap.face_point(side))
            net.add_edges(np.array([[port, door_ports[gap.opening.id]]]))
            outside_doors.append((level, gap, port))
    _join_levels(net, plan, fixture_reach)
    if plan.site is not None:
        from spacedesign.analysis.site_memo import add_site_memo

        add_site_memo(net, plan, outside_doors)
    return net.finish()


#: Fixtures that are destinations or hazards and get a port on the network.
PORT_FIXTURES = frozenset({"counter", "elevator", "accessible_toilet"})
#: A fixture's port joins the nodes whose largest free disc comes this close to it (m).
FIXTURE_TOUCH = 0.1


def _port_fixtures(level: Level) -> list[tuple[Fixture, Polygon]]:
    """Return the fixtures of ``level`` that get a port, with their valid, non-empty polygons."""
    fixtures = [
        (fixture, fixture.polygon.geometry)
        for fixture in level.fixtures
        if fixture.kind in PORT_FIXTURES and fixture.polygon is not None
    ]
    return [(f, poly) for f, poly in fixtures if poly.is_valid and not poly.is_empty]


def _join_levels(net: Network, plan: Plan, reaches: dict[str, list[NDArray[np.int64]]]) -> None:
    """Ports for counters, elevators and toilet booths; lifts join levels.

    ``reaches``: by level, the nodes each of its :func:`_port_fixtures` reaches (as
    Region.touching within :data:`FIXTURE_TOUCH`). Elevators on different levels whose
    footprints overlap carry a wheelchair between them.
    """
    lifts: list[tuple[Polygon, int]] = []
    for level in plan.levels:
        fixtures = _port_fixtures(level)
        for (fixture, poly), nodes in zip(fixtures, reaches[level.id], strict=True):
            port = net.add_port(f"fixture:{level.id}:{fixture.id}", poly.centroid.coords[0])
            _connect(net, port, nodes)
            if fixture.kind != "elevator":
                continue
            for other_poly, other_port in lifts:
                if other_poly.intersects(poly):
                    net.add_edges(np.array([[port, other_port]]))
            lifts.append((poly, port))


_NETWORKS: dict[int, tuple[Plan, Graph]] = {}
_NETWORKS_MAX = 8


def network_for(plan: Plan) -> Graph:
    """Return the network of ``plan``, built once per plan object (a small identity cache).

    The network does not depend on the ruleset, so checking one plan against several rulesets
    (or scoring it after checking it) builds it once.
    """
    hit = _NETWORKS.get(id(plan))
    if hit is not None and hit[0] is plan:
        return hit[1]
    if len(_NETWORKS) >= _NETWORKS_MAX:
        _NETWORKS.pop(next(iter(_NETWORKS)))
    graph = build_network(plan)
    _NETWORKS[id(plan)] = (plan, graph)
    return graph


def clear_caches() -> None:
    """Forget cached networks and level geometry (benchmarks use it to time cold checks)."""
    from spacedesign.analysis import freespace, memo, site_memo

    _NETWORKS.clear()
    freespace._SPACES.clear()
    memo.clear()
    site_memo.clear()
