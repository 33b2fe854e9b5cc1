"""The exterior part of the movement network: walkable surfaces, ramps, steps, arrivals.

Conventions (shared/cases/README.md): walkable areas whose elevations differ by more than
:data:`LEVEL_TOLERANCE` are not connected unless a ramp (or a lift) joins them; a ramp is entered
only at its ``from`` and ``to`` ends; steps never carry a wheelchair. A door that connects to
``outside`` joins the surface (or ramp end) it opens onto; if the two differ in level, only a
walking person gets through.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
import shapely.ops
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.footprints import furniture_polygons
from spacedesign.analysis.freespace import DoorGap, level_space
from spacedesign.analysis.memo import ShapeMemo
from spacedesign.analysis.network import (
    TOUCH,
    WALK_STEP,
    Network,
    Region,
    _add_medial,
    _connect,
    is_level,
)
from spacedesign.model import Furniture, Level, Plan

__all__ = ["add_site", "building_footprint"]

#: How far an arrival point or ramp end may lie from the surface it joins (m).
JOIN = 0.3
#: How far an access point may lie from the surface it arrives on (m).
ARRIVAL_JOIN = 1.0
#: How far an access point may lie from an entrance door when there is no surface between (m).
DIRECT_JOIN = 3.0


def building_footprint(plan: Plan) -> BaseGeometry:
    """Outlines and wall footprints of every level: the part of the site nobody walks on.

    The union of the outlines and the walls that reach out of them is memoised by their exact
    geometry: generated scenarios change walls inside the building, not these.
    """
    parts: list[BaseGeometry] = []
    for level in plan.levels:
        outline = level.outline.geometry
        outline = outline if outline.is_valid else outline.buffer(0.0)
        walls = np.array(level_space(level).walls, dtype=object)
        invalid = ~shapely.is_valid(walls) if len(walls) else np.zeros(0, dtype=bool)
        if invalid.any():  # each invalid footprint repaired, as one by one
            walls[invalid] = shapely.buffer(walls[invalid], 0.0)
        parts.append(outline)
        if len(walls):
            # Walls inside the outline add nothing to it: union only those that reach out.
            shapely.prepare(outline)
            parts += list(walls[~shapely.covers(outline, walls)])
    return _FOOTPRINT(shapely.geometrycollections(parts)) if parts else Point().buffer(0)


def _union(parts: BaseGeometry) -> BaseGeometry:
    """Return the union of the collection's parts (what ``union_all`` of the parts gives)."""
    return shapely.union_all(shapely.get_parts(parts))


#: Building footprints by the exact outlines and outreaching walls they unite.
_FOOTPRINT: ShapeMemo[BaseGeometry] = ShapeMemo(_union, limit=16)


def _area_components(areas: list[Any], touch: list[tuple[int, int]]) -> list[list[int]]:
    """Group areas joined by a chain of touching pairs within :data:`LEVEL_TOLERANCE`.

    Connection is decided per touching pair, never by sorting elevations into bands: two areas
    at 0.00 and 0.04 m are joined only through a third area that touches both and lies within
    the tolerance of each.
    """
    parent = list(range(len(areas)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in touch:
        if is_level(areas[i].elevation - areas[j].elevation):
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(areas)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _surface_regions(net: Network, plan: Plan, cut: BaseGeometry) -> list[Region]:
    site = plan.site
    assert site is not None
    areas = sorted((a for a in site.areas if a.walkable), key=lambda a: a.elevation)
    polys = [a.polygon.geometry for a in areas]
    polys = [p if p.is_valid else p.buffer(0.0) for p in polys]
    touch = [
        (i, j)
        for i in range(len(areas))
        for j in range(i + 1, len(areas))
        if polys[i].distance(polys[j]) <= 0.02
    ]
    regions = []
    shapes: list[tuple[Region, BaseGeometry, list[str]]] = []
    for members in sorted(_area_components(areas, touch), key=lambda m: min(m)):
        inside = set(members)
        # A step edge between two members too far apart in level is a wall for the medial
        # graph: the component stays connected only through the members between them.
        edges = [
            polys[i].boundary.intersection(polys[j].buffer(0.02)).buffer(0.015)
            for i, j in touch
            if i in inside
            and j in inside
            and not is_level(areas[i].elevation - areas[j].elevation)
        ]
        elevation = float(np.mean([areas[i].elevation for i in members]))
        blocked = shapely.union_all([cut, *edges]) if edges else cut
        merged = shapely.union_all([polys[i] for i in members]).difference(blocked)
        for k, part in enumerate(getattr(merged, "geoms", [merged])):
            if part.area < 0.01:
                continue
            name = f"site:{elevation:.2f}:{min(members)}:{k}"
            region = _add_medial(net, name, part, elevation=elevation)
            regions.append(region)
            ids = [areas[i].id for i in members if polys[i].distance(part) < 0.01]
            shapes.append((region, part, ids))
    _curbs(net, shapes, areas, polys, touch)
    return regions


def _curbs(
    net: Network,
    shapes: list[tuple[Region, BaseGeometry, list[str]]],
    areas: list[Any],
    polys: list[BaseGeometry],
    touch: list[tuple[int, int]],
) -> None:
    """Touching areas at different levels: a walker steps across, a wheelchair cannot."""
    for i, j in touch:
        low_i, high_i = (i, j) if areas[i].elevation <= areas[j].elevation else (j, i)
        diff = areas[high_i].elevation - areas[low_i].elevation
        if is_level(diff) or diff > WALK_STEP:
            continue
        lows = [(r, p) for r, p, _ in shapes if p.intersection(polys[low_i]).area > 0.01]
        highs = [(r, p) for r, p, _ in shapes if p.intersection(polys[high_i]).area > 0.01]
        pairs = [
            (lp.distance(hp), k, lr, lp, hr, hp)
            for k, ((lr, lp), (hr, hp)) in enumerate((a, b) for a in lows for b in highs)
            if lr is not hr
        ]
        if not pairs or min(pairs, key=lambda q: q[:2])[0] > 0.05:
            continue
        _, _, low, low_poly, high, high_poly = min(pairs, key=lambda q: q[:2])
        a, b = shapely.ops.nearest_points(low_poly, high_poly)
        at = Point((a.x + b.x) / 2, (a.y + b.y) / 2)
        port = net.add_port(f"curb:{areas[low_i].id}:{areas[high_i].id}", (at.x, at.y))
        _connect(net, port, low.touching(at, JOIN))
        name = f"{areas[high_i].id} (level difference {diff:.2f} m)"
        _connect(net, port, high.touching(at, JOIN), wheel=False, change=name)


def _join(
    net: Network,
    port: int,
    at: BaseGeometry,
    elevation: float,
    regions: list[Region],
    change: str,
    tol: float = JOIN,
) -> bool:
    joined = False
    for region in regions:
        diff = abs(region.elevation - elevation)
        if diff > WALK_STEP:
            continue
        nodes, zone = region.touching_within(at, tol, TOUCH)
        if len(nodes) == 0:
            continue
        joined = True
        if is_level(diff):
            _connect(net, port, nodes, zone=zone)
        else:
            _connect(net, port, nodes, zone=zone, wheel=False, change=change)
    return joined


def _link(net: Network, a: int, b: int, elev_a: float, elev_b: float, change: str) -> None:
    diff = abs(elev_a - elev_b)
    if is_level(diff):
        net.add_edges(np.array([[a, b]]))
    elif diff <= WALK_STEP:
        net.add_edges(np.array([[a, b]]), wheel=False, change=change)


def add_site(
    net: Network,
    plan: Plan,
    doors: list[tuple[Level, DoorGap, int]],
    building: BaseGeometry | None = None,
) -> None:
    """Add the site's surfaces, ramps, steps, access points and parking to ``net``.

    ``building``: :func:`building_footprint` of ``plan`` when the caller has it already.
    """
    site = plan.site
    assert site is not None
    building = building_footprint(plan) if building is None else building
    # A Furniture record always has a footprint: test its type first, since hasattr() would
    # compute every item's (cached) rotated box that furniture_polygons builds vectorised.
    furniture = furniture_polygons(
        [f for f in site.furniture if isinstance(f, Furniture) or hasattr(f, "footprint")]
    )
    ramps = [r.polygon.geometry for r in site.ramps]
    steps = [s.polygon.geometry for s in site.steps]
    cut = shapely.union_all([building, *furniture, *ramps, *steps])
    regions = _surface_regions(net, plan, cut)
    door_at = {port: _port_xy(net, port) for _, _, port in doors}

    for level, gap, port in doors:
        _join(
            net,
            port,
            Point(door_at[port]),
            level.elevation,
            regions,
            f"{gap.opening.id} (entrance level)",
            tol=0.5,
        )

    ramp_ends: list[tuple[int, tuple[float, float], float]] = []
    blocked = shapely.union_all([building, *furniture])
    for ramp in site.ramps:
        poly = ramp.polygon.geometry
        poly = (poly if poly.is_valid else poly.buffer(0.0)).difference(blocked)
        region = _add_medial(net, f"ramp:{ramp.id}", poly, route_inf=True)
        for which, end, elevation in (
            ("from", ramp.from_point, ramp.from_elevation),
            ("to", ramp.to_point, ramp.to_elevation),
        ):
            port = net.add_port(f"ramp-{which}:{ramp.id}", end)
            nodes, zone = region.touching_within(Point(end), JOIN, TOUCH)
            _connect(net, port, nodes, zone=zone)
            _join(net, port, Point(end), elevation, regions, f"{ramp.id} (end)")
            for level, gap, door_port in doors:
                if math.dist(door_at[door_port], end) <= gap.depth / 2 + JOIN + 0.2:
                    _link(
                        net,
                        port,
                        door_port,
                        elevation,
                        level.elevation,
                        f"{gap.opening.id} (entrance level)",
                    )
            ramp_ends.append((port, end, elevation))

    for step in site.steps:
        poly = step.polygon.geometry
        centre = poly.centroid.coords[0] if not poly.is_empty else (0.0, 0.0)
        low = net.add_port(f"step-low:{step.id}", centre)
        high = net.add_port(f"step-high:{step.id}", centre)
        for port, elevation in ((low, step.from_elevation), (high, step.to_elevation)):
            _join(net, port, poly, elevation, regions, step.id)
            for level, _gap, door_port in doors:
                if Point(door_at[door_port]).distance(poly) <= JOIN + 0.2:
                    _link(net, port, door_port, elevation, level.elevation, step.id)
            for end_port, end, end_elev in ramp_ends:
                if Point(end).distance(poly) <= JOIN:
                    _link(net, port, end_port, elevation, end_elev, step.id)
        net.add_edges(np.array([[low, high]]), wheel=False, change=step.id)

    for point in site.access_points:
        port = net.add_port(f"access:{point.id}", point.at)
        joined = _join_any(net, port, Point(point.at), regions, ARRIVAL_JOIN)
        if not joined:
            for _, _, door_port in doors:
                if math.dist(door_at[door_port], point.at) <= DIRECT_JOIN:
                    net.add_edges(np.array([[port, door_port]]))
    for bay in site.parking:
        poly = bay.polygon.geometry
        centre = poly.centroid.coords[0] if not poly.is_empty else (0.0, 0.0)
        port = net.add_port(f"parking:{bay.id}", centre)
        _join_any(net, port, poly, regions, JOIN)


def _join_any(net: Network, port: int, at: BaseGeometry, regions: list[Region], tol: float) -> bool:
    """Join an arrival (access point, parking bay) to the surface it lies on or beside.

    Only the nearest surface (and others as near at the same level) is joined, so an arrival
    between a low pavement and a raised terrace does not bridge them.
    """
    found = []
    for region in regions:
        nodes, zone = region.touching_within(at, tol, TOUCH)
        if len(nodes):
            xy = region.xy[nodes - region.first]
            gap = float(
                np.min(shapely.distance(shapely.points(xy), at) - region.free[nodes - region.first])
            )
            found.append((gap, region, nodes, zone))
    if not found:
        return False
    best = min(f[0] for f in found)
    level = next(r.elevation for g, r, _, _ in found if g == best)
    for gap, region, nodes, zone in found:
        if gap <= best + 0.05 and is_level(region.elevation - level):
            _connect(net, port, nodes, zone=zone)
    return True


def _port_xy(net: Network, port: int) -> tuple[float, float]:
    offset = 0
    for block in net.xy:
        if port < offset + len(block):
            x, y = block[port - offset]
            return (float(x), float(y))
        offset += len(block)
    raise IndexError(port)
