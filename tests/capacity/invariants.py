"""Checks that a furnished room keeps the promises of spacedesign.capacity."""

from __future__ import annotations

import itertools
import math

import shapely
import shapely.ops
from shapely import affinity

from spacedesign.capacity import Clearances, RoomLayout, RoomSpace
from spacedesign.model import Level

TOL = 1e-6
TABLE_STYLES = {"classroom", "boardroom", "u_shape", "banquet", "consultation", "coworking"}


def obstacles(level: Level) -> list:
    geoms = [w.footprint for w in level.walls]
    geoms += [c.polygon.geometry for c in level.columns]
    geoms += [f.polygon.geometry for f in level.fixtures if f.polygon is not None]
    return geoms


def check_layout(level: Level, space: RoomSpace, layout: RoomLayout) -> None:
    clear = Clearances()
    items = layout.items
    net = space.net.buffer(1e-6)
    for item in items:
        assert item.polygon.within(net), f"{item.key} leaves the room"
        for obstacle in obstacles(level):
            assert item.polygon.intersection(obstacle).area < TOL, f"{item.key} on an obstacle"
        if item.role != "wheelchair_place":
            for door in space.doors:
                assert item.polygon.intersection(door.zone).area < TOL, "furniture in door zone"
    for a, b in itertools.combinations(items, 2):
        assert a.polygon.intersection(b.polygon).area < TOL, f"{a.key} overlaps {b.key}"
    chairs = [i for i in items if i.kind == "chair"]
    tables = [i for i in items if i.kind in ("table", "desk")]
    if layout.style == "theatre" and chairs:
        angle = chairs[0].rotation
        local = [affinity.rotate(c.polygon, -angle, origin=(0, 0)) for c in chairs]
        for a, b in itertools.combinations(local, 2):
            ay0, ay1 = a.bounds[1], a.bounds[3]
            by0, by1 = b.bounds[1], b.bounds[3]
            same_row = min(ay1, by1) - max(ay0, by0) > 0.01
            if not same_row:
                assert a.distance(b) >= 0.35 - TOL, "rows closer than 0.35 m (§11)"
    if layout.style in ("boardroom", "u_shape", "banquet"):
        boundary = net.boundary
        for table in tables:
            x0, y0, x1, y1 = affinity.rotate(table.polygon, -table.rotation, origin=(0, 0)).bounds
            small = layout.style == "boardroom" and max(x1 - x0, y1 - y0) <= 2.4 + 1e-6
            need = clear.consult_table_to_wall if small else clear.table_to_wall
            if layout.style == "u_shape":
                need = clear.u_open_end  # the open end's table ends; chair sides keep 1.2 m
            assert table.polygon.distance(boundary) >= need - 1e-3
    if layout.style in TABLE_STYLES and tables:
        table_union = shapely.union_all([t.polygon for t in tables])
        others = [i.polygon for i in items]
        for chair in chairs:
            c = chair.polygon.centroid
            near = shapely.ops.nearest_points(table_union, c)[0]
            dx, dy = c.x - near.x, c.y - near.y
            norm = math.hypot(dx, dy) or 1.0
            # push-back: chair depth + 5 in behind a seated person (§13 [P5])
            moved = affinity.translate(chair.polygon, dx / norm * 0.13, dy / norm * 0.13)
            assert moved.within(net), "no room to push the chair back"
            for other in others:
                if other.equals(chair.polygon):
                    continue
                assert moved.intersection(other).area < 0.02, "chair cannot be pushed back"


def reach(space: RoomSpace, layout: RoomLayout, width: float):
    """Floor a disc of diameter ``width`` reaches from a door without touching furniture.

    Written independently of spacedesign.capacity.routes: erode the free floor by half the
    width, keep the pieces that contain a door's inside point (or lie within the disc's radius
    of it), dilate back.
    """
    furniture = shapely.union_all([i.polygon for i in layout.items])
    free = space.net.difference(furniture)
    core = free.buffer(-(width / 2.0 - 1e-3))
    pieces = list(getattr(core, "geoms", [core]))
    doors = [shapely.Point(d.inside) for d in space.doors]
    kept = [g for g in pieces if not g.is_empty
            and any(g.distance(p) <= width / 2.0 + 0.05 for p in doors)]
    return shapely.union_all(kept).buffer(width / 2.0 - 1e-3) if kept else shapely.Polygon()


def check_routes(space: RoomSpace, layout: RoomLayout, route_width: float) -> None:
    """One wheelchair place on a route of ``route_width``; every seat group on an aisle.

    Seat groups are the furniture clusters (pieces closer than 0.6 m, a passage behind a seated
    person, §13 [P5]); each must touch the floor a 0.6 m disc reaches from a door. In theatre
    rows (chairs only, not tucked under a table) every chair must be reachable by the 0.35 m
    row gap of §11.
    """
    if not layout.items or not space.doors:
        return
    places = [i.polygon for i in layout.items if i.role == "wheelchair_place"]
    if places:
        route = reach(space, layout, route_width)
        assert any(route.distance(p) <= 0.1 + 1e-6 for p in places), \
            "no wheelchair place on a route of the ruleset's width"
    seated = [i.polygon for i in layout.items if i.kind in ("chair", "table", "desk", "sofa")]
    if not seated:
        return
    aisle = reach(space, layout, 0.6)
    groups = shapely.union_all([g.buffer(0.3) for g in seated])
    for group in getattr(groups, "geoms", [groups]):
        assert aisle.distance(group.buffer(-0.3 + 1e-3)) <= 0.35, "a seat group no aisle reaches"
    if layout.style != "theatre":
        return
    gap = reach(space, layout, 0.35)
    for chair in (i.polygon for i in layout.items if i.kind == "chair"):
        assert gap.distance(chair) <= 0.1, "a chair no 0.35 m gap reaches"
