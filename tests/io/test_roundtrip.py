"""load → save → load gives an equal model, for generated plans and for every case file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacedesign.io import load_document, load_plan, save_document, validate_file
from spacedesign.model import (
    AccessPoint,
    Fixture,
    Furniture,
    Level,
    Opening,
    Plan,
    Ramp,
    Room,
    ScenarioInfo,
    Shape,
    Site,
    Tactile,
    Wall,
    Zone,
)
from tests.conftest import ACCESS_CASES, FLP_CASES

coord = st.floats(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False)
size = st.floats(min_value=0.5, max_value=20, allow_nan=False, allow_infinity=False)
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)


@st.composite
def plans(draw) -> Plan:
    """Random valid plans: a row of rectangular rooms with walls, doors and furniture."""
    x0, y0 = draw(coord), draw(coord)
    n = draw(st.integers(1, 5))
    widths = [draw(size) for _ in range(n)]
    depth = draw(size)
    rooms, walls, openings, furniture = [], [], [], []
    x = x0
    for i, w in enumerate(widths):
        rooms.append(Room(f"r{i}", draw(text), draw(st.sampled_from(["lounge", "meeting", "kids"])),
                          Shape.rectangle(x, y0, x + w, y0 + depth), draw(st.none() | text),
                          draw(st.booleans()), {"note": draw(text)} if draw(st.booleans()) else {}))
        walls.append(Wall(f"w{i}", ((x, y0), (x + w, y0)), 0.2, "exterior", draw(st.booleans())))
        openings.append(Opening(f"d{i}", "door", f"w{i}", (x + w / 2, y0), min(0.9, w / 2),
                                draw(st.sampled_from(["hinged", "sliding", None])), 0.0,
                                (f"r{i}", "outside")))
        if draw(st.booleans()):
            furniture.append(Furniture(f"f{i}", "table", at=(x + w / 2, y0 + depth / 2),
                                       size=(0.4, 0.4), rotation=draw(st.floats(0, 360)),
                                       room=f"r{i}"))
        x += w
    outline = Shape.rectangle(x0, y0, x, y0 + depth)
    level = Level("1F", outline, draw(st.floats(0, 5)), tuple(walls), (), tuple(openings),
                  tuple(rooms), (Fixture("c1", "counter", Shape.rectangle(x0, y0, x0 + 0.3,
                                                                         y0 + 0.3), "r0",
                                         height=0.7, features=("low",)),),
                  tuple(furniture), (Zone("z", "renovation", outline),))
    site = None
    if draw(st.booleans()):
        site = Site(
            access_points=(AccessPoint("A1", (x0, y0 - 5), "pedestrian"),),
            ramps=(Ramp("R1", Shape.rectangle(x0, y0 - 5, x0 + 1.5, y0), (x0 + 0.75, y0 - 5),
                        (x0 + 0.75, y0), 0.0, 0.2, "both",
                        (Shape.rectangle(x0, y0 - 6.5, x0 + 1.5, y0 - 5),), True),),
            tactile=(Tactile("T1", "guide", line=((x0, y0 - 5), (x0, y0))),),
        )
    scenario = ScenarioInfo("base.yaml", "program.yaml", {"seed": 3}, draw(text)) if draw(
        st.booleans()) else None
    return Plan(draw(text), (level,), "scenario" if scenario else "plan", draw(st.floats(0, 359)),
                site, scenario, {"source": draw(text)})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans(), suffix=st.sampled_from([".yaml", ".json"]))
def test_generated_plan_round_trips(tmp_path: Path, plan: Plan, suffix: str) -> None:
    path = save_document(plan, tmp_path / f"plan{suffix}")
    assert [str(p) for p in validate_file(path)] == []
    assert load_plan(path) == plan


@pytest.mark.parametrize("path", ACCESS_CASES + FLP_CASES, ids=lambda p: p.name)
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_case_file_round_trips(tmp_path, path, suffix):
    document = load_document(path)
    again = load_document(save_document(document, tmp_path / f"copy{suffix}"))
    assert again == document


def test_save_is_atomic_on_failure(tmp_path, monkeypatch):
    plan = load_plan(ACCESS_CASES[0])
    target = save_document(plan, tmp_path / "keep.yaml")
    before = target.read_text()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        save_document(plan.with_changes(name="changed"), target)
    assert target.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.yaml"]
