"""Door and window blocks: where the opening is, what it is and how wide (drawn as others draw)."""

from __future__ import annotations

import math

import ezdxf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spacedesign.io.dxf_import import import_dxf
from spacedesign.io.dxf_import.blockdoors import name_facts
from tests.conftest import CASES

WALL = 100  # mm: the middle wall's thickness
GAP = (1000, 1900)  # mm: where the gap in the middle wall runs (y)


def _two_rooms(doc, gap=GAP, layer="A-WALL"):
    """Two 4 x 3 m rooms side by side; the wall between them (x = 4 m) has a gap in it."""
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (8000, 0), (8000, 3000), (0, 3000)], close=True,
                       dxfattribs={"layer": layer})
    for x in (4000 - WALL / 2, 4000 + WALL / 2):
        msp.add_line((x, 0), (x, gap[0]), dxfattribs={"layer": layer})
        msp.add_line((x, gap[1]), (x, 3000), dxfattribs={"layer": layer})
    msp.add_text("Room A", dxfattribs={"layer": "A-AREA-IDEN", "height": 200}).set_placement(
        (1500, 2500))
    msp.add_text("Room B", dxfattribs={"layer": "A-AREA-IDEN", "height": 200}).set_placement(
        (5500, 2500))
    return msp


def _hinged_block(doc, name, width, at_hinge):
    """A swing door block drawn around its hinge (base point) or around its centre."""
    block = doc.blocks.new(name)
    x = 0.0 if at_hinge else -width / 2
    block.add_line((x, 0), (x, width))
    block.add_arc((x, 0), width, 0, 90)
    return name


def _door_at(tmp_path, *, at_hinge, insert, rotation=90.0, xscale=1.0, name="EXT-DOOR"):
    doc = ezdxf.new("R2013", units=4)
    msp = _two_rooms(doc)
    _hinged_block(doc, name, 900, at_hinge)
    msp.add_blockref(name, insert, dxfattribs={"layer": "A-DOOR", "rotation": rotation,
                                                "xscale": xscale})
    path = tmp_path / "door.dxf"
    doc.saveas(path)
    return import_dxf(path).plan.levels[0]


def _assert_door_in_gap(level):
    doors = [o for o in level.openings if o.kind == "door"]
    assert len(doors) == 1, [(o.kind, o.at) for o in level.openings]
    door = doors[0]
    assert door.width == pytest.approx(0.9, abs=0.01)
    assert door.at[0] == pytest.approx(4.0, abs=0.06)
    assert door.at[1] == pytest.approx(sum(GAP) / 2000, abs=0.02)
    # the door closes the gap, so the rooms stay apart and the door joins them
    names = sorted(r.name for r in level.rooms)
    assert names == ["Room A", "Room B"]
    ids = {r.id for r in level.rooms}
    assert door.connects is not None and set(door.connects) == ids


@pytest.mark.parametrize("at_hinge, insert, xscale", [
    (True, (4000, GAP[0]), 1.0),  # base point at the hinge: used to land 0.45 m off
    (False, (4000, sum(GAP) / 2), 1.0),  # base point at the centre of the opening
    (True, (4000, GAP[1]), -1.0),  # hinge block mirrored, hinge at the other jamb
])
def test_door_block_lands_in_its_wall_gap(tmp_path, at_hinge, insert, xscale):
    _assert_door_in_gap(_door_at(tmp_path, at_hinge=at_hinge, insert=insert, xscale=xscale))


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.booleans(), st.booleans(), st.sampled_from([90.0, 270.0]))
def test_door_block_finds_its_gap_however_it_is_inserted(tmp_path, at_hinge, mirrored, rotation):
    """Whatever the base point, mirroring or turn of the block, the door fills the gap."""
    runs_up = (rotation == 90.0) != mirrored  # local +x points up the wall
    if at_hinge:
        y = GAP[0] if runs_up else GAP[1]
    else:
        y = sum(GAP) / 2
    level = _door_at(tmp_path, at_hinge=at_hinge, insert=(4000, y), rotation=rotation,
                     xscale=-1.0 if mirrored else 1.0)
    _assert_door_in_gap(level)


def _fittings_drawing(tmp_path):
    """A 建具 layer holding a door, two named windows and an unnamed glazing block."""
    doc = ezdxf.new("R2013", units=4)
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (10000, 0), (10000, 6000), (0, 6000)], close=True,
                       dxfattribs={"layer": "壁"})
    for name in ("W-1", "窓2", "X17"):
        block = doc.blocks.new(name)
        block.add_lwpolyline([(-900, -50), (900, -50), (900, 50), (-900, 50)], close=True)
        block.add_line((-900, 0), (900, 0))
    door = doc.blocks.new("D-1")
    door.add_line((-400, 0), (-400, 800))
    door.add_arc((-400, 0), 800, 0, 90)
    for name, x in (("W-1", 2000), ("窓2", 5000), ("X17", 8000)):
        msp.add_blockref(name, (x, 6000), dxfattribs={"layer": "建具"})
    msp.add_blockref("D-1", (5000, 0), dxfattribs={"layer": "建具"})
    path = tmp_path / "fittings.dxf"
    doc.saveas(path)
    return import_dxf(path).plan.levels[0]


def test_windows_on_a_fittings_layer_are_windows(tmp_path):
    level = _fittings_drawing(tmp_path)
    kinds = {o.props["block"]: o.kind for o in level.openings}
    assert kinds == {"W-1": "window", "窓2": "window", "X17": "window", "D-1": "door"}
    widths = {o.props["block"]: o.width for o in level.openings}
    assert widths["W-1"] == pytest.approx(1.8) and widths["D-1"] == pytest.approx(0.8)
    how = {o.props["block"]: o.props.get("window_from") for o in level.openings}
    assert how["W-1"] == "name" and how["X17"] == "glazing lines"


def _export_style_blocks(tmp_path, name, gap):
    """A door block the way the DXF export draws it, but without its attributes."""
    doc = ezdxf.new("R2013", units=4)
    msp = _two_rooms(doc, gap=gap)
    block = doc.blocks.new(name)
    op, width = name.split("-")[1].lower(), int(name.split("-")[2])
    h = width / 2
    if op == "automatic":  # two leaves parked beside the opening: the extent is twice as wide
        block.add_lwpolyline([(-2 * h, 40), (-h, 40), (-h, 80), (-2 * h, 80)], close=True)
        block.add_lwpolyline([(h, 40), (2 * h, 40), (2 * h, 80), (h, 80)], close=True)
    else:  # a doorless opening: jamb ticks only
        block.add_line((-h, -100), (-h, 100))
        block.add_line((h, -100), (h, 100))
    msp.add_blockref(name, (4000, sum(gap) / 2), dxfattribs={"layer": "A-DOOR", "rotation": 90})
    path = tmp_path / "export-style.dxf"
    doc.saveas(path)
    return import_dxf(path).plan.levels[0]


def test_door_width_and_operation_from_the_block_name(tmp_path):
    level = _export_style_blocks(tmp_path, "DOOR-AUTOMATIC-1600", (700, 2300))
    (door,) = [o for o in level.openings if o.props.get("block")]
    assert (door.kind, door.operation) == ("door", "automatic")
    assert door.width == pytest.approx(1.6)  # not the 3.2 m extent of the parked leaves
    level = _export_style_blocks(tmp_path, "DOOR-NONE-1000", (1000, 2000))
    (gap,) = [o for o in level.openings if o.props.get("block")]
    assert (gap.kind, gap.operation) == ("opening", "none")


def test_sliding_door_takes_the_width_of_its_gap(tmp_path):
    doc = ezdxf.new("R2013", units=4)
    msp = _two_rooms(doc, gap=(600, 2400))
    block = doc.blocks.new("Sliding door")
    block.add_lwpolyline([(0, 40), (1000, 40), (1000, 80), (0, 80)], close=True)
    block.add_lwpolyline([(800, 80), (1800, 80), (1800, 120), (800, 120)], close=True)
    msp.add_blockref("Sliding door", (4000, 600), dxfattribs={"layer": "A-DOOR", "rotation": 90})
    path = tmp_path / "sliding.dxf"
    doc.saveas(path)
    level = import_dxf(path).plan.levels[0]
    (door,) = [o for o in level.openings if o.kind == "door"]
    assert door.operation == "sliding"
    assert door.width == pytest.approx(1.8, abs=0.01) and door.props["width_from"] == "gap"
    assert door.at[1] == pytest.approx(1.5, abs=0.02)


@pytest.mark.parametrize("name, facts", [
    ("DOOR-HINGED-900", ("hinged", 0.9, True)),
    ("DOOR-AUTOMATIC-1600", ("automatic", 1.6, True)),
    ("WINDOW-1800x200", (None, 1.8, True)),
    ("片引戸 W900", ("sliding", 0.9, False)),
    ("Door1swing826826FD30_12", (None, None, False)),
    ("Door 926995Hoyez_9", (None, None, False)),
])
def test_name_facts(name, facts):
    operation, width, centred = facts
    found = name_facts(name)
    assert found[0] == operation and found[2] == centred
    assert found[1] == (pytest.approx(width) if width is not None else None)


def test_real_door_blocks_keep_their_widths():
    """roomsize's door blocks (swing drawn as splines) and hal9k's arcs with leaf lines."""
    level = import_dxf(CASES / "dxf" / "roomsize-ground-floor-lhs.dxf").plan.levels[0]
    widths = {o.props["block"]: o.width for o in level.openings if o.props.get("block")}
    assert widths["Door 926995Hoyez_9"] == pytest.approx(0.926, abs=0.02)
    assert widths["Door1swing826826FD30_12"] == pytest.approx(1.66, abs=0.02)
    level = import_dxf(CASES / "dxf" / "hal9k.dxf").plan.levels[0]
    singles = [o.width for o in level.openings if o.kind == "door" and "leaves" not in o.props]
    assert singles and all(0.6 <= w <= 1.0 for w in singles)
    assert math.isclose(max(o.width for o in level.openings if o.kind == "door"), 2.02,
                        abs_tol=0.05)


def test_exported_doors_without_their_attributes_keep_width_kind_and_place(tmp_path):
    """The export's door blocks with every ATTRIB removed (as some CAD round trips do): the
    width, operation and place come from the block name and geometry alone."""
    from spacedesign.export.dxf import write_dxf
    from spacedesign.io import load_plan
    from tests.conftest import SHIPPED_PLANS

    original = load_plan(SHIPPED_PLANS[0])
    write_dxf(original, tmp_path / "nakano.dxf")
    doc = ezdxf.readfile(tmp_path / "nakano.dxf")
    for insert in doc.modelspace().query("INSERT"):
        for attrib in list(insert.attribs):
            insert.delete_attrib(attrib.dxf.tag)
    doc.saveas(tmp_path / "bare.dxf")
    level = import_dxf(tmp_path / "bare.dxf").plan.levels[0]
    before = [o for o in original.levels[0].openings if o.kind in ("door", "opening")]
    assert len([o for o in level.openings if o.kind in ("door", "opening")]) == len(before)
    assert {o.operation for o in before} >= {"hinged", "automatic"}
    for door in before:
        got = min(level.openings, key=lambda o: math.dist(o.at, door.at))
        assert math.dist(got.at, door.at) < 0.05, door.id
        assert (got.kind, got.operation) == (door.kind, door.operation), door.id
        assert abs(got.width - door.width) <= 0.01, (door.id, door.width, got.width)
