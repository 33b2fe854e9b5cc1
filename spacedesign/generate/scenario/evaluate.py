"""Complete a generated scenario: furnish it, check it, and score it.

When the capacity package (``spacedesign.capacity.furnish_plan``) and the rule checker
(``spacedesign.rules.check_plan``) are installed, the scenario's new rooms are furnished in
their default styles and the whole plan is checked against the program's ruleset:
``accessibility`` is the checker's 0–100 score and ``capacity`` the share of the program's
seats that the furniture provides. Without them, ``accessibility`` is the share of public new
rooms that :func:`~spacedesign.generate.scenario.reach.wheelchair_reachable` reaches from the
entry, and there is no ``capacity`` score. The other scores are the geometric composite of
:mod:`.scoring`. ``score`` combines what is present with the program's scorecard weights.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from spacedesign.generate.scenario.reach import wheelchair_reachable
from spacedesign.generate.scenario.scoring import composite
from spacedesign.generate.scenario.search import CORRIDOR_ID, Design
from spacedesign.model import Plan, Program

__all__ = ["Evaluation", "evaluate_design", "evaluator_features"]


@dataclass(frozen=True)
class Evaluation:
    """A finished scenario: the (furnished) plan, its scores and the composite ``score``.

    ``reachable`` is False when the check found a new public room that a wheelchair cannot
    reach (for instance furniture in the lounge blocking a door that opens onto it); the
    search does not return such scenarios.
    """

    seed: int
    plan: Plan
    topology: frozenset[str]
    scores: Mapping[str, float]
    score: float
    checked_by: str
    reachable: bool = True


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    try:
        found: Callable[..., Any] = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
    return found


def evaluator_features() -> dict[str, bool]:
    """Return which optional evaluators are importable (furnishing, rule checking)."""
    return {
        "furnish": _optional("spacedesign.capacity", "furnish_plan") is not None,
        "check": _optional("spacedesign.rules", "check_plan") is not None,
    }


def _generated_ids(plan: Plan) -> set[str]:
    return {r.id for lv in plan.levels for r in lv.rooms if r.props.get("generated")}


def furnish_new_rooms(plan: Plan, ruleset: str) -> Plan:
    """Furnish only the generated rooms (the rest of the plan keeps its furniture)."""
    furnish = _optional("spacedesign.capacity", "furnish_plan")
    if furnish is None:
        return plan
    new = _generated_ids(plan)
    levels = []
    for level in plan.levels:
        own = tuple(r for r in level.rooms if r.id in new)
        if not own:
            levels.append(level)
            continue
        sub = plan.with_changes(levels=(dataclasses.replace(level, rooms=own),))
        furnished: Plan = furnish(sub, ruleset=ruleset)
        added = tuple(f for f in furnished.levels[0].furniture if f.room in new)
        kept = tuple(f for f in level.furniture if f.room not in new)
        levels.append(dataclasses.replace(level, furniture=kept + added))
    return plan.with_changes(levels=tuple(levels))


def _capacity_score(plan: Plan, program: Program) -> float | None:
    seats_by_space: dict[str, float] = {}
    rooms = {r.id: r for lv in plan.levels for r in lv.rooms if r.props.get("generated")}
    for level in plan.levels:
        for item in level.furniture:
            room = rooms.get(item.room or "")
            seats = item.props.get("seats")
            if room is not None and isinstance(seats, int | float):
                space = str(room.props.get("space"))
                seats_by_space[space] = seats_by_space.get(space, 0.0) + float(seats)
    wanted = [(s.id, s.seats * s.count) for s in program.spaces if s.seats]
    if not wanted:
        return None
    shares = [min(1.0, seats_by_space.get(sid, 0.0) / need) for sid, need in wanted]
    return round(100.0 * sum(shares) / len(shares), 2)


def _reach_score(plan: Plan) -> float:
    level = next(lv for lv in plan.levels if any(r.id == CORRIDOR_ID for r in lv.rooms))
    entry = next(o for o in level.openings if o.id == f"G-O-{CORRIDOR_ID}-entry")
    start = next(c for c in entry.connects or () if c != CORRIDOR_ID)
    targets = [r.id for r in level.rooms if r.props.get("generated") and r.public]
    reached = wheelchair_reachable(level, start, targets)
    return round(100.0 * sum(reached.values()) / max(1, len(reached)), 2)


def evaluate_design(design: Design, program: Program) -> Evaluation:
    """Furnish, check and score a generated design (see the module docstring)."""
    ruleset = program.ruleset
    plan = furnish_new_rooms(design.plan, ruleset)
    scores = dict(design.scores)
    check = _optional("spacedesign.rules", "check_plan")
    new_public = {r.id for lv in plan.levels for r in lv.rooms
                  if r.props.get("generated") and r.public}
    if check is not None:
        report = check(plan, ruleset)
        scores["accessibility"] = round(float(report.score), 2)
        checked_by = f"spacedesign.rules.check_plan ({ruleset})"
        reachable = not any(f.rule == "ROUTE-REACH" and f.status == "fail"
                            and f.element in new_public for f in report.findings)
    else:
        scores["accessibility"] = _reach_score(plan)
        checked_by = "door graph + clear-width reachability (rules not installed)"
        reachable = scores["accessibility"] >= 100.0
    capacity = _capacity_score(plan, program)
    if capacity is not None and plan is not design.plan:
        scores["capacity"] = capacity
    score = composite(scores, program.score_weights())
    info = plan.scenario
    if info is not None:
        generator = dict(info.generator)
        generator["scores"] = {k: scores[k] for k in sorted(scores)}
        generator["score"] = score
        plan = plan.with_changes(scenario=dataclasses.replace(info, generator=generator))
    return Evaluation(design.seed, plan, design.topology, scores, score, checked_by, reachable)
