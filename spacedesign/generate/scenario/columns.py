"""Columns in a zone's local (u, v) frame: where a corridor can run clear of them.

A corridor may not hold a column (it would narrow the route); rooms may have one only on their
boundary (:mod:`.fixed`). The draw moves the corridor off the columns
(:func:`clear_of_columns`), preferring positions where the corridor wall runs along a column's
face, and lines the hub lounge's walls up with column centres (:func:`inner_column_u`).
"""

from __future__ import annotations

import functools
import itertools
import random

from spacedesign.generate.scenario.frame import Rect, ZoneFrame
from spacedesign.generate.scenario.layout import GRID, LocalRect, corridor_parts

__all__ = ["CORRIDOR_SHIFTS", "FLUSH_SHARE", "PUBLIC_MIN_SIDE", "clear_of_columns",
           "inner_column_u", "inside", "local_columns", "overlaps"]

CORRIDOR_SHIFTS = tuple(sorted((i * 0.1 for i in range(-15, 16)), key=abs))
"""Shifts (m) tried to move the corridor off a column, nearest first."""

FLUSH_SHARE = 0.7
"""Share of draws that first try a corridor position flush with an inner column's face."""

PUBLIC_MIN_SIDE = 1.8
"""Minimum side (m, between centrelines) of a public room without its own ``min_side``: 1.68 m
clear, so a 1.5 m turning circle fits."""

TOL = 1e-6


def _snap(value: float) -> float:
    return round(round(value / GRID) * GRID, 6)


@functools.lru_cache(maxsize=64)
def local_columns(columns: tuple[Rect, ...], frame: ZoneFrame) -> tuple[LocalRect, ...]:
    """Return the columns as rectangles in ``frame``'s local frame.

    >>> frame = ZoneFrame((0.0, 0.0, 12.0, 14.0), "north")
    >>> local_columns(((5.7, 6.7, 6.3, 7.3),), frame)[0]
    LocalRect(id='column', u0=6.7, v0=5.7, u1=7.3, v1=6.3)
    """
    x0, y0, x1, y1 = frame.bounds
    out = []
    for cx0, cy0, cx1, cy1 in columns:
        us, vs = {"west": ((cx0 - x0, cx1 - x0), (cy0 - y0, cy1 - y0)),
                  "east": ((x1 - cx1, x1 - cx0), (cy0 - y0, cy1 - y0)),
                  "south": ((cy0 - y0, cy1 - y0), (cx0 - x0, cx1 - x0)),
                  "north": ((y1 - cy1, y1 - cy0), (cx0 - x0, cx1 - x0))}[frame.edge]
        out.append(LocalRect("column", round(us[0], 6), round(vs[0], 6), round(us[1], 6),
                             round(vs[1], 6)))
    return tuple(out)


def overlaps(a: LocalRect, b: LocalRect) -> bool:
    """Whether two local rectangles share some area."""
    return (a.u0 < b.u1 - TOL and b.u0 < a.u1 - TOL
            and a.v0 < b.v1 - TOL and b.v0 < a.v1 - TOL)


def inside(a: LocalRect, b: LocalRect) -> bool:
    """Whether ``a`` lies strictly inside ``b`` (a column standing free in a room)."""
    return (b.u0 + TOL < a.u0 and a.u1 < b.u1 - TOL
            and b.v0 + TOL < a.v0 and a.v1 < b.v1 - TOL)


@functools.lru_cache(maxsize=256)
def inner_column_u(columns: tuple[Rect, ...], frame: ZoneFrame) -> tuple[float, ...]:
    """Return the local ``u`` of the centres of the columns inside the zone (off its edges)."""
    x0, y0, x1, y1 = frame.bounds
    out = []
    for cx0, cy0, cx1, cy1 in columns:
        if not (x0 + TOL < cx0 and cx1 < x1 - TOL and y0 + TOL < cy0 and cy1 < y1 - TOL):
            continue
        cx, cy = (cx0 + cx1) / 2, (cy0 + cy1) / 2
        out.append({"west": cx - x0, "east": x1 - cx, "south": cy - y0,
                    "north": y1 - cy}[frame.edge])
    return tuple(out)


@functools.lru_cache(maxsize=256)
def _flush_positions(columns: tuple[Rect, ...], frame: ZoneFrame,
                     cw: float) -> tuple[float, ...]:
    """Corridor positions ``v`` whose side wall runs along the face of an inner column."""
    x0, y0, _, _ = frame.bounds
    width = frame.size[1]
    across = frame.edge in ("west", "east")
    out = []
    for cx0, cy0, cx1, cy1 in columns:
        lo, hi = (cy0 - y0, cy1 - y0) if across else (cx0 - x0, cx1 - x0)
        if lo > TOL and hi < width - TOL:
            out += [_snap(hi), _snap(lo - cw)]
    return tuple(out)


@functools.lru_cache(maxsize=1024)
def _in_reach(columns: tuple[Rect, ...], frame: ZoneFrame, cw: float, spine_end: float,
              turn: str | None) -> tuple[tuple[tuple[float, float], ...], ...]:
    """Return the ``v`` extents, ``(v0, v1 - TOL)``, of the columns the spine and the legs meet.

    Those are the local columns within the parts' ``u`` extents, which do not depend on the
    corridor's ``v``: so this is memoised without it.
    """
    spine, legs, _ = corridor_parts(frame.size, "c", 0.0, cw, spine_end, turn)
    local = local_columns(columns, frame)
    along = tuple((c.v0, c.v1 - TOL) for c in local
                  if c.u0 < spine.u1 - TOL and spine.u0 < c.u1 - TOL)
    beside = tuple((c.v0, c.v1 - TOL) for c in local for leg in legs
                   if c.u0 < leg.u1 - TOL and leg.u0 < c.u1 - TOL)
    return along, beside


def clear_of_columns(columns: tuple[Rect, ...], frame: ZoneFrame, vc: float, cw: float,
                     spine_end: float, rng: random.Random,
                     turn: str | None = None) -> float | None:
    """Return ``vc`` or the nearest position (within 1.5 m) where the corridor misses every column.

    The corridor is the spine and, with ``turn``, its cross leg
    (:func:`~.layout.corridor_parts`). Mostly (:data:`FLUSH_SHARE`) a position where the
    corridor wall runs along an inner column's face comes first: the column is then built into
    that wall instead of standing in a room.
    """
    flush_first = rng.random() < FLUSH_SHARE
    # the corridor's u extents do not depend on v: keep the columns each part may meet
    along, beside = _in_reach(columns, frame, cw, spine_end, turn)
    return _clear_position(columns, frame, vc, cw, along, beside, turn == "right", flush_first)


@functools.lru_cache(maxsize=4096)
def _clear_position(columns: tuple[Rect, ...], frame: ZoneFrame, vc: float, cw: float,
                    along: tuple[tuple[float, float], ...],
                    beside: tuple[tuple[float, float], ...], right: bool,
                    flush_first: bool) -> float | None:
    """:func:`clear_of_columns` once its draw is made (``flush_first``): a pure function.

    ``along`` and ``beside`` are the ``v`` extents of the columns the spine and the legs meet
    (:func:`_in_reach`); ``right``: the leg runs to the right of the spine. Memoised:
    corridor positions are snapped to the grid, and the spine and its leg meet the same few
    sets of columns, so the same questions recur from draw to draw.
    """
    flush: list[float] = []
    if flush_first:
        flush = sorted((v for v in _flush_positions(columns, frame, cw)
                        if abs(v - vc) <= CORRIDOR_SHIFTS[-1] + 1e-9), key=lambda v: abs(v - vc))
    width = frame.size[1]
    last = width - PUBLIC_MIN_SIDE
    for v in itertools.chain(flush, (round(vc + shift, 6) for shift in CORRIDOR_SHIFTS)):
        if v < PUBLIC_MIN_SIDE or v + cw > last:
            continue
        top = round(v + cw, 6)
        # a column the spine meets: c.v0 < top - TOL and v < c.v1 - TOL (spelled out)
        reach = top - TOL
        blocked = False
        for c0, c1 in along:
            if c0 < reach and v < c1:
                blocked = True
                break
        if blocked:
            continue
        # the leg runs from the spine to the zone edge on the turn side
        lo, hi = (top, width) if right else (0.0, v)
        reach = hi - TOL
        for c0, c1 in beside:
            if c0 < reach and lo < c1:
                blocked = True
                break
        if blocked:
            continue
        return v
    return None
