"""Closed-form sizing of slicing strips: exact totals, areas in range, minimum sides."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.generate.scenario.layout import GRID, RoomNeed, slice_lengths

needs_strategy = st.lists(
    st.tuples(st.floats(2.0, 40.0), st.floats(1.0, 3.0), st.floats(0.0, 3.0)),
    min_size=1, max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(needs_strategy, st.floats(4.0, 16.0), st.floats(2.0, 8.0), st.integers(0, 10_000))
def test_slice_lengths_respect_every_rule(raw, total, depth, seed):
    needs = [RoomNeed(f"r{i}", f"s{i}", (lo, lo * span), side)
             for i, (lo, span, side) in enumerate(raw)]
    lengths = slice_lengths(needs, total, depth, random.Random(seed))
    if lengths is None:
        return
    assert abs(sum(lengths) - total) < 1e-6
    for need, length in zip(needs, lengths, strict=True):
        assert need.area[0] - 1e-6 <= length * depth <= need.area[1] + 1e-6
        assert min(length, depth) >= need.min_side - 1e-6


def test_cuts_snap_to_the_grid():
    needs = [RoomNeed("a", "a", (7.5, 12), 2.4), RoomNeed("b", "b", (40, 80), 1.8)]
    lengths = slice_lengths(needs, 14.0, 4.4, random.Random(1))
    assert lengths is not None
    assert abs(lengths[0] / GRID - round(lengths[0] / GRID)) < 1e-6


def test_impossible_strip_is_refused():
    # three consultation rooms need at least 3 x 2.4 m of strip
    needs = [RoomNeed(f"c{i}", "c", (7.5, 12), 2.4) for i in range(3)]
    assert slice_lengths(needs, 7.0, 4.0, random.Random(0)) is None
    # a 6 m deep strip cannot hold a 12 m2 room with a 2.4 m side
    assert slice_lengths(needs[:1], 2.0, 6.0, random.Random(0)) is None


def test_docstring_examples():
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module("spacedesign.generate.scenario"))
    assert result.attempted > 0 and result.failed == 0
