"""Complete a generated scenario: furnish it, check it with the project's checker, and score it.

The scenario's new rooms are furnished in their default styles
(:func:`spacedesign.capacity.furnish_plan`, through :func:`.furnishing.furnish_new_rooms`) and
the whole furnished plan is checked against the program's ruleset
(:func:`spacedesign.rules.check_plan`). Failures the base plan has already (outside the zone,
such as an old lift) are the building's, not the scenario's;
:attr:`Evaluation.failures` lists the new ones. A scenario is *sound* when none of them is
critical (the search discards the others) and *clean* when there are none (the search prefers
those).

Scores (0–100): ``accessibility`` is the checker's score, ``capacity`` the share of the
program's seats the furniture provides; the rest is the geometric composite of :mod:`.scoring`.
``score`` combines them with the program's weights; it ranks the generator's own candidates.
The scenario files do not carry these numbers: ``spacedesign score`` computes the Scorecard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spacedesign.generate.scenario.furnishing import furnish_new_rooms, generated_ids
from spacedesign.generate.scenario.scoring import composite
from spacedesign.generate.scenario.search import Design
from spacedesign.model import Plan, Program
from spacedesign.rules import check_plan

__all__ = ["Evaluation", "base_failures", "evaluate_design", "furnish_new_rooms",
           "new_failures"]

CHECKED_BY = "spacedesign.rules.check_plan"


@dataclass(frozen=True)
class Evaluation:
    """A finished scenario: the furnished plan, its scores and the composite ``score``.

    ``failures`` are the ``RULE element`` of every failed check finding that the base plan does
    not have, ``critical`` those of them whose rule is critical (wheelchair reach, entrances).
    The search never returns a scenario with a critical failure and prefers ones without any.
    """

    seed: int
    plan: Plan
    topology: frozenset[str]
    scores: Mapping[str, float]
    score: float
    checked_by: str
    failures: tuple[str, ...] = ()
    critical: tuple[str, ...] = ()

    @property
    def sound(self) -> bool:
        """Whether the check found no critical failure the base plan does not have."""
        return not self.critical

    @property
    def clean(self) -> bool:
        """Whether the check found no failure at all that the base plan does not have."""
        return not self.failures


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


_BASE: dict[tuple[int, str], tuple[Plan, frozenset[tuple[str, str | None]]]] = {}


def base_failures(plan: Plan, ruleset: str) -> frozenset[tuple[str, str | None]]:
    """Return ``(rule, element)`` of every failed finding of the base plan (memoised)."""
    key = (id(plan), ruleset)
    hit = _BASE.get(key)
    if hit is not None and hit[0] is plan:
        return hit[1]
    report = check_plan(plan, ruleset)
    found = frozenset((f.rule, f.element) for f in report.findings if f.status == "fail")
    if len(_BASE) > 8:
        _BASE.clear()
    _BASE[key] = (plan, found)
    return found


def _new_elements(plan: Plan) -> set[str]:
    ids = generated_ids(plan)
    for level in plan.levels:
        ids |= {e.id for group in (level.walls, level.openings, level.fixtures, level.furniture)
                for e in group if e.id.startswith("G-") or getattr(e, "room", None) in ids}
    return ids


def new_failures(report: Any, known: frozenset[tuple[str, str | None]],
                 new: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return ``"RULE element"`` of the failed findings the scenario brings, and the critical ones.

    A failure is the base plan's (``known``) only when its element is not one of the new
    elements ``new``: a new room may reuse the id of a removed one (``consult-1``).
    """
    found = [f for f in report.findings
             if f.status == "fail" and ((f.rule, f.element) not in known or f.element in new)]
    return (tuple(f"{f.rule} {f.element}" for f in found),
            tuple(f"{f.rule} {f.element}" for f in found if f.severity == "critical"))


def evaluate_design(design: Design, program: Program, base: Plan | None = None) -> Evaluation:
    """Furnish, check and score a generated design (see the module docstring).

    ``base`` is the plan the design was generated from; its own failures do not count against
    the scenario (without it every failure counts).
    """
    ruleset = program.ruleset
    plan = furnish_new_rooms(design.plan, ruleset)
    scores = dict(design.scores)
    report = check_plan(plan, ruleset)
    scores["accessibility"] = round(float(report.score), 2)
    known = base_failures(base, ruleset) if base is not None else frozenset()
    capacity = _capacity_score(plan, program)
    if capacity is not None:
        scores["capacity"] = capacity
    score = composite(scores, program.score_weights())
    return Evaluation(design.seed, plan, design.topology, scores, score,
                      f"{CHECKED_BY} ({ruleset})",
                      *new_failures(report, known, _new_elements(plan)))
