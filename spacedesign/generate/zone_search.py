"""Corridor-and-bands layouts of a rectangular renovation zone (pure numbers, picklable).

A layout runs a straight corridor of the program's width across the zone from the side where
visitors come in (the entrance side), and fills the band on each side of it with rooms as strips
perpendicular to the corridor, so every room has a wall on the corridor for its door. Each
band's rooms share its area, each within its program range. The search draws the corridor's
orientation and offset, the band of each room and the order along each band, and improves the
block-layout objective of the program: Σ w_ab · rectilinear distance between room centroids
(adjacency wishes as flows; a negative wish rewards distance) plus the reception's distance to
the entrance, under the rules: areas in range, minimum sides (the program's, and 1.7 m between
wall centrelines for a 1.5 m turning circle), aspect ≤ 4, daylight rooms touching an exterior
window, corridor clear of columns.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["RoomSpec", "ZoneLayout", "ZoneProblem", "search_chunk"]

MAX_ASPECT = 4.0
MIN_ROOM_SIDE = 1.7


@dataclass(frozen=True)
class RoomSpec:
    """One room to place: id, area range, minimum side, daylight wish, near-entrance flag."""

    id: str
    space: str
    area: tuple[float, float]
    min_side: float
    daylight: bool
    near_entrance: bool


@dataclass(frozen=True)
class ZoneProblem:
    """Everything the search needs, as plain numbers.

    ``entrances`` maps an orientation (``"x"``: corridor runs along x from the west edge,
    ``"y"``: along y from the north edge) to whether visitors can enter from that side.
    ``windows`` are exterior window centres; ``columns`` are column boxes (x0, y0, x1, y1).
    """

    x0: float
    y0: float
    x1: float
    y1: float
    corridor_width: float
    rooms: tuple[RoomSpec, ...]
    weights: tuple[tuple[int, int, float], ...]
    windows: tuple[tuple[float, float], ...]
    columns: tuple[tuple[float, float, float, float], ...]
    orientations: tuple[str, ...]


@dataclass(frozen=True)
class ZoneLayout:
    """A placed layout: corridor box, room boxes (by room index) and its objective."""

    orientation: str
    corridor: tuple[float, float, float, float]
    boxes: tuple[tuple[float, float, float, float], ...]
    bands: tuple[tuple[int, ...], tuple[int, ...]]
    objective: float
    entrance: tuple[float, float]


def _band_geometry(
    problem: ZoneProblem, orientation: str, offset: float
) -> tuple[tuple[float, float, float, float], list[tuple[float, float, float, float]]]:
    """Corridor box and the two band boxes for a corridor starting ``offset`` into the zone."""
    cw = problem.corridor_width
    x0, y0, x1, y1 = problem.x0, problem.y0, problem.x1, problem.y1
    if orientation == "x":
        corridor = (x0, y0 + offset, x1, y0 + offset + cw)
        return corridor, [(x0, y0, x1, y0 + offset), (x0, y0 + offset + cw, x1, y1)]
    corridor = (x0 + offset, y0, x0 + offset + cw, y1)
    return corridor, [(x0, y0, x0 + offset, y1), (x0 + offset + cw, y0, x1, y1)]


def _fill_band(
    problem: ZoneProblem,
    orientation: str,
    band: tuple[float, float, float, float],
    rooms: Sequence[int],
) -> tuple[list[tuple[float, float, float, float]] | None, float]:
    """Boxes of ``rooms`` along ``band`` and 0, or None and how far the rules are from holding."""
    bx0, by0, bx1, by1 = band
    length, depth = (bx1 - bx0, by1 - by0) if orientation == "x" else (by1 - by0, bx1 - bx0)
    if not rooms:
        return [], 0.0
    total = length * depth
    specs = [problem.rooms[i] for i in rooms]
    # Each room needs enough width for its minimum side, the door and aspect <= MAX_ASPECT, and
    # may not be so wide that its aspect exceeds MAX_ASPECT the other way.
    need = [
        max(s.area[0], depth * max(s.min_side, MIN_ROOM_SIDE, depth / MAX_ASPECT)) for s in specs
    ]
    cap = [min(s.area[1], MAX_ASPECT * depth * depth) for s in specs]
    low, high = sum(need), sum(cap)
    violation = max(0.0, MIN_ROOM_SIDE - depth) * length + max(0.0, low - total)
    violation += max(0.0, total - high)
    violation += sum(max(0.0, n - c) for n, c in zip(need, cap, strict=True))
    violation += sum(max(0.0, s.min_side - depth) * length for s in specs)
    if violation > 1e-9:
        return None, violation
    spare = (total - low) / (high - low) if high > low else 0.0
    boxes = []
    along = bx0 if orientation == "x" else by1
    for n, c in zip(need, cap, strict=True):
        width = (n + spare * (c - n)) / depth
        if orientation == "x":
            boxes.append((along, by0, along + width, by1))
            along += width
        else:
            # Rooms along a y corridor are laid from the entrance (north) southwards.
            boxes.append((bx0, along - width, bx1, along))
            along -= width
    return boxes, 0.0


def touches_window(problem: ZoneProblem, box: tuple[float, float, float, float]) -> bool:
    """Tell whether a room box has an exterior window centre on one of its sides."""
    x0, y0, x1, y1 = box
    for wx, wy in problem.windows:
        on_x = abs(wx - x0) < 0.05 or abs(wx - x1) < 0.05
        on_y = abs(wy - y0) < 0.05 or abs(wy - y1) < 0.05
        if (on_x and y0 + 0.5 <= wy <= y1 - 0.5) or (on_y and x0 + 0.5 <= wx <= x1 - 0.5):
            return True
    return False


def _corridor_clear(problem: ZoneProblem, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    return all(
        cx1 <= x0 + 1e-9 or cx0 >= x1 - 1e-9 or cy1 <= y0 + 1e-9 or cy0 >= y1 - 1e-9
        for cx0, cy0, cx1, cy1 in problem.columns
    )


def evaluate(
    problem: ZoneProblem, orientation: str, offset: float, bands: Sequence[Sequence[int]]
) -> ZoneLayout | None:
    """Place one topology; None when it breaks a rule."""
    layout, _ = evaluate_with_violation(problem, orientation, offset, bands)
    return layout


def evaluate_with_violation(
    problem: ZoneProblem, orientation: str, offset: float, bands: Sequence[Sequence[int]]
) -> tuple[ZoneLayout | None, float]:
    """Place one topology: (layout, 0), or (None, how far it is from meeting the rules)."""
    corridor, band_boxes = _band_geometry(problem, orientation, offset)
    violation = 0.0 if _corridor_clear(problem, corridor) else 10.0
    boxes: dict[int, tuple[float, float, float, float]] = {}
    for band, members in zip(band_boxes, bands, strict=True):
        placed, missing = _fill_band(problem, orientation, band, members)
        violation += missing
        if placed is not None:
            boxes.update(zip(members, placed, strict=True))
    if violation > 0 or len(boxes) != len(problem.rooms):
        return None, violation + 1.0
    dark = sum(
        1
        for index, spec in enumerate(problem.rooms)
        if spec.daylight and not touches_window(problem, boxes[index])
    )
    if dark:
        return None, float(dark)
    if orientation == "x":
        entrance = (problem.x0, (corridor[1] + corridor[3]) / 2.0)
    else:
        entrance = ((corridor[0] + corridor[2]) / 2.0, problem.y1)
    centres = [
        ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0) for b in (boxes[i] for i in range(len(boxes)))
    ]
    objective = 0.0
    for a, b, weight in problem.weights:
        objective += weight * (
            abs(centres[a][0] - centres[b][0]) + abs(centres[a][1] - centres[b][1])
        )
    for index, spec in enumerate(problem.rooms):
        if spec.near_entrance:
            cx, cy = centres[index]
            objective += 5.0 * (abs(cx - entrance[0]) + abs(cy - entrance[1]))
    layout = ZoneLayout(
        orientation,
        corridor,
        tuple(boxes[i] for i in range(len(boxes))),
        (tuple(bands[0]), tuple(bands[1])),
        objective,
        entrance,
    )
    return layout, 0.0


def _offsets(problem: ZoneProblem, orientation: str) -> list[float]:
    span = (problem.y1 - problem.y0) if orientation == "x" else (problem.x1 - problem.x0)
    steps = int((span - problem.corridor_width) / 0.3)
    return [round(0.3 * k, 6) for k in range(steps + 1)]


def _random_topology(
    problem: ZoneProblem, rng: random.Random
) -> tuple[str, float, list[list[int]]]:
    orientation = rng.choice(problem.orientations)
    offset = rng.choice(_offsets(problem, orientation))
    order = list(range(len(problem.rooms)))
    rng.shuffle(order)
    cut = rng.randint(0, len(order))
    return orientation, offset, [order[:cut], order[cut:]]


def _perturb(
    problem: ZoneProblem,
    orientation: str,
    offset: float,
    bands: list[list[int]],
    rng: random.Random,
) -> tuple[float, list[list[int]]]:
    bands = [list(bands[0]), list(bands[1])]
    move = rng.random()
    if move < 0.25:
        offsets = _offsets(problem, orientation)
        k = min(range(len(offsets)), key=lambda i: abs(offsets[i] - offset))
        offset = offsets[max(0, min(len(offsets) - 1, k + rng.choice((-2, -1, 1, 2))))]
    elif move < 0.6:
        src = rng.randrange(2)
        if bands[src]:
            room = bands[src].pop(rng.randrange(len(bands[src])))
            dst = rng.randrange(2)
            bands[dst].insert(rng.randint(0, len(bands[dst])), room)
    else:
        band = bands[rng.randrange(2)]
        if len(band) > 1:
            i, j = rng.sample(range(len(band)), 2)
            band[i], band[j] = band[j], band[i]
    return offset, bands


def search_chunk(problem: ZoneProblem, seed: int, chunk: int, count: int) -> list[ZoneLayout]:
    """Search ``count`` independent layouts for chunk ``chunk`` of a run with ``seed``.

    Each layout starts from a random topology, is repaired by local moves that reduce the
    rule violation, then improved on the objective; the result depends only on (problem, seed,
    chunk, count), wherever it runs.
    """
    rng = random.Random(f"{seed}:{chunk}")
    found: list[ZoneLayout] = []
    attempts = 0
    while len(found) < count and attempts < count * 20:
        attempts += 1
        orientation, offset, bands = _random_topology(problem, rng)
        layout, violation = evaluate_with_violation(problem, orientation, offset, bands)
        key = (violation, layout.objective if layout else 0.0)
        for step in range(600):
            if layout is not None and step >= 450:
                break
            new_offset, new_bands = _perturb(problem, orientation, offset, bands, rng)
            candidate, cand_violation = evaluate_with_violation(
                problem, orientation, new_offset, new_bands
            )
            cand_key = (cand_violation, candidate.objective if candidate else 0.0)
            if cand_key <= key:
                layout, key, offset, bands = candidate, cand_key, new_offset, new_bands
        if layout is not None:
            found.append(layout)
    return found


def topology_signature(layout: ZoneLayout, spaces: Sequence[str]) -> frozenset[str]:
    """Tokens describing a layout's topology: corridor axis, room sides and neighbour pairs.

    Rooms are named by their space (``spaces[i]``), so swapping two identical consultation
    rooms is not a new topology; repeated tokens are numbered.
    """
    tokens = [f"axis:{layout.orientation}"]
    for side, band in enumerate(layout.bands):
        for position, room in enumerate(band):
            tokens.append(f"side:{spaces[room]}:{side}")
            if position:
                pair = sorted((spaces[band[position - 1]], spaces[room]))
                tokens.append(f"next:{pair[0]}:{pair[1]}")
    seen: dict[str, int] = {}
    numbered = set()
    for token in tokens:
        seen[token] = seen.get(token, 0) + 1
        numbered.add(f"{token}#{seen[token]}")
    return frozenset(numbered)


def topology_distance(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard distance between two signatures (0 same topology, 1 nothing in common)."""
    union = len(a | b)
    return 1.0 - len(a & b) / union if union else 0.0
