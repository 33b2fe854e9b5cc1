"""Deal a program's rooms to the parts of a spine-and-bands layout (bands and end block).

:func:`deal_rooms` decides which rooms go to the left band, the right band and the end block,
and in which order they are cut, so that their area ranges and minimum sides can fit the parts'
lengths; :func:`may_fit` is its cheap necessary test.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from spacedesign.generate.scenario.layout import GRID, RoomNeed
from spacedesign.generate.scenario.surroundings import is_reception
from spacedesign.model import Space

__all__ = ["ASSIGN_TRIES", "END_ROOMS", "deal_rooms", "may_fit", "shuffle"]

END_ROOMS = 4
"""Most rooms in the end block (the lounge and the rooms that open onto it)."""

ASSIGN_TRIES = 30
"""Ways of dealing the rooms to the bands tried for one corridor position."""

_PART_INDEX = {"left": 0, "right": 1, "end": 2}

MEMO_SIZE = 20_000
"""Entries a deal memo holds at most (it is emptied when full)."""

SLICE_MARGIN = GRID + 1e-6
"""Length (m) kept off each end of a room's length range, as :func:`~.layout.slice_lengths`
keeps it."""

Fit = tuple[RoomNeed, bool, list[tuple[str, float, float]]]


def deal_rooms(needs: Sequence[tuple[RoomNeed, Space, int]], rng: random.Random,
               depths: dict[str, float], spans: dict[str, float], lit: set[str],
               public: set[str], kids_part: str | None = None,
               end_rooms: int = END_ROOMS,
               keep_last: str | None = None,
               lounge_end: bool = True,
               memo: dict[Any, Any] | None = None) -> dict[str, list[RoomNeed]] | None:
    """Deal the rooms to the two bands and the end block so that their sizes can fit.

    Tries :data:`ASSIGN_TRIES` random deals; each room goes to a part where its length range
    is not empty, with a chance growing with the part's free length. A kids corner goes to the
    lounge's part when it can and is cut next to the lounge (:func:`_beside_lounge`).

    Parameters
    ----------
    needs : sequence
        ``(RoomNeed, Space, instance index)`` of every program room.
    rng : random.Random
        Source of the deal (deterministic per seed).
    depths, spans : dict
        Depth and length (m) of each part (``left``, ``right``, ``end``; depth 0: no part).
    lit, public : set of str
        Parts with a window; parts (or ``PART-start``) that face a public room.
    kids_part : str, optional
        Part a kids corner goes to when the lounge is not dealt (it lies beside that part).
        Without a lounge among ``needs`` the end block needs no lounge first.
    end_rooms : int
        Most rooms in the end block.
    keep_last : str, optional
        A use (``storage``) that goes to the end block when it can and is cut last there.
    lounge_end : bool
        Whether the lounge must be in the end block (and come first there) when there is one;
        ``False`` when the end block's rooms open onto a corridor (an L-shaped one).
    memo : dict, optional
        Where the rooms' possible parts and length ranges (pure in the arguments other than
        ``rng``) are kept between calls for the same rooms (the zone's memo).
    """
    has_end = depths["end"] > 0
    if memo is None:
        keyed = _flat(_fits(needs, depths, spans, lit, public, keep_last, lounge_end))
    else:
        key = ("deal", tuple(n.id for n, _, _ in needs), tuple(depths.items()),
               tuple(spans.items()), frozenset(lit), frozenset(public), keep_last, lounge_end)
        if key not in memo:
            if len(memo) > MEMO_SIZE:
                memo.clear()
            memo[key] = _flat(_fits(needs, depths, spans, lit, public, keep_last, lounge_end))
        keyed = memo[key]
    if keyed is None:
        return None
    end_needs_lounge = lounge_end and any(item[2] for item in keyed)  # a lounge is dealt
    random_ = rng.random
    getrandbits = rng.getrandbits
    # parts by index (0 left, 1 right, 2 end), as _fits gives them
    span_of = (spans["left"], spans["right"], spans.get("end", 0.0))
    span_left, span_right, span_end = span_of
    lounge_start = _PART_INDEX.get(kids_part) if kids_part is not None else None
    swaps = _SWAPS[len(keyed)] if len(keyed) < len(_SWAPS) else _swaps(len(keyed))
    by_key = itemgetter(0)
    for _ in range(ASSIGN_TRIES):
        order = list(keyed)
        # shuffle(order, getrandbits), spelled out (the same draws)
        for i, n, k in swaps:
            j = getrandbits(k)
            while j >= n:
                j = getrandbits(k)
            order[i], order[j] = order[j], order[i]
        order.sort(key=by_key)
        dealt: tuple[list[RoomNeed], ...] = ([], [], [])
        lows = [0.0, 0.0, 0.0]
        # each part's length left, span - lows (the same float operations as before)
        left = [span_left, span_right, span_end]
        highs = [0.0, 0.0, 0.0]
        failed = False
        lounge_part = lounge_start
        n_end = 0
        for _key, need, is_lounge, options, is_kids, is_kept, two, p0, low0, high0, p1, low1, \
                high1 in order:
            # the end block takes no room once full, nor any before the lounge it needs
            shut = n_end >= end_rooms or (end_needs_lounge and not is_lounge and not n_end)
            if two:
                # the pick below for the usual two options (distinct parts), without its lists
                free0, free1 = left[p0] - low0, left[p1] - low1
                ok0 = free0 >= -1e-9 and not (shut and p0 == 2)
                ok1 = free1 >= -1e-9 and not (shut and p1 == 2)
                if ok0 and ok1 and is_kids and (p0 == lounge_part) != (p1 == lounge_part):
                    ok0, ok1 = p0 == lounge_part, p1 == lounge_part
                if ok0 and ok1 and is_kept and (p0 == 2) != (p1 == 2):
                    ok0, ok1 = p0 == 2, p1 == 2
                if ok0 and ok1:
                    # total = 0.0 + w0 + w1; the first when pick - w0 <= 0, else the second
                    w0 = 0.5 + free0
                    if random_() * (w0 + (0.5 + free1)) - w0 <= 0:
                        part, low, high = p0, low0, high0
                    else:
                        part, low, high = p1, low1, high1
                elif ok0 or ok1:
                    random_()  # drawn all the same: the pick has one outcome
                    if ok0:
                        part, low, high = p0, low0, high0
                    else:
                        part, low, high = p1, low1, high1
                else:
                    failed = True
                    break
            else:
                choices = []
                for option in options:
                    part = option[0]
                    if part == 2 and shut:
                        continue
                    free = left[part] - option[1]
                    if free >= -1e-9:
                        choices.append((option, 0.5 + free))
                if len(choices) > 1:
                    if is_kids:
                        only = [c for c in choices if c[0][0] == lounge_part]
                        if only:
                            choices = only
                    if is_kept:
                        only = [c for c in choices if c[0][0] == 2]
                        if only:
                            choices = only
                if not choices:
                    failed = True
                    break
                if len(choices) == 1:
                    random_()  # drawn all the same: the pick has one outcome
                    chosen = choices[0][0]
                else:
                    total = 0.0
                    for c in choices:
                        total += c[1]
                    pick = random_() * total
                    chosen = choices[-1][0]
                    for option, weight in choices:
                        pick -= weight
                        if pick <= 0:
                            chosen = option
                            break
                part, low, high = chosen
            if is_lounge:
                lounge_part = part
            dealt[part].append(need)
            lows[part] += low
            left[part] = span_of[part] - lows[part]
            highs[part] += high
            if part == 2:
                n_end += 1
        if (failed or not dealt[0] or not dealt[1] or highs[0] < span_left
                or highs[1] < span_right):
            continue
        if has_end and highs[2] < span_end:
            continue
        parts = {"left": dealt[0], "right": dealt[1], "end": dealt[2]}
        space_of = {need.id: space for need, space, _ in needs}
        for name, members in parts.items():
            shuffle(members, getrandbits)  # as rng.shuffle(members) draws
            _beside_lounge(members, space_of, rng)
            if keep_last and name == "end":
                members.sort(key=lambda n: space_of[n.id].use == keep_last)
            if name in public or f"{name}-start" not in public:
                continue
            # the band meets a public room only at its start: the reception goes first there
            members.sort(key=lambda n: not is_reception(space_of[n.id]))
        return parts
    return None


def shuffle(items: list[Any], getrandbits: Callable[[int], int]) -> None:
    """Shuffle ``items`` in place exactly as ``random.Random.shuffle`` does.

    It draws from the generator's ``getrandbits`` as CPython's shuffle does (through
    ``_randbelow_with_getrandbits``): the same draws, without the per-swap method calls.

    >>> a, b = list(range(9)), list(range(9))
    >>> random.Random(3).shuffle(a); shuffle(b, random.Random(3).getrandbits)
    >>> a == b
    True
    """
    for i, n, k in _swaps(len(items)):
        j = getrandbits(k)
        while j >= n:
            j = getrandbits(k)
        items[i], items[j] = items[j], items[i]


def _swaps(size: int) -> tuple[tuple[int, int, int], ...]:
    """Return the steps of shuffling ``size`` items: ``(i, n, bits)``, swap ``i`` with ``< n``."""
    return tuple((i, i + 1, (i + 1).bit_length()) for i in range(size - 1, 0, -1))


_SWAPS = tuple(_swaps(size) for size in range(24))


def _fits(needs: Sequence[tuple[RoomNeed, Space, int]], depths: dict[str, float],
          spans: dict[str, float], lit: set[str], public: set[str], keep_last: str | None,
          lounge_end: bool) -> list[tuple[Any, ...]] | None:
    """Each room's parts and length range there, as :func:`deal_rooms` deals them, or None.

    Pure: per room ``(sort key, need, is lounge, options, is kids, is kept last)`` (a deal's
    order is a shuffle then a stable sort by the key: lounge, then most constrained; a room
    has at most three options, so the key is ``4 * (not lounge) + options``); None
    when a room fits no part or :func:`may_fit` rules the deal out.
    """
    has_end = depths["end"] > 0
    fits: list[Fit] = []
    space_of = {need.id: space for need, space, _ in needs}
    for need, space, _ in needs:
        is_lounge = space.use == "lounge"
        options = []
        for part, depth in depths.items():
            if depth <= 0 or depth < need.min_side or (space.daylight and part not in lit):
                continue
            if is_reception(space) and part not in public and f"{part}-start" not in public:
                continue
            if is_lounge and has_end and lounge_end and part != "end":
                continue
            # the margins slice_lengths keeps (cuts snap to GRID), so that a deal slices
            low = max(need.area[0] / depth, need.min_side) + SLICE_MARGIN
            high = need.area[1] / depth - SLICE_MARGIN
            if low <= high:
                options.append((part, low, high))
        if not options:
            return None
        fits.append((need, is_lounge, options))
    if not may_fit(fits, spans, ("left", "right", "end") if has_end else ("left", "right")):
        return None
    return [((0 if is_lounge else 4) + len(options), need, is_lounge,
             [(_PART_INDEX[part], low, high) for part, low, high in options],
             space_of[need.id].use == "kids",
             bool(keep_last) and space_of[need.id].use == keep_last)
            for need, is_lounge, options in fits]


def _flat(keyed: list[tuple[Any, ...]] | None) -> list[tuple[Any, ...]] | None:
    """:func:`_fits`'s rooms with their two options spelled out (the deal's usual case).

    Each ``(key, need, is lounge, options, is kids, is kept)`` gets ``two`` (exactly two
    options) and the two options' ``part, low, high`` (zeros when not ``two``), so that the
    deal reads them without indexing.
    """
    if keyed is None:
        return None
    flat = []
    for item in keyed:
        options = item[3]
        if len(options) == 2:
            (p0, low0, high0), (p1, low1, high1) = options
            flat.append((*item, True, p0, low0, high0, p1, low1, high1))
        else:
            flat.append((*item, False, 0, 0.0, 0.0, 0, 0.0, 0.0))
    return flat


def _beside_lounge(members: list[RoomNeed], space_of: dict[str, Space],
                   rng: random.Random) -> None:
    """Move each kids corner of a part next to the part's lounge (either side), in place.

    >>> from spacedesign.model import Space
    >>> uses = {"a": "store", "k": "kids", "l": "lounge", "b": "meeting"}
    >>> space_of = {i: Space(id=i, use=u, area=(1, 2)) for i, u in uses.items()}
    >>> members = [RoomNeed(i, i, (1, 2), 1.0) for i in "klab"]
    >>> _beside_lounge(members, space_of, random.Random(0))
    >>> order = [m.id for m in members]
    >>> abs(order.index("k") - order.index("l"))
    1
    """
    lounge = next((m for m in members if space_of[m.id].use == "lounge"), None)
    if lounge is None:
        return
    for kid in [m for m in members if space_of[m.id].use == "kids"]:
        members.remove(kid)
        at = members.index(lounge) + rng.randrange(2)
        members.insert(at, kid)


def may_fit(fits: Sequence[Fit], spans: dict[str, float],
            needed: Sequence[str] = ()) -> bool:
    """Cheap necessary test: the rooms' shortest lengths fit the parts they can go to.

    Rooms with one possible part must fit it together; all rooms must fit the parts in total;
    the parts ``needed`` (which a deal must fill) can be filled by their rooms' longest lengths.
    """
    forced: dict[str, float] = {}
    least = 0.0
    for _, _, options in fits:
        least += min(low for _, low, _ in options)
        if len(options) == 1:
            part, low, _ = options[0]
            forced[part] = forced.get(part, 0.0) + low
    usable = {part for _, _, options in fits for part, _, _ in options}
    if not (least <= sum(spans[p] for p in usable) + 1e-9
            and all(total <= spans[p] + 1e-9 for p, total in forced.items())):
        return False
    # every part that must be filled can be: the longest lengths of the rooms that may go there
    # reach its length, and the rooms' longest lengths reach all of them together
    must = [p for p in needed if spans.get(p, 0.0) > 0]
    most = sum(max(high for _, _, high in options) for _, _, options in fits)
    return (all(sum(high for _, _, options in fits for part, _, high in options if part == p)
                >= spans[p] - 1e-9 for p in must)
            and most >= sum(spans[p] for p in must) - 1e-9)
