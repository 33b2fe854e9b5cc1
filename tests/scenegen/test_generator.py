"""Every generated scenario of the Nakano zone is complete, sound and reachable."""

from __future__ import annotations

from shapely.geometry import LineString, Point, box

from spacedesign.generate.scenario import (
    CORRIDOR_ID,
    furnish_new_rooms,
    make_candidate,
    topology_distance,
)
from spacedesign.generate.scenario.build import APPROACH_DEPTH, DOOR_WIDTH
from spacedesign.io import plan_to_data, save_document, validate_file
from spacedesign.rules import check_plan
from tests.scenegen.conftest import SEEDS, design, nakano

ZONE = box(25, 16, 37, 30)


def _new_rooms(level):
    return [r for r in level.rooms if r.props.get("generated")]


def test_scenario_file_validates(seeded, tmp_path):
    path = save_document(seeded.plan, tmp_path / "s.yaml")
    assert [str(p) for p in validate_file(path)] == []
    assert path.read_text(encoding="utf-8").startswith("format: spacedesign.scenario/1")


def test_every_program_space_present_within_its_range(seeded):
    _, program = nakano()
    level = seeded.plan.levels[0]
    rooms = [r for r in _new_rooms(level) if r.id != CORRIDOR_ID]
    for space in program.spaces:
        mine = [r for r in rooms if r.props["space"] == space.id]
        assert len(mine) == space.count, space.id
        for room in mine:
            lo, hi = space.area
            assert lo - 1e-6 <= room.polygon.area <= hi + 1e-6, (room.id, room.polygon.area)
            x0, y0, x1, y1 = room.polygon.geometry.bounds
            assert min(x1 - x0, y1 - y0) >= (space.min_side or 0) - 1e-6, room.id
            assert room.use == space.use


def test_zone_is_tiled_without_overlap(seeded):
    new = _new_rooms(seeded.plan.levels[0])
    total = sum(r.polygon.area for r in new)
    assert abs(total - ZONE.area) < 1e-6
    for i, a in enumerate(new):
        assert ZONE.buffer(1e-6).covers(a.polygon.geometry)
        for b in new[i + 1:]:
            assert a.polygon.geometry.intersection(b.polygon.geometry).area < 1e-6


def test_old_zone_contents_removed_fixed_structure_kept(seeded):
    base, _ = nakano()
    before, after = base.levels[0], seeded.plan.levels[0]
    ids = ({o.id for o in after.openings} | {w.id for w in after.walls} | {r.id for r in after.rooms}
           | {f.id for f in after.furniture})
    for old in ("exchange", "eating", "Z-W1", "Z-W4", "Z-D1", "Z-D5", "c1-table", "ex-rack-1"):
        assert old not in ids
    assert not any(f.room in {"exchange", "eating", "consult-1", "consult-2"} for f in after.furniture)
    fixed = {w.id for w in before.walls if w.fixed or w.kind == "exterior"}
    assert fixed <= {w.id for w in after.walls}
    assert {c.id for c in before.columns} == {c.id for c in after.columns}
    windows = {o.id for o in before.openings if o.kind == "window"}
    assert windows <= {o.id for o in after.openings}


def test_doors_connect_the_rooms_on_either_side(seeded):
    level = seeded.plan.levels[0]
    rooms = {r.id: r.polygon.geometry for r in level.rooms}
    walls = {w.id: w for w in level.walls}
    generated = [o for o in level.openings if o.id.startswith("G-")]
    assert generated
    for o in generated:
        wall = walls[o.wall]
        assert LineString(wall.path).distance(Point(o.at)) < 1e-6
        for room_id in o.connects:
            assert rooms[room_id].distance(Point(o.at)) < 1e-6, (o.id, room_id)
        if o.kind == "door":
            assert o.width == DOOR_WIDTH and o.operation == "sliding" and o.threshold == 0
    # every new room has a door onto the corridor or the lounge
    for room in _new_rooms(level):
        if room.id == CORRIDOR_ID:
            continue
        links = {c for o in generated if room.id in o.connects for c in o.connects} - {room.id}
        assert links & {CORRIDOR_ID, "lounge"}, room.id


def test_partitions_and_corridor_clear_width(seeded):
    _, program = nakano()
    level = seeded.plan.levels[0]
    partitions = [w for w in level.walls if w.id.startswith("G-P-")]
    assert partitions and all(0.1 <= w.thickness <= 0.15 for w in partitions)
    corridor = level.room(CORRIDOR_ID).polygon.geometry
    # straight or L-shaped: the program's clear width (plus one partition) all along, no more
    half = (program.corridor_width + 0.12) / 2
    core = corridor.buffer(-half + 1e-4, join_style="mitre")
    assert core.geom_type == "Polygon" and not core.is_empty
    assert corridor.buffer(-half - 1e-4, join_style="mitre").is_empty
    assert abs(core.buffer(half - 1e-4, join_style="mitre").area - corridor.area) < 1e-3


def test_columns_block_neither_corridor_nor_doors(seeded):
    level = seeded.plan.levels[0]
    corridor = level.room(CORRIDOR_ID).polygon.geometry
    for column in level.columns:
        assert corridor.intersection(column.polygon.geometry).area < 1e-6, column.id
    walls = {w.id: w for w in level.walls}
    for o in level.openings:
        if not o.id.startswith("G-D-"):
            continue
        (ax, _), (bx, _) = walls[o.wall].path
        x, y = o.at
        half = DOOR_WIDTH / 2
        if ax == bx:
            zone = box(x - APPROACH_DEPTH, y - half, x + APPROACH_DEPTH, y + half)
        else:
            zone = box(x - half, y - APPROACH_DEPTH, x + half, y + APPROACH_DEPTH)
        for column in level.columns:
            assert zone.intersection(column.polygon.geometry).area < 1e-6, (o.id, column.id)


def test_daylight_rooms_touch_a_window(seeded):
    _, program = nakano()
    level = seeded.plan.levels[0]
    walls = {w.id: w for w in level.walls}
    spans = []
    for o in level.openings:
        if o.kind == "window":
            line = LineString(walls[o.wall].path)
            at = line.project(Point(o.at))
            spans.append(LineString([line.interpolate(at - o.width / 2),
                                     line.interpolate(at + o.width / 2)]))
    wants = {s.id for s in program.spaces if s.daylight}
    for room in _new_rooms(level):
        if room.props.get("space") in wants:
            edge = room.polygon.geometry.exterior
            assert sum(edge.intersection(s).length for s in spans) >= 0.6, room.id


def test_reception_faces_the_hall_or_corridor_and_has_a_low_counter(seeded):
    level = seeded.plan.levels[0]
    fronts = [o for o in level.openings if o.id.startswith("G-D-recept-")]
    assert fronts and set(fronts[0].connects) - {"recept"} <= {"hall", "corridor"}
    counter = next(f for f in level.fixtures if f.room == "recept")
    assert counter.kind == "counter" and counter.height <= 0.75 and counter.knee_clearance >= 0.6
    assert level.room("recept").polygon.geometry.contains(counter.polygon.geometry)


def test_every_public_room_reachable_by_wheelchair_once_furnished(seeded):
    """The real checker on the furnished scenario: ROUTE-REACH passes for every new room."""
    _, program = nakano()
    furnished = furnish_new_rooms(seeded.plan, program.ruleset)
    level = furnished.levels[0]
    targets = {r.id for r in _new_rooms(level) if r.public}
    assert targets and any(f.room in targets for f in level.furniture)
    report = check_plan(furnished, program.ruleset)
    reach = {f.element: f.status for f in report.findings
             if f.rule == "ROUTE-REACH" and f.element in targets}
    assert set(reach) == targets - {CORRIDOR_ID} or set(reach) == targets, reach
    assert set(reach.values()) == {"pass"}, reach


def test_no_column_stands_free_in_a_room(seeded):
    level = seeded.plan.levels[0]
    for room in _new_rooms(level):
        geom = room.polygon.geometry
        for column in level.columns:
            col = column.polygon.geometry
            # a column either misses the room or reaches its boundary (built into a wall)
            assert not geom.buffer(-1e-6).contains(col), (room.id, column.id)


def test_name_and_provenance(seeded):
    base, program = nakano()
    info = seeded.plan.scenario
    ja, en = seeded.plan.name.split(" / ")
    assert ja.startswith(("中廊下", "奥ラウンジ", "L字廊下", "ラウンジ中心")) and "相談" in ja
    assert "交流" in ja
    assert en.startswith(("Central corridor", "Lounge at end", "L-shaped corridor",
                          "Lounge hub")) and len(en) <= 45
    assert (info.base, info.program) == (base.name, program.name)
    assert info.generator["seed"] == seeded.seed and "scores" not in info.generator


def test_same_seed_same_scenario():
    plan, program = nakano()
    a = make_candidate(plan, program, design(5).seed)
    b = make_candidate(plan, program, design(5).seed)
    assert a is not None and plan_to_data(a) == plan_to_data(b)


def test_different_seeds_differ():
    topologies = {design(s).topology for s in SEEDS}
    assert len(topologies) >= len(SEEDS) - 2
    distances = [topology_distance(design(a).topology, design(b).topology)
                 for a in SEEDS for b in SEEDS if a < b]
    assert sum(d > 0 for d in distances) >= 0.9 * len(distances)
