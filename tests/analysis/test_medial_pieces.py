"""Medial graphs of many polygons computed together, and of a free space piece by piece.

:func:`medial_graphs` computes the graph of each polygon with the others' work shared; each graph
must be exactly (bit for bit) the one :func:`medial_graph` gives for that polygon alone, whatever
the other polygons are. :func:`piecewise_medial` (the level network's graph) is the graphs of the
pieces side by side, the same whether a piece came out of the memo or was computed. Every memo is
bounded and drops its least recently used entry.
"""

from __future__ import annotations

import numpy as np
import shapely
import shapely.affinity
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box

from spacedesign.analysis import memo
from spacedesign.analysis.freespace import level_space
from spacedesign.analysis.medial import MedialGraph, medial_graph
from spacedesign.analysis.medial_pieces import medial_graphs
from spacedesign.io import load_plan
from tests.conftest import REPO


def _same(g: MedialGraph, h: MedialGraph) -> bool:
    return (
        g.xy.dtype == h.xy.dtype
        and g.edges.dtype == h.edges.dtype
        and np.array_equal(g.xy, h.xy)
        and np.array_equal(g.edges, h.edges)
        and np.array_equal(g.clearance, h.clearance)
    )


@st.composite
def rooms(draw: st.DrawFn) -> Polygon:
    """A rotated room, sometimes with a table (hole) or a notch, or an empty sliver."""
    x, y = draw(st.floats(-50, 50)), draw(st.floats(-50, 50))
    w, h = draw(st.floats(0.3, 9)), draw(st.floats(0.3, 9))
    room = box(x, y, x + w, y + h)
    kind = draw(st.sampled_from(["plain", "hole", "notch", "sliver"]))
    if kind == "hole" and min(w, h) > 1.2:
        room = room.difference(box(x + 0.5, y + 0.5, x + w / 2, y + h / 2))
    elif kind == "notch":
        room = room.difference(box(x + w / 2, y - 1, x + w + 1, y + h / 3))
    elif kind == "sliver":
        room = box(x, y, x + w, y + 1e-6)
    angle = draw(st.floats(0, 90))
    return shapely.affinity.rotate(room, angle, origin=(x, y))


@settings(max_examples=40, deadline=None)
@given(st.lists(rooms(), min_size=1, max_size=6), st.data())
def test_graphs_computed_together_are_the_graphs_computed_alone(polygons, data):
    polygons = [p for p in polygons if isinstance(p, Polygon)]
    together = medial_graphs(polygons)
    assert len(together) == len(polygons)
    for polygon, graph in zip(polygons, together, strict=True):
        assert _same(graph, medial_graph(polygon))
    chosen = data.draw(st.lists(st.sampled_from(range(len(polygons))), unique=True)) if polygons else []
    for k, graph in zip(chosen, medial_graphs([polygons[k] for k in chosen]), strict=True):
        assert _same(graph, together[k])


def test_nakano_free_space_pieces_memoised_or_computed_give_one_graph():
    plan = load_plan(REPO / "floorplans" / "nakano-ipc.yaml")
    free = level_space(plan.levels[0]).closed_free
    parts = list(shapely.get_parts(shapely.normalize(free)))
    assert len(parts) > 10  # rooms with their doors closed fall apart
    memo.clear()
    cold = memo.piecewise_medial(free)
    alone = [medial_graph(p) for p in parts]
    starts = np.cumsum([0] + [g.size for g in alone])[:-1]
    expected = MedialGraph(
        np.concatenate([g.xy for g in alone if g.size]),
        np.concatenate([g.edges + k for g, k in zip(alone, starts, strict=True) if g.size]),
        np.concatenate([g.clearance for g in alone if g.size]),
    )
    assert _same(cold, expected)
    # half the pieces memoised (the others dropped): the same graph again
    for key in list(memo._PIECES.items)[::2]:
        del memo._PIECES.items[key]
    hits = memo._PIECES.hits
    assert _same(memo.piecewise_medial(free), cold)
    assert memo._PIECES.hits - hits == len(parts) - len(parts[::2])


def test_memos_are_bounded_and_drop_the_least_recently_used():
    pieces = [box(k * 10.0, 0.0, k * 10.0 + 3.0, 4.0) for k in range(6)]
    small = memo._Memo(limit=3)
    keys = [shapely.to_wkb(p) for p in pieces]
    for key, piece in zip(keys[:3], pieces[:3], strict=True):
        small.get(key, piece)
    small.get(keys[0], pieces[0])  # used again: the least recently used is now keys[1]
    small.get(keys[3], pieces[3])
    assert list(small.items) == [keys[2], keys[0], keys[3]]
    assert small.hits == 1
    for key, piece in zip(keys, pieces, strict=True):
        small.get(key, piece)
    assert len(small.items) == 3

    calls = []
    area = memo.ShapeMemo(lambda g, k: calls.append(1) or g.area * k, limit=2)
    assert [area(p, 2.0) for p in pieces[:3]] == [24.0, 24.0, 24.0]
    assert area(pieces[2], 2.0) == 24.0 and len(calls) == 3  # a hit
    assert area(pieces[0], 2.0) == 24.0 and len(calls) == 4  # dropped, computed again
    assert area(pieces[0], 3.0) == 36.0 and len(calls) == 5  # other arguments, other key
    assert len(area.items) == 2
    memo.clear()
    assert not area.items and area.hits == 0


def test_joined_x_order_is_the_fresh_order():
    # piecewise_medial hands on its parts' x orders (memoised with them); a fresh stable sort
    # of the joined graph's nodes by piece and x gives the same order, warm or cold.
    shape = box(0, 0, 4, 3).union(box(6, 0, 9, 5)).union(box(10, 1, 12, 2))
    memo.clear()
    for _ in range(2):  # cold, then every part from the memo
        graph = memo.piecewise_medial(shape)
        assert graph.spans is not None and len(graph.spans) == 4
        piece = np.repeat(np.arange(3), np.diff(graph.spans))
        assert graph.x_order is not None
        assert np.array_equal(graph.x_order, np.lexsort((graph.xy[:, 0], piece)))
    assert memo._PIECES.hits >= 3
    one = memo.piecewise_medial(box(0, 0, 4, 3))  # one part: no spans, its own order
    assert one.spans is None and one.x_order is not None
    assert np.array_equal(one.x_order, np.argsort(one.xy[:, 0], kind="stable"))
