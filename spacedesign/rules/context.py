"""What every check needs: the plan, the ruleset's numbers, the network and routes, the entrance."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
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
        spec = RULES[rule]
        req = spec.rulesets[self.ruleset]
        source = req.source if isinstance(req, Requirement) else None
        confirmed = req.confirmed if isinstance(req, Requirement) else None
        if isinstance(req, Requirement) and req.note:
            message = f"{message} ({req.note})"
        self.findings.append(
            Finding(
                rule=rule,
                status=status,
                element=element,
                measured=measured,
                required=required,
                unit=spec.unit if unit == "" else unit,
                message=f"{spec.title_ja} / {spec.title_en}: {message}",
                source=source,
                location=location,
                confirmed=confirmed,
                severity=spec.severity,
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
        key = (level.id, room_id)
        if key in self.graph.rooms:
            nodes = room_nodes(self.graph, self.graph.rooms.index(key))
            if len(nodes):
                boundary = level.room(room_id).polygon.geometry.boundary
                xy = self.graph.xy[nodes]
                radius = self.graph.free[nodes]
                # The largest disc inside the polygon (first node among equal ones): discs are
                # tried largest first, a few at a time, and the first inside is the one.
                order = np.argsort(-radius, kind="stable")
                for batch in (order[:16], order[16:]):
                    inside = shapely.distance(shapely.points(xy[batch]), boundary) >= (
                        radius[batch] - 1e-6
                    )
                    if inside.any():
                        k = int(batch[np.argmax(inside)])
                        if 2.0 * radius[k] >= diameter + 0.01:
                            return Circle((float(xy[k, 0]), float(xy[k, 1])), float(radius[k]))
                        break
        return turning_circle_near(room_net_floor(level, room_id), diameter)

    def target_xy(self, target: Target) -> tuple[float, float] | None:
        """Return a point of the target, for drawing."""
        if not len(target.nodes):
            return None
        x, y = self.graph.xy[int(target.nodes[0])]
        return (float(x), float(y))


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
