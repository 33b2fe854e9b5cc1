"""The scorecard on the shared accessibility cases, with a program written here."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any

import pytest

from spacedesign.errors import InputError
from spacedesign.io import load_plan
from spacedesign.model import Opening, Wall
from spacedesign.score import CRITERIA, CheckReportLike, FindingLike, score_plan
from tests.conftest import ACCESS_CASES, CASES
from tests.score.programs import CASE_PROGRAM


@dataclass
class FakeFinding:
    rule: str
    status: str
    element: str | None = None
    measured: Any = None
    required: Any = None
    location: tuple[float, float] | None = None
    severity: str = "major"
    message: str | None = None


@dataclass
class FakeReport:
    score: float
    findings: list[FakeFinding] = field(default_factory=list)


def _plan(name: str):
    return load_plan(CASES / "access" / f"{name}.yaml")


@pytest.mark.parametrize("path", ACCESS_CASES, ids=lambda p: p.stem)
def test_every_case_scores_in_range(path):
    card = score_plan(load_plan(path), CASE_PROGRAM)
    assert list(card.criteria) == list(CRITERIA)
    for criterion in card.criteria.values():
        assert criterion.score is None or 0.0 <= criterion.score <= 100.0
    assert 0.0 <= card.composite <= 100.0
    # without the rules and capacity reports those two criteria are n/a, never invented
    assert card.value("accessibility") is None and card.value("capacity") is None
    assert set(card.left_out) == {"accessibility", "capacity"}
    data = card.to_dict()
    assert data["criteria"]["program_fit"]["name_en"] == "Program fit"


def test_good_case_measures():
    card = score_plan(_plan("good"), CASE_PROGRAM)
    assert card.value("program_fit") == 100.0
    walking = card.criteria["walking"].details
    assert walking["entrance"] == "D0"
    # entrance door centre (15, 4) to the counter's centre (17.5, 7.7): a straight line
    assert walking["reception"] == pytest.approx(math.hypot(2.5, 3.7), abs=0.01)
    assert card.value("walking") == 100.0
    # the lounge has no window and the kids room is behind two walls
    assert card.value("daylight") == 0.0
    assert card.criteria["family"].details["parts"]["kids_in_sight"] == 0.0


def test_narrow_consultation_room_fails_min_side():
    card = score_plan(_plan("consult-narrow"), CASE_PROGRAM)
    checks = card.criteria["program_fit"].details["checks"]
    failed = [c for c in checks if not c["ok"]]
    assert {(c["room"], c["check"]) for c in failed} >= {("consult1", "min_side")}
    side = next(c for c in failed if c["check"] == "min_side")["measured"]
    assert side == pytest.approx(1.3, abs=0.01)
    assert card.value("program_fit") < score_plan(_plan("good"), CASE_PROGRAM).value("program_fit")


def test_window_gives_daylight_and_glazing_gives_sight():
    plan = _plan("good")
    level = plan.levels[0]
    window = Opening("WIN1", "window", "W-ext", (22.0, 4.0), 1.8)
    glazed = [dataclasses.replace(w, kind="glazed") if w.id == "W-c1" else w for w in level.walls]
    glazed.append(Wall("W-c2b", ((19.2, 10.8), (25, 10.8)), 0.1, kind="glazed"))
    glazed = [w for w in glazed if w.id != "W-c2"] + [Wall("W-c2a", ((5, 10.8), (19.2, 10.8)), 0.2)]
    changed = plan.with_changes(levels=(dataclasses.replace(
        level, openings=(*level.openings, window), walls=tuple(glazed)),))
    card = score_plan(changed, CASE_PROGRAM)
    assert card.value("daylight") == 100.0
    # the kids room is now seen through the glazed corridor walls
    assert card.criteria["family"].details["parts"]["kids_in_sight"] > 0.5


def test_check_reports_feed_accessibility_and_family():
    plan = _plan("good")
    report = FakeReport(72.5, [
        FakeFinding("DOOR-WIDTH", "fail", "D2", 0.75, 0.85, (8.0, 9.0), "major"),
        FakeFinding("ROUTE-WIDTH", "fail", "corridor", 1.0, 1.2, (10.0, 9.9), "critical"),
        FakeFinding("FAMILY-NURSING", "fail", None, severity="minor"),
        FakeFinding("FAMILY-KIDS", "pass", "kids"),
        FakeFinding("TOILET-ACCESSIBLE", "pass", "WC1"),
    ])
    assert isinstance(report, CheckReportLike) and isinstance(report.findings[0], FindingLike)
    other = {"rule": "DOOR-WIDTH", "status": "pass"}
    card = score_plan(plan, CASE_PROGRAM, checks={"jp-recommended": report,
                                                  "jp-minimum": {"score": 90, "findings": [other]}})
    acc = card.criteria["accessibility"]
    assert acc.score == 72.5
    assert acc.details["rulesets"]["jp-recommended"]["failures_by_severity"] == {
        "critical": 1, "major": 1, "minor": 1}
    assert acc.details["rulesets"]["jp-minimum"]["score"] == 90
    parts = card.criteria["family"].details["parts"]
    assert parts["FAMILY-NURSING"] == 0.0 and parts["FAMILY-KIDS:kids"] == 1.0
    assert len(card.findings) == 5 and card.findings[0].location == (8.0, 9.0)


def test_capacity_report_against_targets():
    plan = _plan("good")
    capacity = {"rooms": [
        {"id": "meeting", "use": "meeting", "capacity": 12, "styles": {
            "boardroom": {"seats": 12, "wheelchair_places": 1}}},
        {"id": "lounge", "use": "lounge", "capacity": 8, "styles": {
            "lounge": {"seats": 8, "wheelchair_places": 0}}},
        {"id": "consult1", "use": "consultation", "capacity": 4, "styles": {
            "consultation": {"seats": 4, "wheelchair_places": 1}}},
        {"id": "consult2", "use": "consultation", "capacity": 3, "styles": {
            "consultation": {"seats": 3, "wheelchair_places": 1}}},
    ], "totals": {}}
    card = score_plan(plan, CASE_PROGRAM, capacity=capacity)
    # parts: consult1 4/4, consult2 3/4, consult rooms with a wheelchair place 2/2;
    # lounge 8/16, lounge wheelchair 0/1; meeting 12/10 (capped), meeting wheelchair 1/1
    expected = (1 + 0.75 + 1 + 0.5 + 0 + 1 + 1) / 7
    assert card.value("capacity") == pytest.approx(100 * expected)
    notes = card.criteria["capacity"].notes
    assert "lounge: 車椅子席のある室 0/1 — 0 of 1 rooms with a wheelchair place" in notes
    assert "consult2: 3席 / 希望 4席 — 3 places of 4 wanted" in notes


def test_weights_from_program_and_unknown_weight():
    plan = _plan("good")
    only_walking = dataclasses.replace(CASE_PROGRAM, weights={
        k: 0.0 for k in CRITERIA if k != "walking"})
    card = score_plan(plan, only_walking)
    assert card.composite == pytest.approx(card.value("walking"))
    assert card.weights["walking"] == pytest.approx(0.10)  # the documented default is kept
    with pytest.raises(InputError, match="unknown weight 'beauty'"):
        score_plan(plan, dataclasses.replace(CASE_PROGRAM, weights={"beauty": 1.0}))


def test_missing_space_costs_fit_and_adjacency():
    plan = _plan("good")
    level = plan.levels[0]
    no_kids = plan.with_changes(levels=(dataclasses.replace(
        level, rooms=tuple(r for r in level.rooms if r.use != "kids")),))
    full, partial = score_plan(plan, CASE_PROGRAM), score_plan(no_kids, CASE_PROGRAM)
    assert partial.value("program_fit") < full.value("program_fit")
    assert partial.value("adjacency") < full.value("adjacency")
    assert any("kids" in n for n in partial.criteria["program_fit"].notes)


def _capacity(*rooms: tuple[str, str, int, int]) -> dict[str, Any]:
    return {"rooms": [{"id": i, "use": u, "capacity": c, "styles": {
        "boardroom": {"seats": c, "wheelchair_places": w}}} for i, u, c, w in rooms]}


def test_missing_space_is_counted_once_in_program_fit_not_in_capacity():
    plan = _plan("good")
    level = plan.levels[0]
    full_capacity = _capacity(("meeting", "meeting", 10, 1), ("lounge", "lounge", 16, 1),
                              ("consult1", "consultation", 4, 1),
                              ("consult2", "consultation", 4, 1))
    full = score_plan(plan, CASE_PROGRAM, capacity=full_capacity)
    assert full.value("capacity") == 100.0
    no_meeting = plan.with_changes(levels=(dataclasses.replace(
        level, rooms=tuple(r for r in level.rooms if r.id != "meeting")),))
    rooms = [r for r in full_capacity["rooms"] if r["id"] != "meeting"]
    partial = score_plan(no_meeting, CASE_PROGRAM, capacity={"rooms": rooms})
    # the missing meeting room costs program fit ...
    assert partial.value("program_fit") < full.value("program_fit")
    assert "meeting: 1室中1室目がない / room 1 of 1 missing" in partial.criteria["program_fit"].notes
    # ... and nothing in capacity: the rooms that exist still meet their targets
    assert partial.value("capacity") == 100.0
    assert not any("meeting" in n for n in partial.criteria["capacity"].notes)


def test_wheelchair_rooms_follow_the_programs_minimum():
    plan = _plan("good")
    consult = CASE_PROGRAM.spaces[0]
    assert consult.id == "consult" and consult.count == 2
    one_needed = dataclasses.replace(CASE_PROGRAM, spaces=(
        dataclasses.replace(consult, props={**consult.props, "wheelchair_usable_min": 1}),
        *CASE_PROGRAM.spaces[1:]))
    capacity = _capacity(("meeting", "meeting", 10, 1), ("lounge", "lounge", 16, 1),
                         ("consult1", "consultation", 4, 1), ("consult2", "consultation", 4, 0))
    assert score_plan(plan, one_needed, capacity=capacity).value("capacity") == 100.0
    strict = score_plan(plan, CASE_PROGRAM, capacity=capacity)
    assert strict.value("capacity") < 100.0
    assert ("consult: 車椅子席のある室 1/2 — 1 of 2 rooms with a wheelchair place"
            in strict.criteria["capacity"].notes)


def test_capacity_is_na_when_no_seated_room_exists():
    plan = _plan("good")
    seated = {"consult", "lounge", "meeting"}
    level = plan.levels[0]
    bare = plan.with_changes(levels=(dataclasses.replace(level, rooms=tuple(
        r for r in level.rooms if not any(r.id.startswith(s) for s in seated))),))
    card = score_plan(bare, CASE_PROGRAM, capacity={"rooms": []})
    assert card.value("capacity") is None
    assert "capacity" in card.left_out
