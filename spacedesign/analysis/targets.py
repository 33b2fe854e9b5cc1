"""Destinations of the accessible route and where routes start (DESIGN.md §5 ROUTE-REACH)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from spacedesign.analysis.network import Graph
from spacedesign.analysis.paths import run_starts
from spacedesign.analysis.routes import Target
from spacedesign.model import Plan

__all__ = [
    "door_ports_of_room",
    "room_nodes",
    "room_target",
    "room_targets",
    "route_sources",
    "route_targets",
]

#: Access point kinds where visitors arrive on foot (or wheel).
ARRIVAL_KINDS = frozenset({"pedestrian", "transit"})


def door_ports_of_room(graph: Graph, level_id: str, room_id: str) -> list[int]:
    """Ports of the doors that lead into the room (by ``connects`` or by their neighbours).

    In door order. Read off an index of every room's door ports, built once per graph.
    """
    return list(_door_ports(graph).get((level_id, room_id), ()))


def _door_ports(graph: Graph) -> dict[tuple[str, str], list[int]]:
    """Door ports of every room, in door order (kept with ``graph``).

    A door with ``connects`` leads into the rooms it names; a door without leads into the rooms
    of the nodes its port joins (the room's first code in ``graph.rooms``, as a lookup by id).
    """
    hit = graph.memo.get(("door_ports",))
    if isinstance(hit, dict):
        return hit
    first: dict[tuple[str, str], int] = {}
    for code, key in enumerate(graph.rooms):
        first.setdefault(key, code)
    out: dict[tuple[str, str], list[int]] = {}
    for lvl, gap in graph.doors:
        port = graph.ports.get(f"door:{lvl}:{gap.opening.id}")
        if port is None:
            continue
        connects = gap.opening.connects
        if connects is not None:
            keys = [(lvl, room) for room in connects]
        else:
            codes = set(graph.room[graph.neighbours(port)].tolist())
            keys = [graph.rooms[c] for c in sorted(codes) if c >= 0]
            keys = [k for k in keys if k[0] == lvl and first[k] in codes]
        for key in dict.fromkeys(keys):
            out.setdefault(key, []).append(port)
    graph.memo[("door_ports",)] = out
    return out


def room_target(graph: Graph, level_id: str, room_id: str, kind: str = "room") -> Target:
    """Return the room's nodes plus the ports of the doors into it (kept with ``graph``)."""
    memo_key = ("room_target", level_id, room_id, kind)
    hit = graph.memo.get(memo_key)
    if isinstance(hit, Target):
        return hit
    target = _room_target(graph, level_id, room_id, kind)
    graph.memo[memo_key] = target
    return target


def _room_target(graph: Graph, level_id: str, room_id: str, kind: str) -> Target:
    key = (level_id, room_id)
    code = graph.rooms.index(key) if key in graph.rooms else -1
    nodes = room_nodes(graph, code) if code >= 0 else np.zeros(0, dtype=np.int64)
    listed = _door_ports(graph).get(key, [])
    ports = np.array(listed, dtype=np.int64)
    # The room's nodes are ascending and distinct; with distinct ports that are none of them
    # (a port has no room), sorting the two together gives what np.unique gives.
    if len(set(listed)) == len(listed) and not np.any(graph.room[ports] == code):
        nodes = np.sort(np.concatenate([nodes, ports]))
    else:
        nodes = np.unique(np.concatenate([nodes, ports]))
    return Target(room_id, kind, level_id, nodes.astype(np.int64))


def room_targets(graph: Graph, wanted: list[tuple[str, str, str]]) -> list[Target]:
    """:func:`room_target` of each ``(level_id, room_id, kind)``, found together.

    Targets already kept with ``graph`` are reused; the others are made with one sort of all
    their (room, node) keys, each run of equal keys kept once (each room's nodes and door
    ports ascending and distinct, as :func:`room_target` gives them), and kept with ``graph``.
    """
    out: list[Target | None] = []
    missing: list[int] = []
    for k, (level_id, room_id, kind) in enumerate(wanted):
        hit = graph.memo.get(("room_target", level_id, room_id, kind))
        out.append(hit if isinstance(hit, Target) else None)
        if not isinstance(hit, Target):
            missing.append(k)
    if missing:
        first: dict[tuple[str, str], int] = {}
        for code, key in enumerate(graph.rooms):
            first.setdefault(key, code)
        if graph.rooms:
            room_nodes(graph, 0)  # the grouping of the room codes, made once per graph
        grouping = graph.memo.get(("room_nodes",))
        ports = _door_ports(graph)
        parts: list[NDArray[np.int64]] = []
        sizes: list[int] = []
        for k in missing:
            key = wanted[k][:2]
            code = first.get(key, -1)
            listed = ports.get(key, [])
            size = len(listed)
            if code >= 0 and isinstance(grouping, tuple):
                order, bounds = grouping
                nodes = order[bounds[code] : bounds[code + 1]]
                parts.append(nodes)
                size += len(nodes)
            if listed:
                parts.append(np.array(listed, dtype=np.int64))
            sizes.append(size)
        n = np.int64(graph.size + 1)
        owner = np.repeat(np.arange(len(missing), dtype=np.int64), sizes)
        keys = np.concatenate([*parts, np.zeros(0, dtype=np.int64)]) + owner * n
        keys.sort()
        keys = keys[run_starts(keys)]
        cuts = np.searchsorted(keys, np.arange(1, len(missing), dtype=np.int64) * n)
        start = 0
        for j, (k, stop) in enumerate(zip(missing, [*cuts.tolist(), len(keys)], strict=True)):
            level_id, room_id, kind = wanted[k]
            nodes = keys[start:stop] - j * n
            start = stop
            target = Target(room_id, kind, level_id, nodes)
            graph.memo[("room_target", level_id, room_id, kind)] = target
            out[k] = target
    return [t for t in out if t is not None]


def room_nodes(graph: Graph, code: int) -> NDArray[np.int64]:
    """Return the nodes of room number ``code`` (in ``graph.rooms``), ascending.

    What ``np.nonzero(graph.room == code)[0]`` gives, read off one grouping of the room codes
    made once per graph and kept with it.
    """
    hit = graph.memo.get(("room_nodes",))
    if not isinstance(hit, tuple):
        order = np.argsort(graph.room, kind="stable")
        bounds = np.searchsorted(graph.room[order], np.arange(len(graph.rooms) + 1))
        hit = (order.astype(np.int64), bounds)
        graph.memo[("room_nodes",)] = hit
    order, bounds = hit
    nodes: NDArray[np.int64] = order[bounds[code] : bounds[code + 1]]
    return nodes


def route_targets(plan: Plan, graph: Graph) -> list[Target]:
    """Every public room, reception counter, accessible toilet and elevator of the plan."""
    targets: list[Target] = []
    # Every room target the plan asks for, made together (room_target then reads them back).
    wanted: list[tuple[str, str, str]] = []
    for level in plan.levels:
        wanted += [(level.id, room.id, "room") for room in level.rooms if room.public]
        for fixture in level.fixtures:
            if fixture.room is not None and (level.id, fixture.room) in graph.rooms:
                if fixture.kind == "elevator":
                    wanted.append((level.id, fixture.room, "room"))
                elif fixture.kind == "accessible_toilet":
                    wanted.append((level.id, fixture.room, "toilet"))
        wanted += [
            (level.id, room.id, "toilet")
            for room in level.rooms
            if room.use == "accessible_toilet" and not room.public
        ]
    room_targets(graph, wanted)
    for level in plan.levels:
        for room in level.rooms:
            if room.public:
                targets.append(room_target(graph, level.id, room.id))
        toilet_rooms = {f.room for f in level.fixtures if f.kind == "accessible_toilet"}
        for fixture in level.fixtures:
            port = graph.ports.get(f"fixture:{level.id}:{fixture.id}")
            if fixture.kind == "counter" and port is not None:
                targets.append(Target(fixture.id, "counter", level.id, np.array([port])))
            elif fixture.kind == "elevator":
                # A lift drawn inside its own shaft room is entered through that room's door.
                nodes = np.array([port] if port is not None else [], dtype=np.int64)
                if fixture.room is not None and (level.id, fixture.room) in graph.rooms:
                    nodes = np.union1d(nodes, room_target(graph, level.id, fixture.room).nodes)
                targets.append(Target(fixture.id, "elevator", level.id, nodes.astype(np.int64)))
            elif fixture.kind == "accessible_toilet":
                if fixture.room is not None and (level.id, fixture.room) in graph.rooms:
                    base = room_target(graph, level.id, fixture.room, "toilet")
                    nodes = base.nodes
                    if port is not None:
                        nodes = np.union1d(nodes, [port])
                    targets.append(Target(fixture.id, "toilet", level.id, nodes))
                elif port is not None:
                    targets.append(Target(fixture.id, "toilet", level.id, np.array([port])))
        for room in level.rooms:
            if room.use == "accessible_toilet" and room.id not in toilet_rooms and not room.public:
                targets.append(room_target(graph, level.id, room.id, "toilet"))
    return targets


def route_sources(plan: Plan, graph: Graph) -> list[tuple[str, int]]:
    """Where routes start: pedestrian/transit access points and accessible parking bays.

    A plan without a site (or without arrival points) starts at its entrance doors.
    """
    sources: list[tuple[str, int]] = []
    if plan.site is not None:
        for point in plan.site.access_points:
            if point.kind in ARRIVAL_KINDS and f"access:{point.id}" in graph.ports:
                sources.append((point.id, graph.ports[f"access:{point.id}"]))
        for bay in plan.site.parking:
            if bay.kind == "car" and bay.accessible and f"parking:{bay.id}" in graph.ports:
                sources.append((bay.id, graph.ports[f"parking:{bay.id}"]))
    if not sources:
        for name, port in graph.ports.items():
            if name.startswith("door-out:"):
                sources.append((name.split(":", 2)[2], port))
    return sources
