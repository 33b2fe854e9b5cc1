"""Composite scores, topology signatures and the diversity measure of generated scenarios.

Composite (0–100 each, combined with the program's scorecard ``weights`` over the keys present):

``program_fit``
    Share of the program's room instances present with their area in range and their minimum
    side met (the generator only emits complete programs, so 100 unless a rule is broken).
``adjacency``
    The block-layout objective Σ w · d over the program's adjacency wishes, with ``d`` the
    rectilinear distance between room centroids (mean over instance pairs), turned into a score:
    a wish ``w > 0`` earns ``w · (1 − d / D)``, a wish ``w < 0`` earns ``|w| · d / D`` (``D`` =
    zone half-perimeter), divided by ``Σ |w|``.
``daylight``
    Share of the zone's window length lighting rooms where people stay (not corridors, stores).
``efficiency``
    ``1 − corridor area / zone area``.
``walking``
    ``1 − mean rectilinear distance from the zone entry to the doors / D``.
``family``
    Half for a kids corner sharing a wall with the lounge, half for the nursing room's
    closeness to the kids corner.

``accessibility`` and ``capacity`` come from the rule checker and the furnisher when the
evaluator has them (see :mod:`.evaluate`).

Diversity: a scenario's topology is the set of features

* ``circ:turn``: its circulation pattern (layout type: ``through`` central corridor, ``end``
  spine closed by the lounge block, ``turn`` L-shaped corridor), and ``entry:north``: the zone
  edge the corridor enters from;
* ``opens:a:spine`` / ``opens:a:leg`` / ``opens:a:lounge``: what a room of space a opens onto
  (the corridor's spine, the cross leg of an L-shaped corridor, or the lounge);
* ``adj:a|b``: rooms of spaces a and b share at least 1 m of wall;
* ``side:a:S``: a room of space a touches the zone's south/east/north/west edge.

The distance between two scenarios is the Jaccard distance of these sets (1 − shared / all
features); two scenarios closer than :data:`MIN_DISTANCE` are near-duplicates. The circulation
features make two layouts of different types differ in every room whose door moves from one
circulation element to another, not only in one label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from shapely.geometry import LineString, box
from shapely.geometry import Point as ShapelyPoint

from spacedesign.generate.scenario.build import PlacedRoom, shared_segment
from spacedesign.generate.scenario.frame import Rect, axis_segment
from spacedesign.generate.scenario.layout import RoomNeed
from spacedesign.model import (
    Department,
    FlpInstance,
    Level,
    Opening,
    Point,
    Program,
)

__all__ = [
    "MIN_DISTANCE",
    "adjacency_cost",
    "circulation_hosts",
    "composite",
    "flow_instance",
    "flow_pairs",
    "quick_scores",
    "topology",
    "topology_distance",
    "window_spans",
]

MIN_DISTANCE = 0.2
"""Scenarios whose topology distance is below this are near-duplicates."""

STAY_USES = frozenset({"reception", "consultation", "meeting", "lounge", "coworking", "kids",
                       "nursing", "seminar"})


def _centre(rect: Rect) -> Point:
    return ((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2)


def _rect_dist(a: Rect, b: Rect) -> float:
    ca, cb = _centre(a), _centre(b)
    return abs(ca[0] - cb[0]) + abs(ca[1] - cb[1])


def flow_instance(program: Program, needs: Sequence[RoomNeed], bounds: Rect) -> FlpInstance:
    """Return the program as a block-layout (FLP) instance over its room instances.

    Departments are the room instances (area: the middle of the range); the flow ``f_ij`` of
    two instances is the weight of the adjacency wish between their spaces divided by the
    number of instance pairs of that wish (so a wish weighs the same whatever the counts).
    Negative wishes (keep apart) are negative flows.
    """
    ids = [n.id for n in needs]
    index = {n.id: i for i, n in enumerate(needs)}
    by_space: dict[str, list[str]] = {}
    for need in needs:
        by_space.setdefault(need.space, []).append(need.id)
    flows = [[0.0] * len(ids) for _ in ids]
    for a, b, weight in program.adjacency:
        pairs = [(x, y) for x in by_space.get(a, []) for y in by_space.get(b, []) if x != y]
        for x, y in pairs:
            flows[index[x]][index[y]] += weight / len(pairs)
    departments = tuple(Department(n.id, (n.area[0] + n.area[1]) / 2, min_side=n.min_side)
                        for n in needs)
    x0, y0, x1, y1 = bounds
    return FlpInstance(f"{program.name} (adjacency wishes)", x1 - x0, y1 - y0, departments,
                       tuple(tuple(row) for row in flows))


def adjacency_cost(instance: FlpInstance, rooms: Sequence[tuple[str, Rect]],
                   pairs: Sequence[tuple[int, int, float]] | None = None) -> float:
    """Return the block-layout objective Σ_{i<j} (f_ij + f_ji) · rectilinear centroid distance.

    ``rooms`` are ``(room id, plan rectangle)``; ``instance`` comes from :func:`flow_instance`.
    The search keeps, among the layouts it draws for one seed, the one with the lowest cost.
    ``pairs`` are the instance's :func:`flow_pairs` when the caller keeps them (they depend on
    the instance only); the sum is :func:`~spacedesign.model.flp_objective`'s, term by term.
    """
    if pairs is None:
        pairs = flow_pairs(instance)
    by_id = dict(rooms)
    # each centre as FlpRectangle.centre gives it: x + w / 2.0 with w = x1 - x0
    centres = [(r[0] + (r[2] - r[0]) / 2.0, r[1] + (r[3] - r[1]) / 2.0)
               for r in [by_id[d.id] for d in instance.departments]]
    total = 0.0
    for i, j, flow in pairs:
        xi, yi = centres[i]
        xj, yj = centres[j]
        total += flow * (abs(xi - xj) + abs(yi - yj))
    return total


def flow_pairs(instance: FlpInstance) -> tuple[tuple[int, int, float], ...]:
    """Return ``(i, j, f_ij + f_ji)`` for the department pairs ``i < j`` with a flow, in order.

    The terms of the objective that :func:`adjacency_cost` sums (the pairs without a flow add
    nothing and are skipped, as :func:`~spacedesign.model.flp_objective` skips them).
    """
    flows = instance.symmetric_flows()
    n = instance.size
    return tuple((i, j, flows[i][j]) for i in range(n) for j in range(i + 1, n) if flows[i][j])


def _adjacency_score(program: Program, rooms: Sequence[PlacedRoom], scale: float) -> float:
    by_space: dict[str, list[Rect]] = {}
    for room in rooms:
        by_space.setdefault(room.space.id, []).append(room.rect)
    earned, possible = 0.0, 0.0
    for a, b, weight in program.adjacency:
        pairs = [(ra, rb) for ra in by_space.get(a, []) for rb in by_space.get(b, [])]
        if not pairs:
            continue
        d = min(1.0, sum(_rect_dist(ra, rb) for ra, rb in pairs) / len(pairs) / scale)
        earned += weight * (1 - d) if weight > 0 else -weight * d
        possible += abs(weight)
    return 100.0 * earned / possible if possible else 100.0


def window_spans(level: Level, bounds: Rect) -> list[LineString]:
    """Return the zone's windows as line spans on their walls."""
    zone = box(*bounds).buffer(0.01)
    walls = {w.id: w for w in level.walls}
    spans = []
    for o in level.openings:
        wall = walls.get(o.wall)
        if o.kind != "window" or wall is None:
            continue
        line = LineString(wall.path)
        at = line.project(ShapelyPoint(o.at))
        span = LineString([line.interpolate(max(0.0, at - o.width / 2)),
                           line.interpolate(min(line.length, at + o.width / 2))])
        if zone.intersects(span):
            spans.append(span)
    return spans


def daylit(rect: Rect, spans: Sequence[LineString], minimum: float = 0.6) -> float:
    """Length of window (m) along the rectangle's boundary; rooms need ``minimum`` to count."""
    x0, y0, x1, y1 = rect
    if x1 <= x0 or y1 <= y0:
        edge = box(*rect).exterior
        length = sum(edge.intersection(span).length for span in spans)
        return length if length >= minimum else 0.0
    length = 0
    for span in spans:
        # an axis-parallel span overlaps one side at most (as shapely measures it: only a
        # collinear overlap has a length); others go through shapely
        ends = axis_segment(span)
        if ends is None:
            length += box(*rect).exterior.intersection(span).length
            continue
        (p, q), (r, s) = ends
        if q == s and (q == y0 or q == y1):
            lo, hi = max(x0, min(p, r)), min(x1, max(p, r))
        elif p == r and (p == x0 or p == x1):
            lo, hi = max(y0, min(q, s)), min(y1, max(q, s))
        else:
            lo = hi = 0.0
        length += hi - lo if hi > lo else 0.0
    return length if length >= minimum else 0.0


def quick_scores(
    program: Program,
    rooms: Sequence[PlacedRoom],
    corridor: Sequence[Rect],
    bounds: Rect,
    entry: Point,
    doors: Sequence[Opening],
    spans: Sequence[LineString],
) -> dict[str, float]:
    """Return the geometric part of the composite (see the module docstring), each 0–100."""
    x0, y0, x1, y1 = bounds
    scale = (x1 - x0) + (y1 - y0)
    fit = [lo - 1e-6 <= _area(r.rect) <= hi + 1e-6 and _short(r.rect) + 1e-6 >= (r.space.min_side
                                                                             or 0.0)
           for r in rooms for lo, hi in (r.space.area,)]
    expected = sum(s.count for s in program.spaces)
    program_fit = 100.0 * sum(fit) / expected if expected else 100.0
    total_window = sum(s.length for s in spans)
    lit = sum(daylit(r.rect, spans, 0.0) for r in rooms if r.space.use in STAY_USES)
    daylight = 100.0 * min(1.0, lit / total_window) if total_window else 0.0
    zone_area = (x1 - x0) * (y1 - y0)
    efficiency = 100.0 * (1 - sum(_area(c) for c in corridor) / zone_area)
    walks = [abs(d.at[0] - entry[0]) + abs(d.at[1] - entry[1]) for d in doors]
    walking = 100.0 * (1 - min(1.0, sum(walks) / len(walks) / scale)) if walks else 0.0
    kids = [r for r in rooms if r.space.use == "kids"]
    lounges = [r for r in rooms if r.space.use == "lounge"]
    nursing = [r for r in rooms if r.space.use == "nursing"]
    family = 0.0
    if kids and lounges and any(shared_segment(k.rect, g.rect) for k in kids for g in lounges):
        family += 50.0
    if kids and nursing:
        d = min(_rect_dist(k.rect, n.rect) for k in kids for n in nursing)
        family += 50.0 * (1 - min(1.0, d / scale))
    return {
        "program_fit": round(program_fit, 2),
        "adjacency": round(_adjacency_score(program, rooms, scale), 2),
        "daylight": round(daylight, 2),
        "efficiency": round(efficiency, 2),
        "walking": round(walking, 2),
        "family": round(family, 2),
    }


def _area(rect: Rect) -> float:
    return (rect[2] - rect[0]) * (rect[3] - rect[1])


def _short(rect: Rect) -> float:
    return min(rect[2] - rect[0], rect[3] - rect[1])


def composite(scores: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Weighted mean of the scores present, with the program's scorecard weights."""
    used = {k: w for k, w in weights.items() if k in scores and w > 0}
    total = sum(used.values())
    if not total:
        return 0.0
    return round(sum(scores[k] * w for k, w in used.items()) / total, 2)


def circulation_hosts(openings: Sequence[Opening], rooms: Sequence[PlacedRoom],
                      legs: Sequence[Rect], corridor_id: str) -> dict[str, str]:
    """Return what each room opens onto: ``spine``, ``leg`` (an L's cross leg) or ``lounge``.

    >>> from spacedesign.model import Space
    >>> meet = PlacedRoom("m", Space(id="meeting", use="meeting", area=(15, 24)), (0, 0, 4, 4), 0)
    >>> door = Opening(id="d", kind="door", wall="w", at=(2.0, 4.0), width=0.9,
    ...                connects=("m", "passage"))
    >>> circulation_hosts([door], [meet], [(0, 4, 6, 6)], "passage")
    {'m': 'leg'}
    """
    ids = {r.id for r in rooms}
    lounges = {r.id for r in rooms if r.space.use == "lounge"}
    out: dict[str, str] = {}
    for o in openings:
        if not o.connects or len(o.connects) != 2 or o.connects[0] not in ids:
            continue
        room, other = o.connects
        if other == corridor_id:
            x, y = o.at
            on_leg = any(g[0] - 1e-6 <= x <= g[2] + 1e-6 and g[1] - 1e-6 <= y <= g[3] + 1e-6
                         for g in legs)
            out[room] = "leg" if on_leg else "spine"
        elif other in lounges:
            out[room] = "lounge"
    return out


def topology(
    rooms: Sequence[PlacedRoom], bounds: Rect, entry_edge: str, min_shared: float = 1.0, *,
    mode: str | None = None, hosts: Mapping[str, str] | None = None,
) -> frozenset[str]:
    """Return the topology features of a layout (see the module docstring).

    ``mode`` is the circulation pattern, ``hosts`` what each room opens onto
    (:func:`circulation_hosts`).
    """
    features = {f"entry:{entry_edge}"}
    if mode is not None:
        features.add(f"circ:{mode}")
    space_of = {r.id: r.space.id for r in rooms}
    for room_id, host in (hosts or {}).items():
        if room_id in space_of:
            features.add(f"opens:{space_of[room_id]}:{host}")
    for i, a in enumerate(rooms):
        for b in rooms[i + 1:]:
            seg = shared_segment(a.rect, b.rect)
            if seg is not None and LineString(seg).length >= min_shared:
                pair = sorted((a.space.id, b.space.id))
                features.add(f"adj:{pair[0]}|{pair[1]}")
    x0, y0, x1, y1 = bounds
    for room in rooms:
        rx0, ry0, rx1, ry1 = room.rect
        for side, touches in (("S", abs(ry0 - y0) < 1e-6), ("N", abs(ry1 - y1) < 1e-6),
                              ("W", abs(rx0 - x0) < 1e-6), ("E", abs(rx1 - x1) < 1e-6)):
            if touches:
                features.add(f"side:{room.space.id}:{side}")
    return frozenset(features)


def topology_distance(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard distance between two topology feature sets (0 = same topology)."""
    union = a | b
    return 1.0 - len(a & b) / len(union) if union else 0.0
