"""Fixed elements inside the renovation zone: columns, fixed fixtures, core rooms, fixed walls.

The generator may not move them. A layout respects them when (:func:`respects_fixed`):

* no new room or corridor overlaps a fixed fixture or a kept core room;
* no column stands free inside a room: every column touching the zone lies on a room boundary
  (the zone edge or a new partition), so it is built into a wall (areas are to wall centrelines,
  DESIGN.md §3: the checker subtracts walls and columns from the floor);
* every fixed wall crossing the zone lies on room boundaries (it becomes one).

:func:`align_to_columns` repairs the common case of a column standing inside a room of a band:
it moves the cut between that room and its neighbour onto the column when both rooms keep their
area range and minimum side.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from shapely import unary_union
from shapely.geometry import LineString, box

from spacedesign.generate.scenario.frame import Rect, ZoneFrame
from spacedesign.generate.scenario.layout import GRID, BlockLayout, LocalRect, RoomNeed

__all__ = ["align_to_columns", "aligned", "free_columns", "respects_fixed"]

TOL = 1e-6


def _strictly_inside(inner: Rect, outer: Rect) -> bool:
    return (outer[0] + TOL < inner[0] and inner[2] < outer[2] - TOL
            and outer[1] + TOL < inner[1] and inner[3] < outer[3] - TOL)


def free_columns(cells: Sequence[Rect], columns: Sequence[Rect]) -> list[tuple[Rect, int]]:
    """Return ``(column box, cell index)`` for every column standing free inside a cell."""
    return [(col, i) for col in columns for i, cell in enumerate(cells)
            if cell[0] + TOL < col[0] and col[2] < cell[2] - TOL
            and cell[1] + TOL < col[1] and col[3] < cell[3] - TOL]  # _strictly_inside


def respects_fixed(cells: Sequence[Rect], columns: Sequence[Rect],
                   blockers: Sequence[tuple[str, Rect]],
                   fixed_walls: Sequence[tuple[str, LineString]]) -> bool:
    """Whether the new cells (plan rectangles) respect the fixed elements (module docstring)."""
    for _, (bx0, by0, bx1, by1) in blockers:
        if any(rx0 < bx1 - TOL and bx0 < rx1 - TOL and ry0 < by1 - TOL and by0 < ry1 - TOL
               for rx0, ry0, rx1, ry1 in cells):
            return False
    if free_columns(cells, columns):
        return False
    if fixed_walls:
        edges = unary_union([box(*c).exterior for c in cells]).buffer(TOL)
        for _, line in fixed_walls:
            if line.length - line.intersection(edges).length > 1e-3:
                return False
    return True


def _columns_in_rooms(cells: Sequence[Rect], columns: Sequence[Rect],
                      bounds: Rect) -> list[tuple[Rect, int]]:
    """Inner columns (off the zone edge) whose centre lies inside a cell, free or against a wall.

    Free-standing ones come first (they must move); the others only take room from the cell.
    """
    out = []
    for col in columns:
        if not _strictly_inside(col, bounds):
            continue
        cx, cy = (col[0] + col[2]) / 2, (col[1] + col[3]) / 2
        for i, (x0, y0, x1, y1) in enumerate(cells):
            if x0 + TOL < cx < x1 - TOL and y0 + TOL < cy < y1 - TOL:
                out.append((not _strictly_inside(col, cells[i]), col, i))
    return [(col, i) for _, col, i in sorted(out)]


def _local(frame: ZoneFrame, col: Rect) -> tuple[float, float]:
    x0, y0, x1, y1 = frame.bounds
    cx, cy = (col[0] + col[2]) / 2, (col[1] + col[3]) / 2
    if frame.edge == "west":
        return cx - x0, cy - y0
    if frame.edge == "east":
        return x1 - cx, cy - y0
    if frame.edge == "south":
        return cy - y0, cx - x0
    return y1 - cy, cx - x0


def _snap(value: float) -> float:
    return round(round(value / GRID) * GRID, 6)


def _fits(rect: LocalRect, need: RoomNeed) -> bool:
    return (need.area[0] - 1e-9 <= rect.area <= need.area[1] + 1e-9
            and rect.short_side + 1e-9 >= need.min_side)


def align_to_columns(layout: BlockLayout, frame: ZoneFrame, columns: Sequence[Rect],
                     needs: Sequence[RoomNeed]) -> BlockLayout:
    """Move room cuts onto inner columns that stand in rooms, where the sizes allow.

    See :func:`aligned` (which also gives the rooms' plan rectangles).
    """
    return aligned(layout, frame, columns, needs)[0]


def aligned(layout: BlockLayout, frame: ZoneFrame, columns: Sequence[Rect],
            needs: Sequence[RoomNeed]) -> tuple[BlockLayout, list[Rect]]:
    """Move room cuts onto inner columns that stand in rooms, where the sizes allow.

    Returns the layout and its rooms' plan rectangles (``frame.rect`` of each of
    ``layout.rooms``, in order).

    Columns standing free inside a room come first; a column against a room's wall also takes
    a cut when one fits, so that two rooms share it rather than one losing a corner. A cut is
    the edge two rooms of the same band (or of the end block) share; it moves to the
    column's centre line when both rooms keep their area range and minimum side. The layout is
    returned unchanged when there is nothing to move or no move fits.
    """
    by_need = {n.id: n for n in needs}
    rooms = list(layout.rooms)
    cells = [frame.rect(r) for r in rooms]
    for col, index in _columns_in_rooms(cells, columns, frame.bounds):
        u, v = _local(frame, col)
        room = rooms[index]
        best: tuple[float, int, LocalRect, LocalRect] | None = None
        # the cut moves to the column's centre line (LocalRect(id, u0, v0, u1, v1) is
        # dataclasses.replace of the one coordinate, without its field inspection)
        cut_u, cut_v = _snap(u), _snap(v)
        for j, other in enumerate(rooms):
            moved = None
            if (other.v0, other.v1) == (room.v0, room.v1) and other.u0 == room.u1:
                moved = (LocalRect(room.id, room.u0, room.v0, cut_u, room.v1),
                         LocalRect(other.id, cut_u, other.v0, other.u1, other.v1))
            elif (other.v0, other.v1) == (room.v0, room.v1) and other.u1 == room.u0:
                moved = (LocalRect(room.id, cut_u, room.v0, room.u1, room.v1),
                         LocalRect(other.id, other.u0, other.v0, cut_u, other.v1))
            elif (other.u0, other.u1) == (room.u0, room.u1) and other.v0 == room.v1:
                moved = (LocalRect(room.id, room.u0, room.v0, room.u1, cut_v),
                         LocalRect(other.id, other.u0, cut_v, other.u1, other.v1))
            elif (other.u0, other.u1) == (room.u0, room.u1) and other.v1 == room.v0:
                moved = (LocalRect(room.id, room.u0, cut_v, room.u1, room.v1),
                         LocalRect(other.id, other.u0, other.v0, other.u1, cut_v))
            if moved is None or not all(_fits(r, by_need[r.id]) for r in moved):
                continue
            shift = abs(moved[0].area - room.area)
            if best is None or shift < best[0]:
                best = (shift, j, *moved)
        if best is not None:
            _, j, rooms[index], rooms[j] = best
            cells = [frame.rect(r) for r in rooms]
    if rooms == list(layout.rooms):
        return layout, cells
    return dataclasses.replace(layout, rooms=tuple(rooms)), cells
