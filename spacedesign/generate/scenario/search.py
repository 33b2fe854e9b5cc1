"""Make one scenario from a seed: draw block layouts, keep the best by the FLP objective, build.

For one seed, :func:`design_candidate` draws spine-and-bands layouts (:mod:`.draw`) of one of
the circulation patterns (central corridor, lounge hub, L-shaped corridor; the seed prefers one
for its first draws) until :data:`CHOICES` of them pass the cheap tests (fixed elements,
daylight, reception at the entrance, kids corner beside the lounge), ranks them by the
block-layout objective Σ (f_ij + f_ji) · rectilinear centroid distance with the program's
adjacency wishes as the flow matrix (:func:`~.scoring.adjacency_cost`) and builds the best one
that turns into walls and doors. :func:`make_candidate` is pure and deterministic per seed, so
an executor can map it over seeds on any number of processes or machines and get the same
scenarios.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacedesign.generate.scenario.build import (
    BuildError,
    PlacedRoom,
    assemble_level,
    shared_segment,
)
from spacedesign.generate.scenario.draw import (
    ATTEMPTS,
    CORRIDOR_ID,
    Prepared,
    draw,
    prepare,
)
from spacedesign.generate.scenario.scoring import (
    adjacency_cost,
    circulation_hosts,
    daylit,
    flow_pairs,
    quick_scores,
    topology,
)
from spacedesign.generate.scenario.surroundings import faces_public, is_reception
from spacedesign.model import Plan, Program, ScenarioInfo

__all__ = ["CHOICES", "CORRIDOR_ID", "SIGHT_RUN", "STRATEGY", "Design", "design_candidate",
           "in_sight_of_lounge", "make_candidate", "topology_name"]

STRATEGY = "spine-bands"
"""Name of the generator strategy recorded in every scenario."""

CHOICES = 4
"""Sound layouts drawn per seed; the one with the lowest block-layout objective is built."""

_KIND = {"through": ("中廊下", "Central corridor"), "end": ("奥ラウンジ", "Lounge at end"),
         "turn": ("L字廊下", "L-shaped corridor"), "hub": ("ラウンジ中心", "Lounge hub")}
_PLACE = {"N": "北", "S": "南", "E": "東", "W": "西", "NE": "北東", "NW": "北西", "SE": "南東",
          "SW": "南西", "C": "中央"}


@dataclass(frozen=True)
class Design:
    """A generated scenario with what the search needs to know about it.

    ``cost`` is the block-layout (FLP) objective of its rooms under the adjacency wishes.
    """

    seed: int
    plan: Plan
    rooms: tuple[PlacedRoom, ...]
    topology: frozenset[str]
    scores: Mapping[str, float] = field(default_factory=dict)
    cost: float = 0.0


def _place(rects: Sequence[Sequence[float]], bounds: Sequence[float]) -> str:
    """Compass ninth of the zone (``N``, ``SE``, ``C`` …) holding the rectangles' centroid."""
    x = sum(r[0] + r[2] for r in rects) / (2 * len(rects))
    y = sum(r[1] + r[3] for r in rects) / (2 * len(rects))
    fx = (x - bounds[0]) / (bounds[2] - bounds[0])
    fy = (y - bounds[1]) / (bounds[3] - bounds[1])
    ns = "N" if fy > 2 / 3 else "S" if fy < 1 / 3 else ""
    ew = "E" if fx > 2 / 3 else "W" if fx < 1 / 3 else ""
    return ns + ew or "C"


def topology_name(mode: str, rooms: Sequence[PlacedRoom], bounds: Sequence[float]) -> str:
    """Short ja / en name of a layout: spine type, where the lounge and the consultation sit.

    >>> topology_name("through", (), (0, 0, 10, 10))
    '中廊下 / Central corridor'
    """
    ja, en = _KIND[mode]
    for use, ja_use, en_use in (("lounge", "交流", "lounge"),
                                ("consultation", "相談", "consult")):
        rects = [r.rect for r in rooms if r.space.use == use]
        if rects:
            where = _place(rects, bounds)
            ja += f"・{ja_use}{_PLACE[where]}"
            en += f", {en_use} {where}"
    return f"{ja} / {en}"


SIGHT_RUN = 1.8
"""Wall (m) a kids corner shares with the lounge at least: the wall between them is glazed
(:func:`~.build.assemble_level`), so the lounge sees into the corner (FAMILY-KIDS)."""


def in_sight_of_lounge(rooms: Sequence[PlacedRoom]) -> bool:
    """Whether every kids corner shares :data:`SIGHT_RUN` of wall with a lounge.

    >>> from spacedesign.model import Space
    >>> kids = Space(id="kids", use="kids", area=(8, 14))
    >>> lounge = Space(id="lounge", use="lounge", area=(40, 80))
    >>> a = PlacedRoom("kids", kids, (0, 0, 3, 3), 0)
    >>> in_sight_of_lounge([a, PlacedRoom("lounge", lounge, (3, 0, 10, 6), 0)])
    True
    >>> in_sight_of_lounge([a, PlacedRoom("lounge", lounge, (0, 4, 10, 10), 0)])
    False
    """
    lounges = [r.rect for r in rooms if r.space.use == "lounge"]
    if not lounges:
        return True
    for room in rooms:
        if room.space.use != "kids":
            continue
        runs = [shared_segment(room.rect, rect) for rect in lounges]
        if not any(seg is not None and _length(seg) >= SIGHT_RUN - 1e-9 for seg in runs):
            return False
    return True


def _length(seg: tuple[tuple[float, float], tuple[float, float]]) -> float:
    return abs(seg[1][0] - seg[0][0]) + abs(seg[1][1] - seg[0][1])


def _sound_layouts(prep: Prepared, program: Program, rng: random.Random) -> list[tuple[Any, ...]]:
    """Up to :data:`CHOICES` drawn layouts that pass the cheap tests, in draw order."""
    by_id = {n.id: (s, i) for n, s, i in prep.needs}
    preferred = rng.choice(prep.modes)
    found: list[tuple[Any, ...]] = []
    key = ("flow pairs",)
    if key not in prep.memo:
        prep.memo[key] = flow_pairs(prep.flows)
    pairs = prep.memo[key]
    for attempt in range(ATTEMPTS):
        drawn = draw(prep, program, rng, preferred if attempt < ATTEMPTS // 2 else None)
        if drawn is None:
            continue
        frame, layout, entry_edge, mode, rects = drawn
        rooms = tuple(PlacedRoom(r.id, by_id[r.id][0], rect, by_id[r.id][1])
                      for r, rect in zip(layout.rooms, rects, strict=True))
        if any(r.space.daylight and not daylit(r.rect, prep.spans) for r in rooms):
            continue
        if not all(faces_public(prep.fronts, prep.bounds, r.rect)
                   for r in rooms if is_reception(r.space)):
            continue
        if not in_sight_of_lounge(rooms):
            continue
        cost = adjacency_cost(prep.flows, [(r.id, r.rect) for r in rooms], pairs)
        found.append((cost, len(found), frame, layout, entry_edge, mode, rooms))
        if len(found) == CHOICES:
            break
    return found


def design_candidate(plan: Plan, program: Program, seed: int) -> Design | None:
    """Draw layouts from ``seed``; build the sound one with the lowest FLP objective.

    Hard rules: every program room inside the zone with its area in range and its minimum
    side; fixed elements respected (no room over a fixed fixture or core room, no free-standing
    column in a room, fixed walls on room boundaries, the corridor free of columns); every room
    with a door onto the corridor or the lounge; rooms that ask for daylight touch a window;
    the kids corner shares a glazed wall with the lounge (:func:`in_sight_of_lounge`).
    Returns None when no draw builds.
    """
    prep = prepare(plan, program)
    rng = random.Random(seed)
    candidates = sorted(_sound_layouts(prep, program, rng), key=lambda c: (c[0], c[1]))
    for cost, _, frame, layout, entry_edge, mode, rooms in candidates:
        corridor_rect = frame.rect(layout.corridor)
        legs = [frame.rect(leg) for leg in layout.legs]
        new_ids = {r.id for r in rooms} | {CORRIDOR_ID}
        lounge_id = next((r.id for r in rooms if r.space.use == "lounge"), None)
        try:
            level = assemble_level(
                prep.level, bounds=prep.bounds, entry_edge=entry_edge,
                corridor=(CORRIDOR_ID, corridor_rect), rooms=rooms,
                corridor_width=program.corridor_width, lounge_id=lounge_id,
                reception_ids=[r.id for r in rooms if is_reception(r.space)],
                kids_ids=[r.id for r in rooms if r.space.use == "kids"], rng=rng, legs=legs)
        except BuildError:
            continue
        entry = next(o for o in level.openings if o.id.startswith("G-O-")
                     and o.connects and not set(o.connects) <= new_ids)
        doors = [o for o in level.openings if o.kind == "door" and o.id.startswith("G-D-")]
        scores = quick_scores(program, rooms, [corridor_rect, *legs], prep.bounds, entry.at,
                              doors, prep.spans)
        topo = topology(rooms, prep.bounds, entry_edge, mode=mode,
                        hosts=circulation_hosts(level.openings, rooms, legs, CORRIDOR_ID))
        levels = list(plan.levels)
        levels[prep.level_index] = level
        generator = {
            "strategy": STRATEGY, "seed": seed, "entry": entry_edge, "spine": mode,
            "corridor": {"from_edge": round(layout.corridor.v0, 3),
                         "length": round(layout.corridor.u1, 3),
                         "clear_width": program.corridor_width},
            "bands": {k: list(v) for k, v in layout.bands.items()},
            **({"turn": _turn_side(frame, layout)} if layout.legs else {}),
            "flp_objective": round(cost, 3),
        }
        where = {"through": "beside the spine", "end": "at the end of the spine",
                 "turn": "behind the corridor's turn",
                 "hub": "across the zone at the spine's end, the rooms behind it opening off it"
                 }[mode]
        notes = (f"Generated ({STRATEGY}, seed {seed}): entered from the {entry_edge} edge, "
                 f"{len(rooms)} rooms; lounge {where}; block-layout objective "
                 f"{cost:.1f} (adjacency wishes as flows).")
        scenario = plan.with_changes(
            kind="scenario", levels=tuple(levels),
            name=topology_name(mode, rooms, prep.bounds),
            scenario=ScenarioInfo(base=plan.name, program=program.name, generator=generator,
                                  notes=notes))
        return Design(seed, scenario, rooms, topo, scores, cost)
    return None


def _turn_side(frame: Any, layout: Any) -> str:
    """Compass side an L-shaped corridor's cross leg runs to."""
    leg = frame.rect(layout.legs[0])
    x0, y0, x1, y1 = frame.bounds
    gaps = {"west": leg[0] - x0, "east": x1 - leg[2], "south": leg[1] - y0, "north": y1 - leg[3]}
    across = ("west", "east") if frame.edge in ("north", "south") else ("south", "north")
    return min(across, key=lambda k: gaps[k])


def make_candidate(plan: Plan, program: Program, seed: int) -> Plan | None:
    """Return the scenario that ``seed`` generates, or None when no draw builds.

    Pure and deterministic: the same plan, program and seed give the same scenario.
    """
    design = design_candidate(plan, program, seed)
    return None if design is None else design.plan
