"""Free space, turning circles and isovists on small known shapes."""

from __future__ import annotations

import pytest
from shapely.geometry import Polygon, box

from spacedesign.analysis import free_space, isovist, largest_turning_circle, room_net_floor
from spacedesign.analysis.visibility import sight_domain
from tests.rules.plan_tools import load_data, small_centre


def test_turning_circle_of_rectangles():
    assert largest_turning_circle(box(0, 0, 3, 1.2)).diameter == pytest.approx(1.2, abs=0.02)
    assert largest_turning_circle(box(0, 0, 2, 2)).diameter == pytest.approx(2.0, abs=0.02)
    l_shape = box(0, 0, 4, 1).union(box(0, 0, 1, 4))
    assert 1.0 < largest_turning_circle(l_shape).diameter < 1.2  # the corner square is wider
    assert largest_turning_circle(Polygon()) is None


def test_isovist_of_a_square_is_the_square():
    seen = isovist(box(0, 0, 10, 10), (5, 5))
    assert seen.area == pytest.approx(100, rel=0.01)


def test_isovist_behind_a_wall():
    room = box(0, 0, 10, 10).difference(box(4.9, 2, 5.1, 10))
    seen = isovist(room, (2, 3))
    assert seen.intersection(box(6, 6, 9, 9)).area == pytest.approx(0, abs=0.05)
    assert seen.intersection(box(6, 0, 9, 1.5)).area > 1.0
    assert isovist(room, (50, 50)).is_empty


def test_free_space_and_net_floor(tmp_path):
    plan = load_data(small_centre(corridor=1.8), tmp_path)
    level = plan.levels[0]
    corridor = room_net_floor(level, "corridor")
    assert corridor.area == pytest.approx(20 * 1.6 - 0.1 * 1.6 * 2, abs=0.05)
    assert largest_turning_circle(corridor).diameter == pytest.approx(1.6, abs=0.02)
    free = free_space(level)
    assert len(getattr(free, "geoms", [free])) == 1
    assert free.area < level.outline.area


def test_sight_passes_through_openings_not_doors(tmp_path):
    plan = load_data(small_centre(), tmp_path)
    domain = sight_domain(plan.levels[0])
    seen = isovist(domain, (10, 2.5))
    assert seen.intersection(box(3, 5.2, 17, 6.6)).area > 1.0
    assert seen.intersection(box(14, 7.5, 19, 11.5)).area == pytest.approx(0, abs=0.05)


def test_distance_to_matches_shapely():
    import numpy as np
    import shapely
    from shapely.geometry import LineString, Point

    from spacedesign.analysis.network import distance_to

    xy = np.random.default_rng(0).uniform(-5, 5, (100, 2))
    shapes = [Point(1, 2), box(0, 0, 2, 1), box(0, 0, 4, 4).difference(box(1, 1, 2, 2)),
              LineString([(0, 0), (3, 1), (3, 4)]), box(0, 0, 1, 1).union(box(3, 3, 4, 4))]
    for shape in shapes:
        expected = shapely.distance(shapely.points(xy), shape)
        assert np.allclose(distance_to(shape, xy), expected, atol=1e-9)
