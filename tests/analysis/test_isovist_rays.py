"""The isovist's ray caster tries the nearest segments first; its hits are every segment's."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from spacedesign.analysis.visibility import _nearest_hits


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


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 400),
    st.integers(0, 2**32 - 1),
    st.sampled_from([12, 180, 360]),
    st.booleans(),
)
def test_nearest_first_hits_equal_hits_over_every_segment(n, seed, rays, grid):
    rng = np.random.default_rng(seed)
    if grid:  # axis-aligned walls on a 0.1 m grid, rays through their corners
        a = np.round(rng.uniform(-20, 20, (n, 2)), 1)
        b = a.copy()
        axis = rng.integers(0, 2, n)
        b[np.arange(n), axis] += np.round(rng.uniform(-8, 8, n), 1)
        point = (float(np.round(rng.uniform(-5, 5), 1)), float(np.round(rng.uniform(-5, 5), 1)))
    else:
        a = rng.uniform(-20, 20, (n, 2))
        b = a + rng.normal(0, 3, (n, 2))
        point = (float(rng.uniform(-5, 5)), float(rng.uniform(-5, 5)))
    angles = np.linspace(0.0, 2.0 * np.pi, rays, endpoint=False)
    cos, sin = np.cos(angles), np.sin(angles)
    got = _nearest_hits(a, b, point, cos, sin)
    assert np.array_equal(got, _all_segments(a, b, point, cos, sin))
