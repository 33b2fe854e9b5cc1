"""Fans valid by their shape alone (every ray ending well away from the viewpoint) are those
GEOS finds valid, and the fans keep what the plain validity test gave them."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.analysis.visibility import _nearest_hits, _valid_fans, fans


def _fan_polygons(origin, dist):
    rays = dist.shape[1]
    angles = np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False)
    xs = origin[:, :1] + np.cos(angles) * dist
    ys = origin[:, 1:] + np.sin(angles) * dist
    return shapely.polygons(np.stack([xs, ys], axis=2))


@settings(max_examples=300, deadline=None)
@given(
    st.integers(3, 720),
    st.lists(st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4)), min_size=1, max_size=4),
    st.sampled_from([1e-13, 1e-11, 1e-9, 1e-7, 1e-5, 1e-3, 0.3, 40.0]),
    st.integers(0, 2**32 - 1),
)
def test_fans_valid_by_shape_are_valid(rays, points, least, seed):
    rng = np.random.default_rng(seed)
    origin = np.array(points, dtype=np.float64)
    # rays of very different lengths (spikes and near-misses), some as short as ``least``
    dist = least * np.exp(rng.uniform(0.0, 8.0, (len(origin), rays)))
    dist[:, rng.integers(0, rays, 3)] = least
    polys = _fan_polygons(origin, dist)
    assert np.array_equal(_valid_fans(polys, origin, dist), shapely.is_valid(polys))


def test_short_rays_and_few_rays_are_tested_by_geos():
    origin = np.array([[0.0, 0.0], [5.0, 5.0]])
    dist = np.ones((2, 8))
    dist[0, ::2] = 0.0  # rays that hit nothing end at the viewpoint: a ring through it
    polys = _fan_polygons(origin, dist)
    assert np.array_equal(_valid_fans(polys, origin, dist), shapely.is_valid(polys))
    two = np.ones((1, 2))
    line = np.array([shapely.polygons([[0, 0], [1, 0], [0, 1]])], dtype=object)
    assert np.array_equal(_valid_fans(line, origin[:1], two), shapely.is_valid(line))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([8, 90, 180, 360]))
def test_fans_equal_those_with_every_fan_tested(seed, rays):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 30))
    a = np.round(rng.uniform(-10, 10, (n, 2)), 1)
    b = a + np.round(rng.uniform(-6, 6, (n, 2)), 1)
    # inside a room, so that most fans are closed (valid by their shape)
    room = np.array([[-20.0, -20.0], [20.0, -20.0], [20.0, 20.0], [-20.0, 20.0]])
    a, b = np.concatenate([a, room]), np.concatenate([b, np.roll(room, -1, axis=0)])
    origin = np.round(rng.uniform(-8, 8, (3, 2)), 2)
    got = fans(origin, [(a, b)] * len(origin), rays)
    # the plain form: every fan asked of GEOS, an invalid one repaired
    angles = np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False)
    dist = _nearest_hits([(a, b)] * len(origin), origin, np.cos(angles), np.sin(angles))
    dist = np.where(np.isfinite(dist), dist, 0.0)
    for fan, poly in zip(got, _fan_polygons(origin, dist), strict=True):
        if not poly.is_valid:
            poly = poly.buffer(0.0)
            if poly.geom_type != "Polygon":
                poly = max(getattr(poly, "geoms", []), key=lambda g: g.area, default=shapely.Polygon())
        assert shapely.equals_exact(fan, poly, 0.0) or (fan.is_empty and poly.is_empty)


def _old_facing(segments, points):
    """The segments facing each point, one (a, b) pair per point (as fans took them)."""
    a, b = segments
    ex, ey = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
    side = ex * (points[:, 1:] - a[:, 1]) - ey * (points[:, :1] - a[:, 0])
    keep = side >= -1e-9 * np.hypot(ex, ey)
    return [(a[row], b[row]) for row in keep]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 6), st.sampled_from([12, 180, 360]))
def test_flat_facing_segments_cast_the_fans_of_the_segments_point_by_point(seed, count, rays):
    from spacedesign.analysis.sightlines import _facing
    from spacedesign.analysis.visibility import fans_of

    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 40))
    a = np.round(rng.uniform(-10, 10, (n, 2)), 1)
    b = a + np.round(rng.uniform(-6, 6, (n, 2)), 1)
    room = np.array([[-20.0, -20.0], [20.0, -20.0], [20.0, 20.0], [-20.0, 20.0]])
    a, b = np.concatenate([a, room]), np.concatenate([b, np.roll(room, -1, axis=0)])
    points = np.round(rng.uniform(-9, 9, (count, 2)), 2)
    old = _old_facing((a, b), points)
    flat_a, flat_b, owner = _facing((a, b), points)
    for k, (pa, pb) in enumerate(old):
        assert np.array_equal(flat_a[owner == k], pa) and np.array_equal(flat_b[owner == k], pb)
    got = fans_of(points, (flat_a, flat_b, owner), rays)
    want = fans(points, old, rays)
    assert all(shapely.equals_exact(g, w, 0.0) for g, w in zip(got, want, strict=True))
    angles = np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False)
    plain = _nearest_hits(old, points, np.cos(angles), np.sin(angles))
    for k, (pa, pb) in enumerate(old):  # each point alone, as the first caster cast it
        alone = _nearest_hits([(pa, pb)], points[k : k + 1], np.cos(angles), np.sin(angles))
        assert np.array_equal(plain[k], alone[0])


def test_ray_directions_are_the_linspace_ones_and_kept_read_only():
    from spacedesign.analysis.visibility import _ray_directions

    for rays in (3, 180, 360, 720):
        angles = np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False)
        cos, sin = _ray_directions(rays)
        assert np.array_equal(cos, np.cos(angles)) and np.array_equal(sin, np.sin(angles))
        assert _ray_directions(rays)[0] is cos  # made once per ray count
        assert not cos.flags.writeable and not sin.flags.writeable
