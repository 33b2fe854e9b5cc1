"""Furniture and wall footprints of a level, built in one vectorised pass.

:attr:`spacedesign.model.Furniture.footprint` builds each rotated box with two shapely affine
transforms (rotate about the origin, then translate); a furnished floor has a hundred of them
and a cold check spent about 4 ms there. :func:`furniture_polygons` applies the same
arithmetic to all boxes at once with numpy, operation for operation (``a·x + b·y + offset``,
the same ``math.cos``/``math.sin`` and the same rounding of tiny values to zero), so every
coordinate is the one the model's footprint has, bit for bit.

:func:`level_furniture` and :func:`wall_footprints` memoise each box and each wall footprint by
its exact numbers: the scenario generator keeps most of a level's furniture and walls from plan
to plan, so only the new ones are built.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import numpy as np
import shapely
from shapely.geometry import Polygon

from spacedesign.analysis.memo import element_memo, exact_floats
from spacedesign.model import Furniture, Wall

__all__ = ["furniture_polygons", "level_furniture", "wall_footprints"]

#: shapely.affinity.rotate sets a cosine or sine smaller than this to exactly zero.
_TINY = 2.5e-16


def _turn(degrees: float) -> tuple[float, float]:
    angle = degrees * math.pi / 180.0
    cosp, sinp = math.cos(angle), math.sin(angle)
    return (0.0 if abs(cosp) < _TINY else cosp), (0.0 if abs(sinp) < _TINY else sinp)


def furniture_polygons(items: Sequence[Furniture]) -> list[Polygon]:
    """Return ``item.footprint.geometry`` for every item, computing the rotated boxes together.

    Parameters
    ----------
    items : sequence of Furniture
        Pieces drawn either as a polygon or as ``at`` + ``size`` + ``rotation``.

    Returns
    -------
    list of shapely.Polygon
        One footprint per item, in order, with exactly the coordinates of
        :attr:`~spacedesign.model.Furniture.footprint`.
    """
    out: list[Polygon] = [Polygon()] * len(items)
    boxed = []
    for k, item in enumerate(items):
        if item.polygon is None and item.at is not None and item.size is not None:
            boxed.append(k)
        else:
            out[k] = item.footprint.geometry
    if boxed:
        size = np.array([items[k].size for k in boxed], dtype=float)
        at = np.array([items[k].at for k in boxed], dtype=float)
        turn = np.array([_turn(items[k].rotation) for k in boxed], dtype=float)
        w, d = size[:, :1], size[:, 1:]
        x = np.concatenate([-w / 2, w / 2, w / 2, -w / 2], axis=1)
        y = np.concatenate([-d / 2, -d / 2, d / 2, d / 2], axis=1)
        cosp, sinp = turn[:, :1], turn[:, 1:]
        # rotate(box, angle, origin=(0, 0)): matrix (cos, -sin, sin, cos), offsets 0.0
        xr = cosp * x + (-sinp) * y + 0.0
        yr = sinp * x + cosp * y + 0.0
        # translate(box, cx, cy): matrix (1, 0, 0, 1), offsets (cx, cy)
        xt = 1.0 * xr + 0.0 * yr + at[:, :1]
        yt = 0.0 * xr + 1.0 * yr + at[:, 1:]
        polygons = shapely.polygons(np.stack([xt, yt], axis=2))
        for k, polygon in zip(boxed, polygons, strict=True):
            out[k] = polygon
    return out


#: Furniture boxes by (centre x, y, width, depth, rotation); wall footprints by (path, thickness).
_BOXES = element_memo(4096)
_WALLS = element_memo(2048)


def level_furniture(items: Sequence[Furniture]) -> list[Polygon]:
    """Return :func:`furniture_polygons` of ``items``, each box memoised by its exact numbers.

    A box's footprint depends on its centre, size and rotation alone; a drawn polygon is the
    piece's own. Keys holding a NaN or a negative zero (equal to a key they differ from) are
    not used: the boxes are then all built afresh.
    """
    keys: list[tuple[float, ...] | None] = []
    for item in items:
        if item.polygon is None and item.at is not None and item.size is not None:
            (x, y), (w, d) = item.at, item.size
            keys.append((x, y, w, d, item.rotation))
        else:
            keys.append(None)
    boxed = [k for k, key in enumerate(keys) if key is not None]
    if not exact_floats([v for k in boxed for v in keys[k]]):  # type: ignore[union-attr]
        return furniture_polygons(items)
    found = _BOXES.take([keys[k] for k in boxed])
    out = [Polygon()] * len(items)
    missing = [k for k, hit in zip(boxed, found, strict=True) if hit is None]
    made = iter(furniture_polygons([items[k] for k in missing]))
    for k, hit in zip(boxed, found, strict=True):
        out[k] = hit if hit is not None else _BOXES.put(keys[k], next(made))
    for k, key in enumerate(keys):
        if key is None:
            out[k] = items[k].footprint.geometry
    return out


def wall_footprints(walls: Sequence[Wall]) -> tuple[Polygon, ...]:
    """Footprint of each wall (:attr:`~spacedesign.model.Wall.footprint`), in order.

    One vectorised buffer of the walls not memoised yet (the same polygons as a buffer per
    wall); each footprint memoised by the wall's exact path and thickness, all it depends on.
    """
    if not walls:
        return ()
    keys: list[Hashable] = [(w.path, w.thickness) for w in walls]
    numbers = [v for w in walls for point in w.path for v in point]
    if not exact_floats(numbers + [w.thickness for w in walls]):
        return _buffered(walls)
    try:
        found = _WALLS.take(keys)
    except TypeError:  # a path that is not a tuple of tuples
        return _buffered(walls)
    missing = [k for k, hit in enumerate(found) if hit is None]
    made = iter(_buffered([walls[k] for k in missing]))
    return tuple(
        hit if hit is not None else _WALLS.put(key, next(made))
        for key, hit in zip(keys, found, strict=True)
    )


def _buffered(walls: Sequence[Wall]) -> tuple[Polygon, ...]:
    """Return the footprints of ``walls`` from one vectorised buffer (empty if not a polygon)."""
    if not walls:
        return ()
    feet = shapely.buffer(
        np.array([w.centreline for w in walls], dtype=object),
        np.array([w.thickness / 2.0 for w in walls]),
        cap_style="flat",
        join_style="mitre",
    )
    return tuple(f if isinstance(f, Polygon) else Polygon() for f in feet)
