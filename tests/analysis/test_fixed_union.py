"""merge() with a memoised union of the fixed structure: the same region as one union."""

from __future__ import annotations

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box

from spacedesign.analysis import clear_caches, freespace
from spacedesign.analysis.freespace import level_space, merge
from tests.scenegen.conftest import nakano

small = st.floats(0.0, 10.0, allow_nan=False)
boxes = st.builds(
    lambda x, y, w, h: box(x, y, x + w, y + h), small, small, st.floats(0.01, 3.0), st.floats(0.01, 3.0)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(boxes, min_size=1, max_size=30), st.data())
def test_merge_with_a_fixed_group_covers_the_same_region(parts, data):
    fixed = data.draw(st.integers(0, len(parts)))
    whole = merge(parts)
    split = merge(parts, fixed=fixed)
    assert abs(split.area - whole.area) <= 1e-9 * max(1.0, whole.area)
    assert split.symmetric_difference(whole).area <= 1e-9 * max(1.0, whole.area)
    # memoised: asking again gives the identical geometry
    assert shapely.to_wkb(merge(parts, fixed=fixed)) == shapely.to_wkb(split)


def test_the_structure_union_is_memoised_and_exact():
    base, _ = nakano()
    level = base.levels[0]
    clear_caches()
    cold = (shapely.to_wkb(level_space(level).solid), shapely.to_wkb(level_space(level).sight))
    assert any(w.fixed for w in level.walls)
    assert len(freespace._STRUCTURE.items) == 2  # the obstacles' and the sight's structure
    freespace._SPACES.clear()
    hits = freespace._STRUCTURE.hits
    warm = (shapely.to_wkb(level_space(level).solid), shapely.to_wkb(level_space(level).sight))
    assert freespace._STRUCTURE.hits == hits + 2
    assert warm == cold
    clear_caches()
    assert not freespace._STRUCTURE.items


bow_ties = st.builds(
    lambda x, y, w: Polygon([(x, y), (x + w, y + w), (x + w, y), (x, y + w)]), small, small,
    st.floats(0.01, 3.0),
)
flat = st.builds(lambda x, y: Polygon([(x, y), (x + 1.0, y), (x + 2.0, y)]), small, small)
drawn = st.one_of(boxes, boxes, bow_ties, flat, st.just(Polygon()))


@settings(max_examples=150, deadline=None)
@given(st.lists(drawn, max_size=12), st.lists(drawn, max_size=12), st.sampled_from(["sound", "repair"]))
def test_merge_structure_equals_cleaning_then_merging(structure, parts, clean):
    # The structure cleaned inside the memo: what cleaning it first and merging gave, cold and
    # warm; nothing left (all empty or dropped): None where there was nothing to merge.
    from spacedesign.analysis.freespace import _sound, merge_structure, repaired

    tidy = _sound if clean == "sound" else repaired
    kept, rest = tidy(structure), tidy(parts)
    want = merge(kept + rest, fixed=len(kept)) if kept or rest else None
    freespace._STRUCTURE.clear()
    for _ in range(2):  # cold, then warm
        got = merge_structure(structure, rest, clean)
        if want is None:
            assert got is None
        else:
            assert got is not None and shapely.to_wkb(got) == shapely.to_wkb(want)
