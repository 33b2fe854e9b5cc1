"""The reception counter: a low counter on a wall of the reception without a door."""

from __future__ import annotations

from collections.abc import Sequence

from spacedesign.generate.scenario.frame import Rect
from spacedesign.model import Fixture, Point, Shape

__all__ = ["COUNTER_DEPTH", "COUNTER_INSET", "reception_counter"]

COUNTER_INSET, COUNTER_DEPTH = 0.15, 0.6
"""A reception counter stands this far from its wall and is this deep (m)."""


def reception_counter(rect: Rect, front: Point, doors: Sequence[Point], room_id: str) -> Fixture:
    """Return a reception counter with a low section on a wall without a door.

    The wall opposite the front door is preferred (the counter faces arriving visitors), then
    the longest free wall.
    """
    x0, y0, x1, y1 = rect
    inset, depth = COUNTER_INSET, COUNTER_DEPTH

    def side_of(p: Point) -> str:
        d = {"w": abs(p[0] - x0), "e": abs(p[0] - x1), "s": abs(p[1] - y0), "n": abs(p[1] - y1)}
        return min(d, key=lambda k: d[k])

    opposite = {"w": "e", "e": "w", "s": "n", "n": "s"}
    busy = {side_of(p) for p in doors}
    lengths = {"w": y1 - y0, "e": y1 - y0, "s": x1 - x0, "n": x1 - x0}
    free = [k for k in ("w", "e", "s", "n") if k not in busy] or ["w", "e", "s", "n"]
    far = opposite[side_of(front)]
    wall = far if far in free else max(free, key=lambda k: (lengths[k], k))
    length = max(0.9, min(1.8, lengths[wall] - 0.8))
    if wall in ("e", "w"):
        cy = (y0 + y1) / 2
        cx0 = x1 - inset - depth if wall == "e" else x0 + inset
        poly = Shape.rectangle(round(cx0, 3), round(cy - length / 2, 3), round(cx0 + depth, 3),
                               round(cy + length / 2, 3))
    else:
        cx = (x0 + x1) / 2
        cy0 = y1 - inset - depth if wall == "n" else y0 + inset
        poly = Shape.rectangle(round(cx - length / 2, 3), round(cy0, 3),
                               round(cx + length / 2, 3), round(cy0 + depth, 3))
    return Fixture(id=f"G-RC-{room_id}", kind="counter", polygon=poly, room=room_id,
                   height=0.72, knee_clearance=0.65,
                   props={"name": "受付カウンター (低位部付き)",
                          "low_section": "full length at 0.72 m, knee space 0.65 m"})
