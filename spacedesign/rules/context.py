"""What every check needs: the plan, the ruleset's numbers, the network and routes, the entrance."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.assemble import network_for, outside_side
from spacedesign.analysis.freespace import Circle, DoorGap, room_net_floor, turning_circle_near
from spacedesign.analysis.network import Graph
from spacedesign.analysis.routes import RouteSet, Target, route_set
from spacedesign.analysis.targets import room_nodes, route_sources, route_targets
from spacedesign.model import Level, Plan
from spacedesign.rules.data import RULES, NotApplicable, Requirement
from spacedesign.rules.findings import Finding

__all__ = ["Context", "Door", "build_context"]


@dataclass(frozen=True)
class Door:
    """A door or opening with its level, gap and network port."""

    level: Level
    gap: DoorGap
    code: int
    port: int | None
    outside: float | None

    @property
    def id(self) -> str:
        """The opening id."""
        return self.gap.opening.id

    def inside_point(self, depth: float) -> tuple[float, float]:
        """Return the point ``depth`` metres inside the building, on the door's centre line."""
        side = -(self.outside or 1.0)
        return self.gap.face_point(side, depth)


@dataclass
class Context:
    """Shared state of one check run."""

    plan: Plan
    ruleset: str
    graph: Graph
    routes: RouteSet
    sources: list[tuple[str, int]]
    targets: list[Target]
    doors: list[Door]
    route_doors: list[Door]
    entrance: Door | None
    findings: list[Finding] = field(default_factory=list)
    routes_drawn: list[tuple[str, str, str, tuple[tuple[float, float], ...], float]] = field(
        default_factory=list
    )
    narrow_points: list[tuple[tuple[float, float], float, str]] = field(default_factory=list)
    circles: list[tuple[tuple[float, float], float, str]] = field(default_factory=list)
    isovists: list[tuple[tuple[float, float], BaseGeometry, str]] = field(default_factory=list)
    #: By level id: each room's largest inside disc (see :func:`room_discs`), made on demand.
    _discs: dict[str, dict[str, tuple[int, NDArray[np.int64] | None]]] = field(
        default_factory=dict, repr=False
    )

    def requirement(self, rule: str) -> Requirement | NotApplicable:
        """Return the rule's requirement in this ruleset."""
        return RULES[rule].rulesets[self.ruleset]

    def add(
        self,
        rule: str,
        status: str,
        element: str | None,
        message: str,
        measured: float | None = None,
        required: float | None = None,
        location: tuple[float, float] | None = None,
        unit: str | None = "",
    ) -> None:
        """Record a finding of ``rule`` (source, flag, severity and unit come from the data)."""
        key = (rule, self.ruleset)
        text = _RULE_TEXT.get(key)
        if text is None:
            text = _RULE_TEXT[key] = _rule_text(rule, self.ruleset)
        prefix, suffix, source, confirmed, rule_unit, severity = text
        self.findings.append(
            Finding(
                rule,
                status,
                element,
                measured,
                required,
                rule_unit if unit == "" else unit,
                f"{prefix}{message}{suffix}",
                source,
                location,
                confirmed,
                severity,
            )
        )

    def not_applicable(self, rule: str, reason: str) -> None:
        """Record that ``rule`` does not apply, and why."""
        self.add(rule, "n/a", None, reason, unit=None)

    def room_circle(self, level: Level, room_id: str, diameter: float) -> Circle | None:
        """Largest circle in a room's net floor.

        Read off the medial graph when a node's free disc lies inside the room polygon and clears
        ``diameter`` by 1 cm or more (exact to about a millimetre for a room enclosed by walls);
        otherwise computed by GEOS's maximum inscribed circle (fine near ``diameter``).
        """
        k = self._room_disc(level, room_id)
        if k is not None and 2.0 * self.graph.free[k] >= diameter + 0.01:
            x, y = self.graph.xy[k]
            return Circle((float(x), float(y)), float(self.graph.free[k]))
        return turning_circle_near(room_net_floor(level, room_id), diameter)

    def _room_disc(self, level: Level, room_id: str) -> int | None:
        """Return the node of the largest free disc inside the room polygon (the first of equals).

        Discs are tried largest first, a few at a time, and the first inside is the one. The
        first few of every room of the level are measured together, on the first request
        (see :func:`room_discs`); a room none of whose first few is inside is searched on.
        """
        found = self._discs.get(level.id)
        if found is None:
            found = self._discs[level.id] = room_discs(self.graph, level)
        hit = found.get(room_id)
        if hit is None:
            return None
        k, order = hit
        if k >= 0 or order is None:
            return k if k >= 0 else None
        boundary = level.room(room_id).polygon.geometry.boundary
        xy, radius = self.graph.xy[order], self.graph.free[order]
        inside = shapely.distance(shapely.points(xy), boundary) >= (radius - 1e-6)
        return int(order[np.argmax(inside)]) if inside.any() else None

    def target_xy(self, target: Target) -> tuple[float, float] | None:
        """Return a point of the target, for drawing."""
        if not len(target.nodes):
            return None
        x, y = self.graph.xy[int(target.nodes[0])]
        return (float(x), float(y))


#: What every finding of a rule in a ruleset shares (see :func:`_rule_text`), by both ids.
_RULE_TEXT: dict[tuple[str, str], tuple[str, str, str | None, str | None, str | None, str]] = {}


def _rule_text(rule: str, ruleset: str) -> tuple[str, str, str | None, str | None, str | None, str]:
    """Return what every finding of ``rule`` in ``ruleset`` shares (:meth:`Context.add`).

    Its message prefix (the titles) and suffix (the requirement's note), source, flag, unit
    and severity, read off the rule data.
    """
    spec = RULES[rule]
    req = spec.rulesets[ruleset]
    if isinstance(req, Requirement):
        suffix = f" ({req.note})" if req.note else ""
        source, confirmed = req.source, req.confirmed
    else:
        suffix, source, confirmed = "", None, None
    prefix = f"{spec.title_ja} / {spec.title_en}: "
    return prefix, suffix, source, confirmed, spec.unit, spec.severity


#: Discs of each room tried together before the rest are (the largest first).
FIRST_DISCS = 16


def room_discs(graph: Graph, level: Level) -> dict[str, tuple[int, NDArray[np.int64] | None]]:
    """Find the node of each room's largest free disc inside the room polygon, for every room.

    For each room id of ``level`` in the graph: ``(node, None)`` when one of the room's
    :data:`FIRST_DISCS` largest discs (largest first, then by node) lies inside the polygon,
    ``(-1, rest)`` when none does (``rest``: the room's other nodes, in that order, for the
    caller to search on demand), ``(-1, None)`` when the room has no node. What a room by room
    search in that order finds: each node's distance to its room's boundary is the same
    ``shapely.distance``. Every room's largest disc is measured first, in one call (it is
    almost always inside); the rooms where it is not have their first discs measured together
    (see :func:`_ranked_discs`).
    """
    codes: list[int] = []
    rooms: list[BaseGeometry] = []
    names: dict[str, None] = {}
    for room in level.rooms:
        key = (level.id, room.id)
        if room.id in names or key not in graph.rooms:
            continue
        names[room.id] = None
        codes.append(graph.rooms.index(key))
        rooms.append(room.polygon.geometry)  # the first room with the id, as level.room() gives
    if not names:
        return {}
    groups = [room_nodes(graph, code) for code in codes]
    count = np.array([len(g) for g in groups], dtype=np.int64)
    nodes = np.concatenate(groups)
    radius = graph.free[nodes]
    live = np.nonzero(count)[0]
    out: dict[str, tuple[int, NDArray[np.int64] | None]] = {}
    if len(live) and not np.isnan(radius).any():
        # Each room's nodes are ascending: its largest disc, the first of equals, is the first
        # position holding the room's largest radius (where a sort by radius, then node, puts it).
        start = (np.cumsum(count) - count)[live]
        owner = np.repeat(np.arange(len(live)), count[live])
        top = np.maximum.reduceat(radius, start)
        at = np.where(radius == top[owner], np.arange(len(nodes)), len(nodes))
        best = nodes[np.minimum.reduceat(at, start)]
        boundaries = shapely.boundary(np.array(rooms, dtype=object)[live])
        points = shapely.points(graph.xy[best])
        inside = shapely.distance(points, boundaries) >= (graph.free[best] - 1e-6)
        name_list = list(names)
        for r, node, hit in zip(live.tolist(), best.tolist(), inside.tolist(), strict=True):
            if hit:
                out[name_list[r]] = (node, None)
    rest = [r for r, name in enumerate(names) if name not in out]
    if rest:
        ranked = _ranked_discs(graph, [groups[r] for r in rest], [rooms[r] for r in rest])
        name_list = list(names)
        for r, found in zip(rest, ranked, strict=True):
            out[name_list[r]] = found
    return {name: out[name] for name in names}


def _ranked_discs(
    graph: Graph, groups: list[NDArray[np.int64]], rooms: list[BaseGeometry]
) -> list[tuple[int, NDArray[np.int64] | None]]:
    """:func:`room_discs` of the rooms with nodes ``groups`` (ascending) and polygons ``rooms``.

    Each room's nodes ranked largest disc first (then by node); the first :data:`FIRST_DISCS`
    of every room measured in one distance call.
    """
    count = np.array([len(g) for g in groups], dtype=np.int64)
    nodes = np.concatenate(groups)
    owner = np.repeat(np.arange(len(groups)), count)
    # By room, then largest disc first, then by node (what a stable sort of a room's nodes,
    # ascending, by their negated radius gives).
    order = np.lexsort((nodes, -graph.free[nodes], owner))
    nodes, owner = nodes[order], owner[order]
    start = np.cumsum(count) - count
    rank = np.arange(len(nodes)) - start[owner]
    first = rank < FIRST_DISCS
    boundaries = shapely.boundary(np.array(rooms, dtype=object))
    xy, radius = graph.xy[nodes[first]], graph.free[nodes[first]]
    inside = shapely.distance(shapely.points(xy), boundaries[owner[first]]) >= (radius - 1e-6)
    best = np.full(len(groups), len(nodes), dtype=np.int64)
    np.minimum.at(best, owner[first][inside], np.nonzero(first)[0][inside])
    out: list[tuple[int, NDArray[np.int64] | None]] = []
    for r in range(len(groups)):
        if best[r] < len(nodes):
            out.append((int(nodes[best[r]]), None))
        elif count[r] > FIRST_DISCS:
            out.append((-1, nodes[start[r] + FIRST_DISCS : start[r] + count[r]]))
        else:
            out.append((-1, None))
    return out


def _route_doors(plan: Plan, doors: list[Door], graph: Graph) -> list[Door]:
    public = {(lvl.id, r.id) for lvl in plan.levels for r in lvl.rooms if r.public}
    known = {(lvl.id, r.id) for lvl in plan.levels for r in lvl.rooms}
    out = []
    for door in doors:
        connects = door.gap.opening.connects
        lvl = door.level.id
        if connects is not None:
            sides = [c for c in connects if c != "outside"]
            if all((lvl, c) in public or (lvl, c) not in known for c in sides):
                out.append(door)
            continue
        if door.port is None:
            continue
        codes = {int(c) for c in graph.room[graph.neighbours(door.port)] if c >= 0}
        if all(graph.rooms[c] in public for c in codes):
            out.append(door)
    return out


def _entrance(doors: list[Door]) -> Door | None:
    outside = [d for d in doors if d.outside is not None and d.gap.opening.width > 0]
    if not outside:
        return None

    def rank(door: Door) -> tuple[int, int, float]:
        opening = door.gap.opening
        main = 1 if opening.props.get("main") else 0
        rooms = {r.id: r.use for r in door.level.rooms}
        lobby = (
            1 if any(rooms.get(c) in ("lobby", "reception") for c in opening.connects or ()) else 0
        )
        return (main, lobby, opening.width)

    return max(outside, key=rank)


def build_context(plan: Plan, ruleset: str) -> Context:
    """Build the network and the wheelchair routes for ``ruleset``."""
    graph = network_for(plan)
    reach = RULES["ROUTE-REACH"].rulesets[ruleset]
    level_req = RULES["DOOR-LEVEL"].rulesets[ruleset]
    gap = reach["gap"] if isinstance(reach, Requirement) else 0.8
    max_step = level_req["max"] if isinstance(level_req, Requirement) else 0.02
    doors = []
    recorded = len(graph.outside) == len(graph.doors)  # the sides the builder found
    for code, (level_id, door_gap) in enumerate(graph.doors):
        level = plan.level(level_id)
        port = graph.ports.get(f"door:{level_id}:{door_gap.opening.id}")
        side = graph.outside[code] if recorded else outside_side(level, door_gap)
        doors.append(Door(level, door_gap, code, port, side))
    blocked = {
        d.code
        for d in doors
        if d.gap.opening.operation == "revolving" or d.gap.opening.threshold > max_step + 1e-9
    }
    sources = route_sources(plan, graph)
    routes = route_set(graph, gap, sources, blocked)
    targets = route_targets(plan, graph)
    route_doors = _route_doors(plan, doors, graph)
    return Context(
        plan, ruleset, graph, routes, sources, targets, doors, route_doors, _entrance(doors)
    )
