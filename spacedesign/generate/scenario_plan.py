"""From plan + program to a :class:`ZoneProblem`, and from a layout back to a scenario plan."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from shapely.geometry import LineString, Point

from spacedesign.errors import InputError
from spacedesign.generate.zone_search import RoomSpec, ZoneLayout, ZoneProblem
from spacedesign.model import Level, Opening, Plan, Program, Room, ScenarioInfo, Shape, Wall

__all__ = ["CORRIDOR_ID", "build_scenario", "room_ids", "zone_problem"]

CORRIDOR_ID = "reno-corridor"
PARTITION = 0.12
ENTRANCE_ROOM_USES = {"lobby", "corridor"}


def _zone_level(plan: Plan, zone_id: str | None) -> tuple[Level, tuple[float, float, float, float]]:
    for level in plan.levels:
        for zone in level.zones:
            if zone.id == zone_id or (zone_id is None and zone.kind == "renovation"):
                x0, y0, x1, y1 = zone.polygon.geometry.bounds
                if abs((x1 - x0) * (y1 - y0) - zone.polygon.area) > 1e-6:
                    raise InputError(
                        f"zone {zone.id!r} is not a rectangle; the generator needs one",
                        element=zone.id,
                    )
                return level, (x0, y0, x1, y1)
    raise InputError(f"the plan has no zone {zone_id!r}", element=zone_id)


def room_ids(program: Program) -> list[tuple[str, Any]]:
    """Room id and space for every room the program asks for (``consult-1``, ``consult-2``...)."""
    out = []
    for space in program.spaces:
        for k in range(space.count):
            out.append((f"{space.id}-{k + 1}" if space.count > 1 else space.id, space))
    return out


def _in_zone(room: Room, zone: tuple[float, float, float, float]) -> bool:
    x, y = room.polygon.geometry.representative_point().coords[0]
    return bool(zone[0] - 1e-9 <= x <= zone[2] + 1e-9 and zone[1] - 1e-9 <= y <= zone[3] + 1e-9)


def _edge_neighbour(
    level: Level, zone: tuple[float, float, float, float], edge: str, width: float
) -> str | None:
    x0, y0, x1, y1 = zone
    line = LineString([(x0, y0), (x0, y1)] if edge == "x" else [(x0, y1), (x1, y1)])
    for room in level.rooms:
        if room.use in ENTRANCE_ROOM_USES and room.public and not _in_zone(room, zone):
            shared = room.polygon.geometry.boundary.intersection(line.buffer(0.01)).length
            if shared >= width:
                return room.id
    return None


def zone_problem(plan: Plan, program: Program) -> ZoneProblem:
    """Describe the program's zone of ``plan`` as a :class:`ZoneProblem`."""
    level, zone = _zone_level(plan, program.zone)
    ids = room_ids(program)
    index = {rid: i for i, (rid, _) in enumerate(ids)}
    rooms = tuple(
        RoomSpec(
            rid,
            s.id,
            (float(s.area[0]), float(s.area[1])),
            float(s.min_side or 0.0),
            bool(s.daylight),
            s.near == "entrance",
        )
        for rid, s in ids
    )
    weights = []
    for a, b, w in program.adjacency:
        for ra, sa in ids:
            for rb, sb in ids:
                if sa.id == a and sb.id == b and ra != rb:
                    weights.append((index[ra], index[rb], float(w)))
    walls = {w.id: w for w in level.walls}
    boundary = Shape.rectangle(*zone).geometry.boundary
    windows = tuple(
        (float(o.at[0]), float(o.at[1]))
        for o in level.openings
        if o.kind == "window"
        and o.wall in walls
        and walls[o.wall].kind == "exterior"
        and boundary.distance(Point(o.at)) < 0.05
    )
    zone_box = Shape.rectangle(*zone).geometry
    columns = tuple(
        _box(c.polygon.geometry.bounds)
        for c in level.columns
        if c.polygon.geometry.intersects(zone_box)
    )
    orientations = tuple(
        edge
        for edge in ("x", "y")
        if _edge_neighbour(level, zone, edge, program.corridor_width) is not None
    )
    if not orientations:
        raise InputError(
            f"zone {program.zone!r} borders no public lobby or corridor on its west or north "
            "side: the generator cannot link a corridor to the entrance",
            element=program.zone,
        )
    return ZoneProblem(
        *zone,
        # Drawn to wall centrelines: the clear width is the program's corridor width.
        float(program.corridor_width) + PARTITION,
        rooms,
        tuple(weights),
        windows,
        columns,
        orientations,
    )


def _box(bounds: tuple[float, ...]) -> tuple[float, float, float, float]:
    return (float(bounds[0]), float(bounds[1]), float(bounds[2]), float(bounds[3]))


def _on_boundary(wall: Wall, zone: tuple[float, float, float, float]) -> bool:
    boundary = Shape.rectangle(*zone).geometry.boundary
    return all(float(boundary.distance(Point(p))) < 0.02 for p in wall.path)


def _inside(point: tuple[float, float], zone: tuple[float, float, float, float]) -> bool:
    return (
        zone[0] - 1e-6 <= point[0] <= zone[2] + 1e-6
        and zone[1] - 1e-6 <= point[1] <= zone[3] + 1e-6
    )


def _names(space: Any, rid: str, count: int) -> tuple[str, str | None]:
    props: Mapping[str, Any] = space.props or {}
    name = str(props.get("name", space.id))
    name_en = props.get("name_en")
    suffix = rid.rsplit("-", 1)[-1] if count > 1 else ""
    return (f"{name}{suffix}", f"{name_en} {suffix}".strip() if name_en else None)


def build_scenario(
    plan: Plan,
    program: Program,
    problem: ZoneProblem,
    layout: ZoneLayout,
    rank: int,
    generator: dict[str, Any],
    base: str | None,
    program_ref: str | None,
) -> Plan:
    """Return the scenario plan of ``layout``: rooms, corridor, walls, doors in the zone."""
    level, zone = _zone_level(plan, program.zone)
    removed_rooms = {r.id for r in level.rooms if _in_zone(r, zone)}
    kept_walls = [
        w
        for w in level.walls
        if w.fixed or _on_boundary(w, zone) or not all(_inside(p, zone) for p in w.path)
    ]
    kept_ids = {w.id for w in kept_walls}
    openings = [
        o
        for o in level.openings
        if o.wall in kept_ids and not (o.connects and set(o.connects) & removed_rooms)
    ]
    cx0, cy0, cx1, cy1 = layout.corridor
    new_walls: list[Wall] = []
    corridor_walls: list[tuple[Wall, int]] = []
    if layout.orientation == "x":
        sides = [((cx0, cy0), (cx1, cy0)), ((cx0, cy1), (cx1, cy1))]
    else:
        sides = [((cx0, cy0), (cx0, cy1)), ((cx1, cy0), (cx1, cy1))]
    for band, (a, b) in enumerate(sides):
        if not layout.bands[band]:
            continue
        wall = Wall(f"G-COR-{'AB'[band]}", (a, b), PARTITION, "partition", False)
        new_walls.append(wall)
        corridor_walls.append((wall, band))
    ids = room_ids(program)
    counts = {s.id: s.count for s in program.spaces}
    rooms = [r for r in level.rooms if r.id not in removed_rooms]
    rooms.append(
        Room(
            CORRIDOR_ID,
            "通路",
            "corridor",
            Shape.rectangle(cx0, cy0, cx1, cy1),
            name_en="Corridor",
            public=True,
            props={"generated": True},
        )
    )
    partition = 0
    for band, members in enumerate(layout.bands):
        for position, room_index in enumerate(members):
            rid, space = ids[room_index]
            box = layout.boxes[room_index]
            name, name_en = _names(space, rid, counts[space.id])
            rooms.append(
                Room(
                    rid,
                    name,
                    space.use,
                    Shape.rectangle(*box),
                    name_en=name_en,
                    public=space.use not in {"storage", "office"},
                    props={"space": space.id, "generated": True},
                )
            )
            if position:
                partition += 1
                if layout.orientation == "x":
                    path = ((box[0], box[1]), (box[0], box[3]))
                else:
                    path = ((box[0], box[3]), (box[2], box[3]))
                new_walls.append(Wall(f"G-P-{partition}", path, PARTITION, "partition", False))
            wall = next(w for w, b in corridor_walls if b == band)
            if layout.orientation == "x":
                at = ((box[0] + box[2]) / 2.0, wall.path[0][1])
            else:
                at = (wall.path[0][0], (box[1] + box[3]) / 2.0)
            wide = space.use == "lounge"
            openings.append(
                Opening(
                    f"G-D-{rid}",
                    "opening" if wide else "door",
                    wall.id,
                    at,
                    1.8 if wide else 0.9,
                    "none" if wide else "sliding",
                    0.0,
                    (rid, CORRIDOR_ID),
                )
            )
    outer = _entrance_wall(kept_walls, layout.entrance)
    outside_room = _room_at(
        rooms, layout.entrance, exclude={CORRIDOR_ID} | removed_rooms, zone=zone
    )
    if outer is not None and outside_room is not None:
        openings.append(
            Opening(
                "G-ENTRY",
                "opening",
                outer.id,
                layout.entrance,
                round(problem.corridor_width - PARTITION - 0.3, 3),
                "none",
                0.0,
                (outside_room, CORRIDOR_ID),
            )
        )
    furniture = [
        f
        for f in level.furniture
        if f.room not in removed_rooms and not (f.at is not None and _inside(f.at, zone))
    ]
    fixtures = [f for f in level.fixtures if f.room not in removed_rooms]
    new_level = dataclasses.replace(
        level,
        walls=tuple(kept_walls + new_walls),
        openings=tuple(openings),
        rooms=tuple(rooms),
        furniture=tuple(furniture),
        fixtures=tuple(fixtures),
    )
    levels = tuple(new_level if lv.id == level.id else lv for lv in plan.levels)
    return dataclasses.replace(
        plan,
        kind="scenario",
        name=f"G{rank:02d} {program.name}",
        levels=levels,
        scenario=ScenarioInfo(
            base=base,
            program=program_ref,
            generator=generator,
            notes="generated: corridor across the zone, rooms in bands",
        ),
    )


def _entrance_wall(walls: list[Wall], point: tuple[float, float]) -> Wall | None:
    for wall in walls:
        if LineString(wall.path).distance(Point(point)) < 0.02:
            return wall
    return None


def _room_at(
    rooms: list[Room],
    point: tuple[float, float],
    exclude: set[str],
    zone: tuple[float, float, float, float],
) -> str | None:
    for room in rooms:
        if room.id in exclude or room.props.get("generated"):
            continue
        if room.polygon.geometry.distance(Point(point)) < 0.02 and not _in_zone(room, zone):
            return room.id
    return None
