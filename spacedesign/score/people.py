"""Criteria about visitors: accessibility, family friendliness and walking distances."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from shapely.geometry import Point as ShapelyPoint

from spacedesign.model import Level, Plan, Point, Program
from spacedesign.score.criterion import Criterion, linear_score
from spacedesign.score.inputs import CheckSummary
from spacedesign.score.layout import PlacedRoom, placed_rooms
from spacedesign.score.walking import WalkingGraph, main_entrance, visible_share

__all__ = [
    "FAMILY_STATUS_VALUE",
    "WALKING_LIMITS",
    "accessibility_criterion",
    "family_criterion",
    "walking_criterion",
]

WALKING_LIMITS: Mapping[str, tuple[float, float]] = {
    "reception": (8.0, 25.0),
    "near_entrance": (8.0, 25.0),
    "consultation": (20.0, 50.0),
    "accessible_toilet": (20.0, 50.0),
}
"""Destination -> (good, bad) walking distance in m from the main entrance: full marks at
``good`` or less, none at ``bad`` or more. For consultation rooms the mean over the rooms is
judged; for the toilet the nearest accessible toilet. ``near_entrance`` judges every space the
program wants ``near: entrance`` (nearest of its rooms), with the reception's limits."""

FAMILY_STATUS_VALUE: Mapping[str, float] = {"pass": 1.0, "warn": 0.5, "fail": 0.0}
"""How a FAMILY-* finding counts in the family criterion (``n/a`` findings are left out)."""

Matching = Mapping[str, Sequence[PlacedRoom]]

_STATUS_JA = {"fail": "不適合", "warn": "注意", "pass": "適合"}
_WHERE_JA = {"reception": "受付", "consultation": "相談室", "accessible_toilet": "多機能トイレ",
             "near_entrance": "入口の近く"}


def _where(key: str) -> str:
    """Return a walking group's name in Japanese and English, e.g. ``受付 reception``."""
    base, _, space = key.partition(":")
    return f"{_WHERE_JA.get(base, base)} {key}" if not space else f"{_WHERE_JA[base]} {space}"


def accessibility_criterion(program: Program,
                            checks: Mapping[str, CheckSummary] | None) -> Criterion:
    """Score accessibility by the program's ruleset; report every ruleset given.

    The score is the rules' own 0–100 score (severity-weighted share of applicable checks
    passed, DESIGN.md §5) for ``program.ruleset``; details list, per ruleset, the score and the
    failures by severity. Without check reports the criterion is n/a.
    """
    if not checks:
        return Criterion("accessibility", None, {},
                         ("アクセシビリティ未検査（spacedesign.rules なし）"
                          "/ no accessibility check (spacedesign.rules not available)",))
    per_ruleset: dict[str, Any] = {}
    for name, summary in checks.items():
        per_ruleset[name] = {
            "score": round(summary.score, 2),
            "fail": len(summary.failures),
            "warn": sum(1 for f in summary.findings if f.status == "warn"),
            "failures_by_severity": summary.failures_by_severity(),
        }
    primary = checks.get(program.ruleset)
    notes: list[str] = []
    if primary is None:
        notes.append(f"{program.ruleset}: 未検査、他の基準の平均"
                     " / ruleset not checked; mean of the others used")
        score = sum(s.score for s in checks.values()) / len(checks)
    else:
        score = primary.score
        for finding in primary.failures[:5]:
            notes.append(f"{finding.rule} {finding.element or ''}: {finding.message or 'fail'}"
                         .replace(" :", ":"))
    details = {"ruleset": program.ruleset, "rulesets": per_ruleset}
    return Criterion("accessibility", float(score), details, tuple(notes))


def _rooms_of_use(plan: Plan, program: Program, matched: Matching, use: str) -> list[PlacedRoom]:
    found: list[PlacedRoom] = []
    for space in program.spaces:
        if space.use == use:
            found += matched.get(space.id, ())
    if found:
        return found
    return [p for p in placed_rooms(plan) if p.room.use == use]


def _kids_in_sight(plan: Plan, program: Program, matched: Matching) -> tuple[float | None, str]:
    lounges = _rooms_of_use(plan, program, matched, "lounge")
    kids = _rooms_of_use(plan, program, matched, "kids")
    if not lounges:
        return None, "ラウンジなし / no lounge"
    for lounge in lounges:
        for item in lounge.level.furniture:
            if item.kind == "kids_play" and lounge.polygon.covers(item.footprint.geometry.centroid):
                return 1.0, (f"{lounge.id}: ラウンジ内にキッズコーナー"
                             " / kids corner inside the lounge")
    if not kids:
        return 0.0, "キッズコーナーなし / no kids corner"
    best = 0.0
    for k in kids:
        for lounge in lounges:
            if lounge.level.id == k.level.id:
                best = max(best, visible_share(k.level, lounge.polygon, k.polygon))
    return best, (f"キッズコーナーの {best:.0%} がラウンジから見える"
                  f" / {best:.0%} of the kids corner is in sight of the lounge")


def family_criterion(plan: Plan, program: Program, matched: Matching,
                     check: CheckSummary | None) -> Criterion:
    """FAMILY-* rule results, kids corner in sight of the lounge, nursing room, baby changing.

    Parts (each 0–1, the score is their mean ×100): every applicable FAMILY-* finding of the
    program's ruleset (:data:`FAMILY_STATUS_VALUE`); the share of the kids corner seen from the
    lounge (sight through glazing, windows and open gaps; closed doors and walls block it); the
    nursing rooms present over those asked (when the program asks); a baby-changing place (an
    accessible toilet or other fixture with feature ``baby_changing``, or a nursing room).
    """
    parts: dict[str, float] = {}
    notes: list[str] = []
    if check is not None:
        for finding in check.findings:
            value = FAMILY_STATUS_VALUE.get(finding.status)
            if finding.rule.startswith("FAMILY-") and value is not None:
                key = f"{finding.rule}:{finding.element or ''}".rstrip(":")
                parts[key] = value
                if value < 1:
                    notes.append(f"{finding.rule}: {_STATUS_JA.get(finding.status, finding.status)}"
                                 f" / {finding.status}")
    else:
        notes.append("FAMILY 規則未検査"
                     " / FAMILY rules not checked (spacedesign.rules not available)")
    sight, why = _kids_in_sight(plan, program, matched)
    if sight is not None:
        parts["kids_in_sight"] = sight
        if sight < 1:
            notes.append(why)
    nursing_spaces = [s for s in program.spaces if s.use == "nursing"]
    nursing_rooms = _rooms_of_use(plan, program, matched, "nursing")
    if nursing_spaces:
        wanted = sum(s.count for s in nursing_spaces)
        parts["nursing_room"] = min(1.0, len(nursing_rooms) / wanted)
    changing = bool(nursing_rooms) or any(
        "baby_changing" in f.features for lv in plan.levels for f in lv.fixtures)
    parts["baby_changing"] = 1.0 if changing else 0.0
    if not changing:
        notes.append("おむつ替えの場所なし / no baby-changing place")
    score = 100.0 * sum(parts.values()) / len(parts)
    return Criterion("family", score, {"parts": {k: round(v, 3) for k, v in parts.items()},
                                       "kids_in_sight": why}, tuple(notes))


def _entrance_level(plan: Plan) -> Level | None:
    for level in plan.levels:
        if main_entrance(level) is not None:
            return level
    return None


def _target_point(placed: PlacedRoom, fixture_kind: str) -> Point:
    for fixture in placed.level.fixtures:
        if fixture.kind == fixture_kind and fixture.polygon is not None:
            c = fixture.polygon.geometry.centroid
            if placed.polygon.covers(ShapelyPoint(c.x, c.y)):
                return (float(c.x), float(c.y))
    return placed.centre


def _reception_targets(plan: Plan, program: Program, matched: Matching) -> list[PlacedRoom]:
    rooms = _rooms_of_use(plan, program, matched, "reception")
    if rooms:
        return rooms
    by_room = {(p.level.id, p.id): p for p in placed_rooms(plan)}
    return [by_room[(lv.id, f.room)] for lv in plan.levels for f in lv.fixtures
            if f.kind == "counter" and f.room is not None and (lv.id, f.room) in by_room]


def walking_criterion(plan: Plan, program: Program, matched: Matching) -> Criterion:
    """Score walking distances from the entrance to reception, consultation and toilet.

    Each destination group scores linearly between the limits of :data:`WALKING_LIMITS`
    (reception: nearest; consultation: mean over the rooms; accessible toilet: nearest); an
    unreachable or missing destination scores 0. Every space with the wish ``near: entrance``
    is a group of its own, ``near_entrance:<space>`` (nearest of its rooms); when the reception
    space carries that wish it replaces the generic reception group, so it is judged once. The
    score is the mean over the groups (×100).
    """
    level = _entrance_level(plan)
    if level is None:
        return Criterion("walking", None, {}, ("屋外への出入口なし / no entrance door to outside",))
    entrance = main_entrance(level)
    assert entrance is not None
    graph = WalkingGraph(level, entrance)
    toilets = [p for p in placed_rooms(plan) if p.room.use == "accessible_toilet"]
    toilets += [p for p in placed_rooms(plan) if p not in toilets and any(
        f.kind == "accessible_toilet" and f.room == p.id for f in p.level.fixtures)]
    near = [sp for sp in program.spaces if sp.near == "entrance"]
    groups: dict[str, tuple[list[PlacedRoom], str, Any]] = {}
    if not any(sp.use == "reception" for sp in near):
        groups["reception"] = (_reception_targets(plan, program, matched), "counter", min)
    for sp in near:
        fixture = "counter" if sp.use == "reception" else ""
        groups[f"near_entrance:{sp.id}"] = (list(matched.get(sp.id, ())), fixture, min)
    groups["consultation"] = (_rooms_of_use(plan, program, matched, "consultation"), "", None)
    groups["accessible_toilet"] = (toilets, "accessible_toilet", min)
    parts: dict[str, float] = {}
    details: dict[str, Any] = {"entrance": entrance.id}
    notes: list[str] = []
    for key, (rooms, fixture_kind, pick) in groups.items():
        distances = [graph.distance_to(p.id, _target_point(p, fixture_kind))
                     for p in rooms if p.level.id == level.id]
        if not distances:
            parts[key] = 0.0
            details[key] = None
            notes.append(f"{_where(key)}: 入口階にない / none on the entrance level")
            continue
        if any(math.isinf(d) for d in distances) and (pick is None or all(
                math.isinf(d) for d in distances)):
            parts[key] = 0.0
            details[key] = None
            notes.append(f"{_where(key)}: 扉を通って歩いて行けない"
                         " / not reachable on foot through the doors")
            continue
        value = pick(distances) if pick else sum(distances) / len(distances)
        good, bad = WALKING_LIMITS[key.split(":")[0]]
        parts[key] = linear_score(value, good, bad)
        details[key] = round(value, 2)
        if parts[key] < 1:
            notes.append(f"{_where(key)}: {value:.1f} m（{good:g} m 以下で満点）"
                         f"/ full marks at ≤ {good:g} m")
    score = 100.0 * sum(parts.values()) / len(parts)
    return Criterion("walking", score, details, tuple(notes))
