"""Round trip: plan -> DXF -> import reproduces rooms, doors and windows.

Every room comes back with its id, name, use and its area within 1 %; every door and opening at
its place (5 cm) with its clear width within 1 cm; every window. The drawings are written by
the DXF export (``spacedesign.export.dxf.write_dxf``) and by ``dxf_writers.write_convention_dxf``
(a second, independent writer of the conventions the export documents). Plans: the Nakano model
and scenarios A-C, the shared access cases, and generated grids of rooms.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacedesign.export.dxf import write_dxf
from spacedesign.io import load_plan, save_document, validate_file
from spacedesign.io.dxf_import import import_dxf
from spacedesign.model import Level, Opening, Plan, Room, Shape, Wall
from tests.conftest import ACCESS_CASES, SHIPPED_PLANS, SHIPPED_SCENARIOS
from tests.importdxf.dxf_writers import write_convention_dxf


def _export_writer(plan, path):
    write_dxf(plan, path)
    return path


WRITERS = [("export", _export_writer), ("conventions", write_convention_dxf)]

PLANS = SHIPPED_PLANS + SHIPPED_SCENARIOS + ACCESS_CASES


def test_the_nakano_model_and_its_scenarios_are_in_the_round_trip():
    assert [p.name for p in SHIPPED_PLANS] == ["nakano-ipc.yaml"]
    assert [p.name for p in SHIPPED_SCENARIOS] == ["scenario-a.yaml", "scenario-b.yaml",
                                                   "scenario-c.yaml"]


def assert_round_trip(original: Plan, imported: Plan) -> None:
    before, after = original.levels[0], imported.levels[0]
    by_id = {room.id: room for room in after.rooms}
    assert len(after.rooms) == len(before.rooms)
    for room in before.rooms:
        got = by_id[room.id]
        assert got.name == room.name
        assert got.use == room.use and got.public == room.public
        assert abs(got.polygon.area - room.polygon.area) <= 0.01 * room.polygon.area, room.id
    doors = [o for o in before.openings if o.kind in ("door", "opening")]
    assert len([o for o in after.openings if o.kind in ("door", "opening")]) == len(doors)
    for door in doors:
        got = min(after.openings, key=lambda o: math.dist(o.at, door.at))
        assert math.dist(got.at, door.at) < 0.05, door.id
        assert got.kind == door.kind
        assert abs(got.width - door.width) <= 0.01, (door.id, door.width, got.width)
    windows = [o for o in before.openings if o.kind == "window"]
    assert len([o for o in after.openings if o.kind == "window"]) == len(windows)


@pytest.mark.parametrize("writer", [w for _, w in WRITERS], ids=[n for n, _ in WRITERS])
@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_plan_survives_dxf_round_trip(path, writer, tmp_path):
    original = load_plan(path)
    drawing = writer(original, tmp_path / f"{path.stem}.dxf")
    result = import_dxf(drawing)
    out = save_document(result.plan, tmp_path / "back.yaml")
    assert [str(p) for p in validate_file(out) if p.severity == "error"] == []
    assert_round_trip(original, result.plan)
    assert result.report.units == {"name": "mm", "metres_per_unit": 0.001, "source": "header",
                                   "reason": "$INSUNITS = 4"}


NAMES = ["相談室", "会議室", "多目的室", "倉庫", "事務室", "交流ラウンジ", "キッズスペース",
         "Meeting room", "Office", "Lounge", "授乳室", "受付"]


@st.composite
def grid_plans(draw):
    """Rooms on a grid with walls on the grid lines and doors in the inner walls."""
    cols = draw(st.integers(1, 4))
    rows = draw(st.integers(1, 3))
    xs = [0.0]
    for _ in range(cols):
        xs.append(round(xs[-1] + draw(st.floats(2.6, 8.0)), 2))
    ys = [0.0]
    for _ in range(rows):
        ys.append(round(ys[-1] + draw(st.floats(2.6, 6.0)), 2))
    thickness = draw(st.sampled_from([0.1, 0.12, 0.15, 0.2]))
    names = draw(st.permutations(NAMES))
    rooms, walls, openings = [], [], []
    for j in range(rows):
        for i in range(cols):
            rid = f"r{j}{i}"
            rooms.append(Room(rid, names[(j * cols + i) % len(names)] + f" {j}{i}", "meeting",
                              Shape.rectangle(xs[i], ys[j], xs[i + 1], ys[j + 1]), None, True))
    for i, x in enumerate(xs):
        walls.append(Wall(f"v{i}", ((x, ys[0]), (x, ys[-1])), thickness))
    for j, y in enumerate(ys):
        walls.append(Wall(f"h{j}", ((xs[0], y), (xs[-1], y)), thickness))
    n = 0
    for i in range(1, cols):
        for j in range(rows):
            width = draw(st.sampled_from([0.8, 0.85, 0.9, 1.0, 1.2]))
            lo, hi = ys[j] + width / 2 + 0.3, ys[j + 1] - width / 2 - 0.3
            y = round(draw(st.floats(lo, hi)), 2)
            op = draw(st.sampled_from(["hinged", "sliding"]))
            n += 1
            openings.append(Opening(f"d{n}", "door", f"v{i}", (xs[i], y), width, op, 0.0,
                                    (f"r{j}{i - 1}", f"r{j}{i}")))
    for j in range(1, rows):
        width = draw(st.sampled_from([0.9, 1.8]))
        x = round((xs[0] + xs[1]) / 2, 2)
        n += 1
        openings.append(Opening(f"d{n}", "opening" if width > 1.5 else "door", f"h{j}",
                                (x, ys[j]), width, "none" if width > 1.5 else "hinged", 0.0,
                                (f"r{j - 1}0", f"r{j}0")))
    level = Level("1F", Shape.rectangle(xs[0], ys[0], xs[-1], ys[-1]), walls=tuple(walls),
                  openings=tuple(openings), rooms=tuple(rooms))
    return Plan("grid", (level,))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(plan=grid_plans())
def test_generated_plans_survive_dxf_round_trip(plan, tmp_path):
    source = save_document(plan, tmp_path / "grid.yaml")
    assert [str(p) for p in validate_file(source)] == []
    result = import_dxf(write_convention_dxf(plan, tmp_path / "grid.dxf"))
    assert_round_trip(plan, result.plan)
    assert result.report.rooms_without_doors == [] or len(plan.levels[0].rooms) == 1 or all(
        o.wall.startswith("v") for o in plan.levels[0].openings)


def test_jw_cad_copy_of_the_nakano_model(tmp_path):
    """The R12 Shift-JIS copy for Jw_cad has no $INSUNITS and no XDATA: names and areas stay."""
    original = load_plan(SHIPPED_PLANS[0])
    _, jw = write_dxf(original, tmp_path / "nakano.dxf", jw=True)
    result = import_dxf(jw)
    assert result.report.dxf_version == "AC1009" and result.report.encoding == "cp932"
    assert result.report.units["name"] == "mm" and result.report.units["source"] == "inferred"
    assert any("has no unit" in w for w in result.report.warnings)
    by_name = {room.name: room for room in result.plan.levels[0].rooms}
    assert len(by_name) == len(original.levels[0].rooms)
    for room in original.levels[0].rooms:
        got = by_name[room.name]
        assert abs(got.polygon.area - room.polygon.area) <= 0.01 * room.polygon.area
    after = result.plan.levels[0].openings
    for door in original.levels[0].openings:
        got = min(after, key=lambda o: math.dist(o.at, door.at))
        assert math.dist(got.at, door.at) < 0.05 and abs(got.width - door.width) <= 0.01
