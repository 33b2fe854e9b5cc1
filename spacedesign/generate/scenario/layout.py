"""Block layouts of a rectangular renovation zone: a corridor spine, two bands and an end block.

The zone is described in a local frame: ``u`` runs along the spine from the entry edge
(``u = 0``) into the zone, ``v`` runs across it. The corridor occupies ``v in [vc, vc + cw]``,
``u in [0, ue]``; the *left* band lies below it, the *right* band above it (both
``u in [0, ue]``), and the *end block* ``u in [ue, U]`` spans the whole width when the spine
stops short. Each band is a slicing row: its rooms are cut one after the other along ``u``, all
as deep as the band. The end block is cut along ``v``. Sizes come in closed form from the area
ranges, the minimum sides and a random share of the slack (see :func:`slice_lengths`).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "GRID",
    "BlockLayout",
    "LocalRect",
    "RoomNeed",
    "corridor_parts",
    "every_room_has_a_way_in",
    "slice_lengths",
]

GRID = 0.01
"""Cut positions snap to this grid (m), so that drawings carry tidy dimensions."""


@dataclass(frozen=True)
class RoomNeed:
    """What one room instance needs: area range (m², to centrelines), minimum side (m).

    ``comfort_side`` is a side the room gets first when the strip has the slack (for instance
    room for a turning circle beside the consultation table).
    """

    id: str
    space: str
    area: tuple[float, float]
    min_side: float
    comfort_side: float = 0.0


@dataclass(frozen=True)
class LocalRect:
    """A rectangle in the local (u, v) frame of a zone."""

    id: str
    u0: float
    v0: float
    u1: float
    v1: float

    @property
    def area(self) -> float:
        """Area in m²."""
        return (self.u1 - self.u0) * (self.v1 - self.v0)

    @property
    def short_side(self) -> float:
        """The shorter side (m)."""
        return min(self.u1 - self.u0, self.v1 - self.v0)


@dataclass(frozen=True)
class BlockLayout:
    """Rooms and the corridor of one zone layout in the local frame.

    Attributes
    ----------
    corridor : LocalRect
        The spine, ``id`` is the corridor room id.
    rooms : tuple of LocalRect
        Every program room; ``id`` is the room id.
    bands : dict
        ``{"left": ids, "right": ids, "end": ids}`` in cutting order (for topology signatures).
    legs : tuple of LocalRect
        Further corridor rectangles (same id as ``corridor``): the cross leg of an L-shaped
        corridor (:func:`corridor_parts`).
    """

    corridor: LocalRect
    rooms: tuple[LocalRect, ...]
    bands: dict[str, tuple[str, ...]]
    legs: tuple[LocalRect, ...] = ()


def _snap(value: float) -> float:
    return round(round(value / GRID) * GRID, 6)


def slice_lengths(
    needs: Sequence[RoomNeed], total: float, depth: float, rng: random.Random
) -> list[float] | None:
    """Return the lengths of rooms cut one after another along a strip, or None if impossible.

    Every room is ``depth`` deep; room ``i`` gets a length ``l_i`` with
    ``lo_i <= l_i * depth <= hi_i`` and ``min(l_i, depth) >= min_side_i``, and ``sum(l_i) ==
    total``. The slack above the minimum lengths first brings rooms to their ``comfort_side``,
    the rest is shared in random proportions (water filling against the maximum lengths); then
    cuts are snapped to :data:`GRID` and re-checked.

    Parameters
    ----------
    needs : sequence of RoomNeed
        The rooms in cutting order.
    total : float
        Length of the strip (m).
    depth : float
        Depth of the strip (m).
    rng : random.Random
        Source of the slack shares (deterministic per seed).
    """
    if not needs or depth <= 0:
        return None
    lows: list[float] = []
    highs: list[float] = []
    for need in needs:
        if depth + 1e-9 < need.min_side:
            return None
        margin = GRID + 1e-6
        low = max(need.area[0] / depth + margin, need.min_side + GRID + 1e-6)
        high = need.area[1] / depth - margin
        if low > high:
            return None
        lows.append(low)
        highs.append(high)
    if sum(lows) > total + 1e-9 or sum(highs) < total - 1e-9:
        return None
    lengths = list(lows)
    comfort = [min(max(low, need.comfort_side + GRID), high)
               for need, low, high in zip(needs, lows, highs, strict=True)]
    wish = sum(c - low for c, low in zip(comfort, lows, strict=True))
    room_for = total - sum(lows)
    if wish > 0:
        share = min(1.0, room_for / wish)
        lengths = [low + share * (c - low) for c, low in zip(comfort, lows, strict=True)]
    slack = total - sum(lengths)
    weights = [0.25 + rng.random() for _ in needs]
    open_ids = set(range(len(needs)))
    while slack > 1e-9 and open_ids:
        share = sum(weights[i] for i in open_ids)
        capped = False
        for i in sorted(open_ids):
            room = highs[i] - lengths[i]
            want = slack * weights[i] / share
            if want >= room:
                lengths[i] = highs[i]
                open_ids.discard(i)
                capped = True
        if capped:
            slack = total - sum(lengths)
            continue
        for i in open_ids:
            lengths[i] += slack * weights[i] / share
        slack = 0.0
    cuts = [0.0]
    run = 0.0
    for length in lengths[:-1]:
        run += length
        cuts.append(_snap(run))
    cuts.append(total)
    snapped = [b - a for a, b in itertools.pairwise(cuts)]
    for need, length in zip(needs, snapped, strict=True):
        area = length * depth
        if not need.area[0] - 1e-9 <= area <= need.area[1] + 1e-9:
            return None
        if min(length, depth) + 1e-9 < need.min_side:
            return None
    return snapped


def _strip(
    needs: Sequence[RoomNeed], u0: float, u1: float, v0: float, v1: float, along_u: bool,
    rng: random.Random,
) -> list[LocalRect] | None:
    total = (u1 - u0) if along_u else (v1 - v0)
    depth = (v1 - v0) if along_u else (u1 - u0)
    lengths = slice_lengths(needs, total, depth, rng)
    if lengths is None:
        return None
    rects = []
    pos = u0 if along_u else v0
    for need, length in zip(needs, lengths, strict=True):
        end = round(pos + length, 6)
        if along_u:
            rects.append(LocalRect(need.id, pos, v0, end, v1))
        else:
            rects.append(LocalRect(need.id, u0, pos, u1, end))
        pos = end
    return rects


def corridor_parts(
    size: tuple[float, float], corridor_id: str, corridor_v: float, corridor_width: float,
    spine_end: float, turn: str | None = None,
) -> tuple[LocalRect, tuple[LocalRect, ...], dict[str, tuple[float, float]]]:
    """Return the spine, its cross leg (if any) and the ``u`` extent of each part.

    Returns ``(spine, legs, spans)``; ``spans`` maps ``left``, ``right`` and ``end`` to their
    ``(u0, u1)`` and ``end_v`` to the end block's ``(v0, v1)``.

    Without ``turn`` the spine runs ``u in [0, spine_end]``, both bands as far, and the end
    block spans the width. With ``turn`` (``"left"`` or ``"right"``) the corridor is L-shaped:
    the spine runs on to ``spine_end + corridor_width`` and a cross leg
    ``u in [spine_end, spine_end + width]`` turns to the ``turn`` side up to the zone edge; the
    band on that side stops at ``spine_end``, the other runs the zone's whole length, and the
    end block lies behind the leg and the spine's end only, so that each of its rooms faces the
    corridor.

    >>> spine, legs, spans = corridor_parts((14.0, 12.0), "c", 4.0, 2.0, 8.0, "right")
    >>> (spine.u1, legs[0].u0, legs[0].v0, legs[0].v1, spans["right"], spans["left"])
    (10.0, 8.0, 6.0, 12.0, (0.0, 8.0), (0.0, 14.0))
    >>> (spans["end"], spans["end_v"])
    ((10.0, 14.0), (4.0, 12.0))
    """
    length, width = size
    v_top = round(corridor_v + corridor_width, 6)
    if turn is None:
        spine = LocalRect(corridor_id, 0.0, corridor_v, spine_end, v_top)
        spans = {"left": (0.0, spine_end), "right": (0.0, spine_end), "end": (spine_end, length),
                 "end_v": (0.0, width)}
        return spine, (), spans
    corner = round(spine_end + corridor_width, 6)
    spine = LocalRect(corridor_id, 0.0, corridor_v, corner, v_top)
    v0, v1 = (v_top, width) if turn == "right" else (0.0, corridor_v)
    leg = LocalRect(corridor_id, spine_end, v0, corner, v1)
    short, long_ = (("right", "left") if turn == "right" else ("left", "right"))
    end_v = (corridor_v, width) if turn == "right" else (0.0, v_top)
    spans = {short: (0.0, spine_end), long_: (0.0, length), "end": (corner, length),
             "end_v": end_v}
    return spine, (leg,), spans


def build_block_layout(
    *,
    size: tuple[float, float],
    corridor_id: str,
    corridor_v: float,
    corridor_width: float,
    spine_end: float,
    left: Sequence[RoomNeed],
    right: Sequence[RoomNeed],
    end: Sequence[RoomNeed],
    rng: random.Random,
    turn: str | None = None,
    hub: tuple[RoomNeed, float] | None = None,
) -> BlockLayout | None:
    """Cut the zone into the corridor, the two bands and the end block; None if it cannot fit.

    Parameters
    ----------
    size : (U, V)
        Zone length along the spine and width across it (m).
    corridor_v, corridor_width : float
        Where the corridor starts across the zone and its centreline width (m).
    spine_end : float
        Where the corridor and the bands stop along ``u``; ``U`` for no end block.
    left, right, end : sequence of RoomNeed
        Rooms of each part, in cutting order.
    rng : random.Random
        Source of the slack shares.
    turn : {None, "left", "right"}
        Side the corridor turns to in front of the end block (an L-shaped corridor, see
        :func:`corridor_parts`); the end block is then required.
    hub : (RoomNeed, depth), optional
        A lounge that closes the spine as a row ``depth`` deep across the whole width
        (``u in [spine_end, spine_end + depth]``); the end block is then the row behind it,
        whose rooms open off the lounge (the lounge is their circulation).
    """
    length, width = size
    v_top = round(corridor_v + corridor_width, 6)
    if not left or not right or v_top > width:
        return None
    if (spine_end < length - 1e-9) != bool(end) or (turn is not None and not end):
        return None
    corridor, legs, spans = corridor_parts(size, corridor_id, corridor_v, corridor_width,
                                           spine_end, turn)
    parts: list[LocalRect] = []
    for name, needs, v0, v1 in (("left", left, 0.0, corridor_v), ("right", right, v_top, width)):
        rects = _strip(needs, *spans[name], v0, v1, True, rng)
        if rects is None:
            return None
        parts.extend(rects)
    end_from = spans["end"][0]
    if hub is not None:
        lounge, depth = hub
        end_from = round(end_from + depth, 6)
        row = LocalRect(lounge.id, spans["end"][0], 0.0, end_from, width)
        if (not lounge.area[0] - 1e-9 <= row.area <= lounge.area[1] + 1e-9
                or row.short_side + 1e-9 < lounge.min_side or end_from > length - 1e-9):
            return None
        parts.append(row)
    if end:
        rects = _strip(end, end_from, length, *spans["end_v"], False, rng)
        if rects is None:
            return None
        parts.extend(rects)
    bands = {"left": tuple(n.id for n in left), "right": tuple(n.id for n in right),
             "end": tuple(n.id for n in end)}
    if hub is not None:
        bands["hub"] = (hub[0].id,)
    return BlockLayout(corridor, tuple(parts), bands, legs)


def _contact(a: LocalRect, b: LocalRect) -> float:
    """Length (m) of the edge two local rectangles share (0 when they do not touch)."""
    if abs(a.u1 - b.u0) < 1e-6 or abs(a.u0 - b.u1) < 1e-6:
        return max(0.0, min(a.v1, b.v1) - max(a.v0, b.v0))
    if abs(a.v1 - b.v0) < 1e-6 or abs(a.v0 - b.v1) < 1e-6:
        return max(0.0, min(a.u1, b.u1) - max(a.u0, b.u0))
    return 0.0


def every_room_has_a_way_in(layout: BlockLayout, lounges: set[str], run: float) -> bool:
    """Whether every room shares ``run`` metres of wall with the corridor or a lounge.

    The cheap form of the door placement in :func:`~.build.assemble_level` (which also keeps
    door approaches clear of columns): a room cut off from both cannot be built.

    >>> spine = LocalRect("c", 0, 2, 10, 4)
    >>> a, b = LocalRect("a", 0, 0, 10, 2), LocalRect("b", 10, 0, 12, 6)
    >>> every_room_has_a_way_in(BlockLayout(spine, (a, b), {}), set(), 1.4)
    True
    >>> every_room_has_a_way_in(BlockLayout(spine, (a, b), {}), set(), 2.5)
    False
    """
    ways = [layout.corridor, *layout.legs, *(r for r in layout.rooms if r.id in lounges)]
    return all(any(_contact(room, way) >= run - 1e-9 for way in ways if way.id != room.id)
               for room in layout.rooms if room.id not in lounges)
