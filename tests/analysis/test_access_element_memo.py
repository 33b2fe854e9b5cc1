"""Wall and furniture footprints memoised by their exact numbers equal fresh ones."""

from __future__ import annotations

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.analysis import footprints, memo
from spacedesign.analysis.footprints import (
    furniture_polygons,
    level_furniture,
    wall_footprints,
)
from spacedesign.model import Furniture, Shape, Wall
from tests.scenegen.conftest import design, nakano

coord = st.integers(-20, 20).map(lambda k: k / 4.0)
walls = st.builds(
    lambda x, y, dx, dy, t: Wall(id="w", path=((x, y), (x + dx, y + dy)), thickness=t),
    coord,
    coord,
    st.sampled_from([0.0, 1.5, -2.0]),
    st.sampled_from([0.0, 0.5, 3.0]),
    st.sampled_from([0.1, 0.15, 0.2]),
)
boxes = st.builds(
    lambda x, y, r: Furniture(id="f", kind="table", at=(x, y), size=(1.2, 0.6), rotation=r),
    coord,
    coord,
    st.sampled_from([0.0, 90.0, 45.0, -0.0]),
)


def _wkb(geoms):
    return [shapely.to_wkb(g) for g in geoms]


def _fresh_walls(items):
    return [w.footprint for w in items]


@settings(max_examples=100, deadline=None)
@given(st.lists(walls, max_size=8), st.lists(walls, max_size=8))
def test_memoised_walls_are_the_model_footprints(first, second):
    memo.clear()
    assert _wkb(wall_footprints(first)) == _wkb(_fresh_walls(first))
    # the second list hits the memo for every wall it shares with the first
    assert _wkb(wall_footprints(second + first)) == _wkb(_fresh_walls(second + first))


@settings(max_examples=100, deadline=None)
@given(st.lists(boxes, max_size=8), st.lists(boxes, max_size=8))
def test_memoised_boxes_are_the_vectorised_boxes(first, second):
    memo.clear()
    drawn = Furniture(id="p", kind="sofa", polygon=Shape(((0.0, 0.0), (2.0, 0.0), (2.0, 0.9))))
    assert _wkb(level_furniture(first)) == _wkb(furniture_polygons(first))
    items = [*second, drawn, *first]
    assert _wkb(level_furniture(items)) == _wkb(furniture_polygons(items))


def test_a_negative_zero_is_no_key():
    memo.clear()
    plus = Wall(id="a", path=((0.0, 0.0), (0.0, 2.0)), thickness=0.2)
    minus = Wall(id="b", path=((-0.0, 0.0), (-0.0, 2.0)), thickness=0.2)
    wall_footprints([plus])
    assert _wkb(wall_footprints([minus])) == _wkb([minus.footprint])
    assert len(footprints._WALLS.items) == 1  # the negative zero's footprint is not kept
    box = Furniture(id="f", kind="table", at=(-0.0, 1.0), size=(1.0, 1.0))
    level_furniture([box])
    assert len(footprints._BOXES.items) == 0


def test_warm_levels_equal_cold_ones():
    plans = [nakano()[0]] + [design(seed).plan for seed in range(1, 5)]
    memo.clear()
    cold = [(_wkb(wall_footprints(lv.walls)), _wkb(level_furniture(lv.furniture)))
            for plan in plans for lv in plan.levels]
    warm = [(_wkb(wall_footprints(lv.walls)), _wkb(level_furniture(lv.furniture)))
            for plan in plans for lv in plan.levels]
    fresh = [(_wkb(_fresh_walls(lv.walls)), _wkb(furniture_polygons(lv.furniture)))
             for plan in plans for lv in plan.levels]
    assert cold == warm == fresh
    assert footprints._WALLS.hits > 0


def test_a_wall_of_the_same_path_and_another_thickness_is_built_afresh():
    memo.clear()
    thin = Wall(id="a", path=((0.0, 0.0), (3.0, 0.0)), thickness=0.1)
    thick = Wall(id="a", path=((0.0, 0.0), (3.0, 0.0)), thickness=0.3)
    assert _wkb(wall_footprints([thin])) == _wkb([thin.footprint])
    assert _wkb(wall_footprints([thick, thin])) == _wkb([thick.footprint, thin.footprint])
    turned = Furniture(id="f", kind="table", at=(1.0, 1.0), size=(2.0, 1.0), rotation=90.0)
    plain = Furniture(id="f", kind="table", at=(1.0, 1.0), size=(2.0, 1.0))
    level_furniture([plain])
    assert _wkb(level_furniture([turned])) == _wkb(furniture_polygons([turned]))
