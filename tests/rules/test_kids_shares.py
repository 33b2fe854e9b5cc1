"""FAMILY-KIDS's share of the kids area seen from each viewpoint: a rectangle clipped to with
GEOS's rectangle clipping gives the shares of the general intersection (up to rounding)."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import affinity
from shapely.geometry import Polygon, box

from spacedesign.rules.checks_people import _shares_seen


def _old_shares(seen, area):
    """The shares as they were computed: the general intersection's area over the area's."""
    if area.area <= 0:
        return [0.0] * len(seen)
    return (shapely.area(shapely.intersection(seen, area)) / area.area).tolist()


def _fan(rng, rays):
    """An isovist-like fan: a star of ``rays`` hits around a point, repaired if invalid."""
    x, y = rng.uniform(0, 10, 2)
    angles = np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False)
    dist = rng.uniform(0.0, 8.0, rays) * (rng.uniform(size=rays) > 0.05)
    fan = Polygon(np.stack([x + np.cos(angles) * dist, y + np.sin(angles) * dist], axis=1))
    if not fan.is_valid:
        fan = max(getattr(fan.buffer(0.0), "geoms", [fan.buffer(0.0)]), key=lambda g: g.area)
    return fan


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(1, 10),
    st.sampled_from([8, 36, 180]),
    st.sampled_from(["box", "turned", "ell", "flat", "point"]),
)
def test_rectangle_clipping_gives_the_intersection_shares(seed, views, rays, kind):
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(0, 10, 2)
    w, h = rng.uniform(0.5, 6, 2)
    area = box(x, y, x + w, y + h)
    if kind == "turned":  # not axis-aligned: the general intersection
        area = affinity.rotate(area, float(rng.uniform(1, 89)))
    elif kind == "ell":  # inside its box, not all of it
        area = area.difference(box(x + w / 2, y + h / 2, x + w + 1, y + h + 1))
    elif kind == "flat":
        area = box(x, y, x + w, y)
    elif kind == "point":
        area = Polygon()
    seen = [_fan(rng, rays) for _ in range(views)]
    seen.append(area.buffer(0.5) if not area.is_empty else Polygon())  # sees all of it
    got = _shares_seen(seen, area)
    want = _old_shares(seen, area)
    assert len(got) == len(want)
    assert np.allclose(got, want, rtol=0.0, atol=1e-9)
    if kind in ("box", "turned", "ell"):
        assert abs(got[-1] - 1.0) <= 1e-9


def test_a_box_drawn_with_extra_corners_is_clipped_to_as_well():
    # A rectangle with a point on an edge and an invalid bow tie of the same box size.
    fan = box(-1, -1, 3, 1.5)
    area = Polygon([(0, 0), (1, 0), (2, 0), (2, 2), (0, 2)])
    assert _shares_seen([fan], area) == _old_shares([fan], area) == [0.75]
    bow = Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])
    assert not bow.is_valid
    assert _shares_seen([fan], bow) == [0.0]  # the bow tie's area is 0: nothing to see


def test_kids_share_on_generated_scenarios_is_the_intersection_share():
    # The best share FAMILY-KIDS reports: the largest of the old intersection shares.
    from spacedesign.analysis.freespace import level_space
    from spacedesign.analysis.sightlines import sight_within, visible_from
    from spacedesign.generate.scenario import furnish_new_rooms
    from spacedesign.rules.checks_people import _viewpoints, _visible_share
    from tests.scenegen.conftest import design, nakano

    for seed in (2, 5, 7):
        level = furnish_new_rooms(design(seed).plan, nakano()[1].ruleset).levels[0]
        lounges = [r for r in level.rooms if r.use == "lounge"]
        kids = [r.polygon.geometry for r in level.rooms if r.use == "kids"]
        assert lounges and kids
        lines = level_space(level).sight_lines
        for area in kids:
            share, view, seen = _visible_share(level, lounges, area)
            want = max(
                value
                for r in lounges
                for views in [_viewpoints(sight_within(lines, r.polygon.geometry))]
                for value in _old_shares(visible_from(lines, views, 180), area)
            )
            assert 0.0 < share <= 1.0 and abs(share - want) <= 1e-9
            assert view is not None and seen is not None
            assert abs(_old_shares([seen], area)[0] - share) <= 1e-9


def _old_viewpoints(free, per_side=3):
    """FAMILY-KIDS's viewpoints as they were found: one point-in-polygon test per point."""
    from shapely.geometry import Point

    if free.is_empty:
        return []
    x0, y0, x1, y1 = free.bounds
    pts = [
        (x0 + (x1 - x0) * (i + 0.5) / per_side, y0 + (y1 - y0) * (j + 0.5) / per_side)
        for i in range(per_side)
        for j in range(per_side)
    ]
    out = [p for p in pts if free.contains(Point(p))]
    rep = free.representative_point()
    return [*out, (float(rep.x), float(rep.y))]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 12),
    st.integers(0, 12),
    st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(1, 6),
                       st.integers(1, 6)), max_size=5),
    st.sampled_from(["polygon", "lines", "empty"]),
)
def test_viewpoints_equal_the_point_by_point_test(w, h, holes, extra):
    # On a 0.5 m grid, so thirds of the box fall on the blocks' edges and corners.
    from shapely.geometry import GeometryCollection, LineString, Point

    from spacedesign.rules.checks_people import _viewpoints

    free = box(0.0, 0.0, 0.5 + w * 1.5, 0.5 + h * 1.5)
    for x, y, dx, dy in holes:
        free = free.difference(box(x * 0.5, y * 0.5, (x + dx) * 0.5, (y + dy) * 0.5))
    if extra == "lines":  # an intersection's lines and points outside the polygon
        free = GeometryCollection([free, LineString([(-1.0, 0.0), (-1.0, 3.0)]), Point(9, -2)])
    elif extra == "empty":
        free = Polygon()
    assert _viewpoints(free) == _old_viewpoints(free)
