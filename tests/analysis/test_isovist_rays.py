"""The isovist's ray caster tries each segment only on the rays in its angular span; its hits
are every segment's, and its isovists are those of the plain caster."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon, box

from spacedesign.analysis.visibility import _nearest_hits, isovist, isovists


def _all_segments(a, b, point, cos, sin):
    """Nearest hit of each ray over every segment at once (the plain caster)."""
    ox, oy = point
    ex, ey = (b - a)[:, 0][None, :], (b - a)[:, 1][None, :]
    fx, fy = (a[:, 0] - ox)[None, :], (a[:, 1] - oy)[None, :]
    dx, dy = cos[:, None], sin[:, None]
    denom = dx * ey - dy * ex
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (fx * ey - fy * ex) / denom
        u = (fx * dy - fy * dx) / denom
    hit = (np.abs(denom) > 1e-12) & (t > 1e-9) & (u >= -1e-9) & (u <= 1 + 1e-9)
    return np.where(hit, t, np.inf).min(axis=1)


def _plain_isovist(polygon, point, rays):
    """The isovist as it was computed before the batched caster (one point, every segment)."""
    p = Point(point)
    parts = [g for g in getattr(polygon, "geoms", [polygon]) if isinstance(g, Polygon)]
    part = next((g for g in parts if g.covers(p)), None)
    if part is None:
        near = min(parts, key=lambda g: g.distance(p), default=None)
        if near is None or near.distance(p) > 0.05:
            return Polygon()
        part = near
    rings = [np.asarray(part.exterior.coords)] + [np.asarray(r.coords) for r in part.interiors]
    a = np.concatenate([r[:-1] for r in rings])
    b = np.concatenate([r[1:] for r in rings])
    angles = np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False)
    dist = _all_segments(a, b, point, np.cos(angles), np.sin(angles))
    dist = np.where(np.isfinite(dist), dist, 0.0)
    ox, oy = point
    fan = Polygon(np.stack([ox + np.cos(angles) * dist, oy + np.sin(angles) * dist], axis=1))
    if not fan.is_valid:
        fan = fan.buffer(0.0)
    if isinstance(fan, Polygon):
        return fan
    return max(getattr(fan, "geoms", []), key=lambda g: g.area, default=Polygon())


def _segments(rng, n, grid):
    if grid:  # axis-aligned walls on a 0.1 m grid, rays through their corners
        a = np.round(rng.uniform(-20, 20, (n, 2)), 1)
        b = a.copy()
        axis = rng.integers(0, 2, n)
        b[np.arange(n), axis] += np.round(rng.uniform(-8, 8, n), 1)
    else:
        a = rng.uniform(-20, 20, (n, 2))
        b = a + rng.normal(0, 3, (n, 2))
    return a, b


@settings(max_examples=400, deadline=None)
@given(
    st.integers(1, 400),
    st.integers(0, 2**32 - 1),
    st.sampled_from([12, 180, 360, 720]),
    st.booleans(),
    st.integers(1, 4),
)
def test_spans_give_the_hits_over_every_segment(n, seed, rays, grid, views):
    rng = np.random.default_rng(seed)
    segments, points = [], []
    for _ in range(views):
        a, b = _segments(rng, n, grid)
        if grid:
            point = (float(np.round(rng.uniform(-5, 5), 1)), float(np.round(rng.uniform(-5, 5), 1)))
        else:
            point = (float(rng.uniform(-5, 5)), float(rng.uniform(-5, 5)))
        # Segments that start at, end at, pass through or point at the viewpoint, and points.
        a[0], b[0] = point, (point[0] + 1.0, point[1] + 0.5)
        if n > 1:
            a[1], b[1] = (point[0] - 2.0, point[1] - 1.0), (point[0] + 2.0, point[1] + 1.0)
        if n > 2:
            a[2], b[2] = (point[0] + 1.0, point[1]), (point[0] + 3.0, point[1])
        if n > 3:
            a[3] = b[3] = (point[0] + 0.5, point[1] + 0.5)
        segments.append((a, b))
        points.append(point)
    angles = np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False)
    cos, sin = np.cos(angles), np.sin(angles)
    got = _nearest_hits(segments, points, cos, sin)
    for (a, b), point, row in zip(segments, points, got, strict=True):
        assert np.array_equal(row, _all_segments(a, b, point, cos, sin))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(0, 12),
    st.integers(1, 8),
    st.sampled_from([36, 180, 360]),
)
def test_batched_isovists_are_the_plain_ones(seed, blocks, views, rays):
    rng = np.random.default_rng(seed)
    domain = box(0, 0, 20, 12)
    for _ in range(blocks):  # furniture and walls (some cut the room in two)
        x, y = rng.uniform(0, 20), rng.uniform(0, 12)
        w, h = rng.uniform(0.2, 8), rng.uniform(0.1, 3)
        domain = domain.difference(box(x, y, x + w, y + h))
    points = [(float(rng.uniform(-1, 21)), float(rng.uniform(-1, 13))) for _ in range(views)]
    points.append((0.0, 0.0))  # a corner
    got = isovists(domain, points, rays)
    for point, seen in zip(points, got, strict=True):
        want = _plain_isovist(domain, point, rays)
        assert shapely.to_wkb(seen) == shapely.to_wkb(want)
        assert shapely.to_wkb(isovist(domain, point, rays)) == shapely.to_wkb(want)


def test_isovists_of_nothing():
    assert isovists(box(0, 0, 1, 1), [], 36) == []
    assert isovists(Polygon(), [(0.5, 0.5)], 36)[0].is_empty


def test_a_segment_almost_through_the_point_is_tried_by_every_ray():
    # Its start is 1e-12 m from the point: the 1e-9 stretch of the hit test reaches behind the
    # point, so rays far outside the span seen from there hit it.
    point = (0.0, 0.0)
    a = np.array([[1e-12, 0.0], [1e-12, 1e-12], [3.0, -4.0]])
    b = np.array([[1.0, 1.0], [-2.0, 1.0], [3.0, 4.0]])
    for rays in (8, 180, 720):
        angles = np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False)
        cos, sin = np.cos(angles), np.sin(angles)
        want = _all_segments(a, b, point, cos, sin)
        assert np.array_equal(_nearest_hits([(a, b)], [point], cos, sin)[0], want)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([36, 180, 360]), st.integers(0, 6))
def test_far_segments_of_the_second_pass_change_only_the_open_rays(seed, rays, gaps):
    # A small room around the point with ``gaps`` holes in its walls, far walls seen through
    # them, and far segments pointing (almost) at the point: the far ones are tried in the
    # second pass, only on the rays the room leaves open; the hits are every segment's.
    rng = np.random.default_rng(seed)
    point = (float(rng.uniform(-0.5, 0.5)), float(rng.uniform(-0.5, 0.5)))
    a, b = [], []
    corners = [(-2.0, -2.0), (2.0, -2.0), (2.0, 2.0), (-2.0, 2.0)]
    for k in range(4):
        (x0, y0), (x1, y1) = corners[k], corners[(k + 1) % 4]
        cuts = np.sort(rng.uniform(0, 1, 2 * min(gaps, 3)))
        ends = [0.0, *cuts.tolist(), 1.0]
        for s, e in zip(ends[0::2], ends[1::2], strict=True):
            a.append((x0 + (x1 - x0) * s, y0 + (y1 - y0) * s))
            b.append((x0 + (x1 - x0) * e, y0 + (y1 - y0) * e))
    for _ in range(40):  # far walls
        c = rng.uniform(-30, 30, 2)
        d = c + rng.normal(0, 4, 2)
        a.append(tuple(c)), b.append(tuple(d))
    for _ in range(10):  # far segments end-on to the point, one almost through it
        angle = rng.uniform(0, 2 * np.pi)
        r0, r1 = rng.uniform(6, 20), rng.uniform(21, 40)
        wobble = rng.choice([0.0, 1e-12, 1e-7])
        a.append((point[0] + r0 * np.cos(angle), point[1] + r0 * np.sin(angle)))
        b.append((point[0] + r1 * np.cos(angle + wobble), point[1] + r1 * np.sin(angle + wobble)))
    a, b = np.array(a), np.array(b)
    angles = np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False)
    cos, sin = np.cos(angles), np.sin(angles)
    got = _nearest_hits([(a, b)], [point], cos, sin)[0]
    assert np.array_equal(got, _all_segments(a, b, point, cos, sin))
