"""The vectorised steps of a level's network give what the per-door and per-room steps gave.

Door gaps are made by one shapely call from the corners :meth:`DoorGap.box` computes; node rooms
are tested only among the pieces whose box meets a room. Both must equal the simple per-element
computation exactly, on the shipped plans and on generated, furnished scenarios.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.analysis import network_for
from spacedesign.analysis.assemble import _room_codes, outside_side, outside_sides
from spacedesign.analysis.gaps import door_gaps
from spacedesign.analysis.network import Graph, Region
from spacedesign.analysis.targets import door_ports_of_room, room_target
from spacedesign.generate.scenario import furnish_new_rooms
from spacedesign.io import load_plan
from spacedesign.model import Level, Plan, Room, Shape
from tests.conftest import SHIPPED_PLANS, SHIPPED_SCENARIOS
from tests.scenegen.conftest import design, nakano


def _plans() -> list[Plan]:
    plans = [load_plan(p) for p in [*SHIPPED_PLANS, *SHIPPED_SCENARIOS]]
    program = nakano()[1]
    return plans + [furnish_new_rooms(design(seed).plan, program.ruleset) for seed in (0, 3)]


def _codes_room_by_room(region: Region, level: Level, first_code: int) -> np.ndarray:
    """Each node's first room in plan order: rooms written last to first (the plain loop)."""
    codes = np.full(len(region.xy), -1, dtype=np.int64)
    x, y = region.xy[:, 0], region.xy[:, 1]
    for k in range(len(level.rooms) - 1, -1, -1):
        polygon = level.rooms[k].polygon.geometry
        x0, y0, x1, y1 = polygon.bounds
        near = np.nonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))[0]
        if len(near):
            codes[near[shapely.intersects_xy(polygon, x[near], y[near])]] = first_code + k
    return codes


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return _plans()


def test_gap_boxes_equal_boxes_made_one_by_one(plans):
    count = 0
    for plan in plans:
        for level in plan.levels:
            for gap in door_gaps(level):
                if gap.opening.width > 0:
                    want = gap.box(gap.opening.width / 2.0)
                    assert shapely.to_wkb(gap.polygon) == shapely.to_wkb(want)
                    count += 1
                else:
                    assert gap.polygon.is_empty
    assert count > 50


def test_node_rooms_equal_the_room_by_room_loop(plans):
    for plan in plans:
        graph = network_for(plan)
        for level in plan.levels:
            region = graph.region(f"level:{level.id}")
            assert region is not None and region.spans is not None  # the level is in pieces
            got = _room_codes(region, level, 5)
            want = _codes_room_by_room(region, level, 5)
            assert np.array_equal(got, want)
            assert (got >= 5).mean() > 0.9  # nearly every node lies in a room


def _ports_door_by_door(graph: Graph, level_id: str, room_id: str) -> list[int]:
    """The doors into a room: named by ``connects``, else with a neighbour in the room."""
    key = (level_id, room_id)
    code = graph.rooms.index(key) if key in graph.rooms else -1
    ports = []
    for lvl, gap in graph.doors:
        port = graph.ports.get(f"door:{lvl}:{gap.opening.id}")
        if lvl != level_id or port is None:
            continue
        connects = gap.opening.connects
        if connects is not None and room_id in connects:
            ports.append(port)
        elif connects is None and code >= 0 and bool(np.any(graph.room[graph.neighbours(port)] == code)):
            ports.append(port)
    return ports


def _unnamed(plan: Plan) -> Plan:
    """``plan`` with every other door's ``connects`` dropped (found by the port's neighbours)."""
    levels = []
    for level in plan.levels:
        openings = tuple(
            replace(o, connects=None) if k % 2 else o for k, o in enumerate(level.openings)
        )
        levels.append(replace(level, openings=openings))
    return replace(plan, levels=tuple(levels))


def test_door_ports_of_rooms_equal_the_door_by_door_scan(plans):
    found = 0
    for plan in [*plans, *[_unnamed(p) for p in plans]]:
        graph = network_for(plan)
        for level in plan.levels:
            for room_id in [r.id for r in level.rooms] + ["outside", "no-such-room"]:
                want = _ports_door_by_door(graph, level.id, room_id)
                assert door_ports_of_room(graph, level.id, room_id) == want
                found += len(want)
                # the room's target: its nodes and those ports, ascending, each once
                key = (level.id, room_id)
                nodes = np.nonzero(graph.room == graph.rooms.index(key))[0] if key in graph.rooms else []
                target = room_target(graph, level.id, room_id).nodes
                assert target.dtype == np.int64
                assert np.array_equal(target, np.unique(np.concatenate([nodes, want]).astype(np.int64)))
    assert found > 100


coords = st.integers(0, 100).map(lambda k: k / 10.0)  # on a grid: nodes on room edges


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(coords, coords), min_size=1, max_size=80),
    st.lists(st.integers(1, 20), max_size=6),
    st.lists(st.tuples(coords, coords, coords, coords), max_size=8),
)
def test_node_rooms_in_pieces_equal_the_loop(points, cuts, rooms):
    # Overlapping rooms (the first in plan order wins), thin rooms, nodes on room edges.
    xy = np.array(points)
    spans = np.unique(np.clip(np.cumsum([0, *cuts]), 0, len(xy)))
    spans = np.append(spans[spans < len(xy)], len(xy)).astype(np.int64)
    region = Region("r", 0, xy, np.ones(len(xy)), spans=spans)
    level = Level(
        "L",
        Shape.rectangle(0.0, 0.0, 20.0, 20.0),
        rooms=tuple(
            Room(f"r{k}", "r", "office", Shape.rectangle(x, y, x + w, y + h))
            for k, (x, y, w, h) in enumerate(rooms)
        ),
    )
    got = _room_codes(region, level, 3) if rooms else np.full(len(xy), -1)
    assert np.array_equal(got, _codes_room_by_room(region, level, 3))


def _room_shape(kind: int, x: float, y: float, w: float, h: float) -> Shape:
    """A rectangle (drawn from any corner, either way round, or degenerate), an L, a triangle,
    a square turned 45 degrees or a rectangle with a repeated corner."""
    x1, y1 = x + w, y + h
    rings = [
        [(x, y), (x1, y), (x1, y1), (x, y1)],
        [(x1, y1), (x, y1), (x, y), (x1, y)],
        [(x, y), (x, y1), (x1, y1), (x1, y)],
        [(x, y), (x1, y), (x1, y + h / 2), (x + w / 2, y + h / 2), (x + w / 2, y1), (x, y1)],
        [(x, y), (x1, y), (x, y1)],
        [(x + w / 2, y), (x1, y + h / 2), (x + w / 2, y1), (x, y + h / 2)],
        [(x, y), (x1, y), (x1, y), (x1, y1), (x, y1)],
    ]
    return Shape(tuple(rings[kind]))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(coords, coords), min_size=1, max_size=80),
    st.lists(st.integers(1, 20), max_size=6),
    st.lists(st.tuples(st.integers(0, 6), coords, coords, coords, coords), max_size=8),
)
def test_node_rooms_of_any_room_shape_equal_the_loop(points, cuts, rooms):
    # Rectangles settled by their boxes, other shapes by the point-in-polygon test: nodes on
    # edges and corners, overlapping rooms, degenerate rectangles, a rectangle whose ring has
    # a repeated corner (not taken for a box).
    from spacedesign.analysis.assemble import _axis_rectangles

    xy = np.array(points)
    spans = np.unique(np.clip(np.cumsum([0, *cuts]), 0, len(xy)))
    spans = np.append(spans[spans < len(xy)], len(xy)).astype(np.int64)
    region = Region("r", 0, xy, np.ones(len(xy)), spans=spans)
    level = Level(
        "L",
        Shape.rectangle(0.0, 0.0, 20.0, 20.0),
        rooms=tuple(
            Room(f"r{k}", "r", "office", _room_shape(kind, x, y, w, h))
            for k, (kind, x, y, w, h) in enumerate(rooms)
        ),
    )
    got = _room_codes(region, level, 3) if rooms else np.full(len(xy), -1)
    assert np.array_equal(got, _codes_room_by_room(region, level, 3))
    polygons = np.array([r.polygon.geometry for r in level.rooms], dtype=object)
    boxes = [
        kind < 3 and w > 0 and h > 0 and p.equals(shapely.box(*p.bounds))
        for (kind, _, _, w, h), p in zip(rooms, polygons, strict=True)
    ]
    assert _axis_rectangles(polygons).tolist() == boxes


def test_the_network_records_each_doors_outside_side(plans):
    sides = []
    for plan in plans:
        graph = network_for(plan)
        assert len(graph.outside) == len(graph.doors)
        for (level_id, gap), side in zip(graph.doors, graph.outside, strict=True):
            assert side == outside_side(plan.level(level_id), gap)
            sides.append(side)
    assert None in sides and {1.0, -1.0} & set(sides)  # interior doors and entrances


def _neighbours_grouped(edges: np.ndarray, size: int, node: int) -> np.ndarray:
    """Neighbours read off the edges grouped (stably) by each end, as the graph once kept them."""
    parts = []
    for column in (0, 1):
        ends = edges[:, column]
        order = np.argsort(ends, kind="stable")
        start = np.searchsorted(ends[order], np.arange(size + 1))
        parts.append(edges[order[start[node] : start[node + 1]], 1 - column])
    return np.concatenate(parts)


def test_neighbours_equal_the_grouped_edges(plans):
    for plan in plans[:3]:
        graph = network_for(plan)
        for node in range(0, graph.size, 7):
            got = graph.neighbours(node)
            assert got.dtype == np.int64
            assert np.array_equal(got, _neighbours_grouped(graph.edges, graph.size, node))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=60))
def test_neighbours_of_random_edges_equal_the_grouped_edges(pairs):
    # Repeated edges, loops and nodes without edges.
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    graph = Graph(
        np.zeros((13, 2)), np.ones(13), np.ones(13), np.full(13, -1), np.full(13, -1),
        edges, np.ones(len(edges)), np.ones(len(edges), dtype=bool), np.full(len(edges), -1),
        (), (), (), {},
    )
    for node in range(13):
        assert np.array_equal(graph.neighbours(node), _neighbours_grouped(edges, 13, node))


def test_outside_sides_equal_door_by_door_probes(plans):
    # With and without ``connects`` (unnamed doors are probed on both faces and kept only
    # when exactly one face is outside).
    sides = []
    for plan in [*plans, *[_unnamed(p) for p in plans]]:
        for level in [
            *plan.levels,
            *[replace(lvl, openings=tuple(replace(o, connects=None) for o in lvl.openings))
              for lvl in plan.levels],
        ]:
            gaps = door_gaps(level)
            got = outside_sides(level, gaps)
            assert got == [outside_side(level, gap) for gap in gaps]
            sides += got
    assert None in sides and sum(s is not None for s in sides) >= 16
