"""The generator's arithmetic fast paths give exactly what the shapely forms they replace give.

Each fast path (box arithmetic for door approaches, window overlaps, the nearest-first door
positions, the spelled-out shuffle, the memoised room deal) is compared with the plain form on
random inputs, including ones that sit exactly on shared coordinates (where a floating-point
slip would show).
"""

from __future__ import annotations

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, box

from spacedesign.generate.scenario.assign import ASSIGN_TRIES, _fits, deal_rooms, shuffle
from spacedesign.generate.scenario.frame import ZoneFrame, overlap_length
from spacedesign.generate.scenario.layout import LocalRect, RoomNeed
from spacedesign.generate.scenario.placing import (
    APPROACH_DEPTH,
    END_MARGIN,
    nearest_first,
    place_on_segment,
)
from spacedesign.generate.scenario.scoring import daylit
from spacedesign.model import Space

# coordinates on a 0.25 m grid, so that rectangles, spans and segments often share lines
coord = st.integers(0, 40).map(lambda i: i * 0.25)


@st.composite
def rects(draw):
    x0, x1 = sorted(draw(st.lists(coord, min_size=2, max_size=2, unique=True)))
    y0, y1 = sorted(draw(st.lists(coord, min_size=2, max_size=2, unique=True)))
    return (x0, y0, x1, y1)


@st.composite
def spans(draw):
    kind = draw(st.sampled_from(["h", "v", "diagonal", "bent"]))
    a, b, c = draw(coord), draw(coord), draw(coord)
    if kind == "h":
        return LineString([(a, c), (b + 0.1, c)])
    if kind == "v":
        return LineString([(c, a), (c, b + 0.1)])
    if kind == "diagonal":
        return LineString([(a, c), (b + 0.1, c + 1.0)])
    return LineString([(a, c), (b + 0.1, c), (b + 0.1, c + 2.0)])


@settings(max_examples=300, deadline=None)
@given(rects(), st.lists(spans(), max_size=6), st.sampled_from([0.0, 0.6]))
def test_daylit_matches_shapely(rect, lines, minimum):
    ring = box(*rect).exterior
    length = sum(ring.intersection(span).length for span in lines)
    assert daylit(rect, lines, minimum) == (length if length >= minimum else 0.0)


@settings(max_examples=300, deadline=None)
@given(coord, coord, coord, st.booleans(), spans())
def test_overlap_length_matches_shapely(a, b, c, vertical, span):
    p, q = ((c, a), (c, b)) if vertical else ((a, c), (b, c))
    assert overlap_length(p, q, span) == LineString([p, q]).intersection(span).length


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-50, 50), min_size=1, max_size=30, unique=True),
       st.integers(-60, 60))
def test_nearest_first_is_the_sorted_order(raw, want):
    positions = sorted(i * 0.05 for i in raw)
    target = want * 0.025
    assert list(nearest_first(positions, target)) == sorted(
        positions, key=lambda p: (abs(p - target), p))


def _reference_place(seg, width, obstacles, taken, target):
    """place_on_segment as it was written with shapely (the behaviour to keep)."""
    (x0, y0), (x1, y1) = seg
    vertical = x0 == x1
    lo, hi = (y0, y1) if vertical else (x0, x1)
    first, last = lo + width / 2 + END_MARGIN, hi - width / 2 - END_MARGIN
    if first > last + 1e-9:
        return None
    steps = max(0, int((last - first) / 0.05 + 1e-9))
    positions = [round(first + i * 0.05, 6) for i in range(steps + 1)]
    want = lo + target * (hi - lo)
    positions.sort(key=lambda p: (abs(p - want), p))
    line = x0 if vertical else y0
    half = width / 2 + 0.05
    for pos in positions:
        zone = (box(x0 - APPROACH_DEPTH, pos - half, x0 + APPROACH_DEPTH, pos + half)
                if vertical else box(pos - half, y0 - APPROACH_DEPTH, pos + half,
                                     y0 + APPROACH_DEPTH))
        if any(zone.intersects(o) and zone.intersection(o).area > 1e-6 for o in obstacles):
            continue
        if any((o[0][0] == o[1][0]) == vertical
               and (o[0][0] if vertical else o[0][1]) == line
               and abs(opos - pos) < (ow + width) / 2 + 0.3 for o, opos, ow in taken):
            continue
        taken.append((seg, pos, width))
        return (line, pos) if vertical else (pos, line)
    return None


@settings(max_examples=300, deadline=None)
@given(coord, coord, coord, st.booleans(), st.sampled_from([0.9, 1.8, 2.4]),
       st.sampled_from([0.0, 0.15, 0.5, 0.85, 1.0]),
       st.lists(st.one_of(rects().map(lambda r: box(*r)),
                          st.tuples(coord, coord).map(lambda c: Point(c).buffer(0.3))),
                max_size=5))
def test_place_on_segment_matches_shapely(a, b, c, vertical, width, target, obstacles):
    lo, hi = sorted((a, b + 2.0))
    seg = ((c, lo), (c, hi)) if vertical else ((lo, c), (hi, c))
    taken_fast, taken_ref = [], []
    for obs in (tuple(obstacles), list(obstacles)):
        assert (place_on_segment(seg, width, obs, taken_fast, target)
                == _reference_place(seg, width, obs, taken_ref, target))
        assert taken_fast == taken_ref


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 12), st.integers(0, 10_000))
def test_shuffle_draws_as_random_shuffle(n, seed):
    a, b = list(range(n)), list(range(n))
    rng_a, rng_b = random.Random(seed), random.Random(seed)
    rng_a.shuffle(a)
    shuffle(b, rng_b.getrandbits)
    assert a == b
    assert rng_a.random() == rng_b.random()  # the same draws were used


def test_memoised_deal_is_the_same_deal():
    spaces = [Space(id="lounge", use="lounge", area=(30, 60)),
              Space(id="kids", use="kids", area=(8, 14)),
              Space(id="meet", use="meeting", area=(10, 20)),
              Space(id="store", use="storage", area=(3, 8)),
              Space(id="office", use="office", area=(12, 24)),
              Space(id="office2", use="office", area=(12, 24)),
              Space(id="desk", use="coworking", area=(12, 24))]
    needs = [(RoomNeed(s.id, s.id, s.area, 1.8), s, 0) for s in spaces]
    depths = {"left": 4.0, "right": 5.0, "end": 5.0}
    spans_ = {"left": 6.0, "right": 6.0, "end": 10.0}
    memo: dict = {}
    dealt = 0
    for seed in range(60):
        plain_rng, memo_rng = random.Random(seed), random.Random(seed)
        plain = deal_rooms(needs, plain_rng, depths, spans_, {"left", "end"}, set())
        for _ in range(2):  # a miss, then a hit
            again = random.Random(seed)
            assert deal_rooms(needs, again, depths, spans_, {"left", "end"}, set(),
                              memo=memo) == plain
        deal_rooms(needs, memo_rng, depths, spans_, {"left", "end"}, set(), memo=memo)
        assert plain_rng.random() == memo_rng.random()
        dealt += plain is not None
    assert dealt > 0 and memo


def _reference_deal(needs, rng, depths, spans_, lit, public, end_rooms, kids_part=None,
                    keep_last=None):
    """The deal's tries as first written (before the loop was spelled out): the draws to keep.

    Returns the dealt ids per part index of the first try that fits, or None.
    """
    keyed = _fits(needs, depths, spans_, lit, public, keep_last, True)
    if keyed is None:
        return None
    end_needs_lounge = any(space.use == "lounge" for _, space, _ in needs)
    span_of = (spans_["left"], spans_["right"], spans_.get("end", 0.0))
    for _ in range(ASSIGN_TRIES):
        order = list(keyed)
        rng.shuffle(order)
        order.sort(key=lambda item: item[0])
        dealt, lows, highs = ([], [], []), [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
        failed = False
        lounge_part = {"left": 0, "right": 1, "end": 2}.get(kids_part)
        for _key, need, is_lounge, options, is_kids, is_kept in order:
            end_open = len(dealt[2]) < end_rooms and not (
                end_needs_lounge and not is_lounge and not dealt[2])
            choices = [(part, low, high, 0.5 + (span_of[part] - lows[part] - low))
                       for part, low, high in options
                       if (part != 2 or end_open) and span_of[part] - lows[part] - low >= -1e-9]
            # a kids corner goes to the lounge's part, a kept room to the end, when they can
            if len(choices) > 1 and is_kids:
                choices = [c for c in choices if c[0] == lounge_part] or choices
            if len(choices) > 1 and is_kept:
                choices = [c for c in choices if c[0] == 2] or choices
            if not choices:
                failed = True
                break
            pick = rng.random() * sum(c[3] for c in choices)
            chosen = choices[-1]
            for choice in choices:
                pick -= choice[3]
                if pick <= 0:
                    chosen = choice
                    break
            if is_lounge:
                lounge_part = chosen[0]
            dealt[chosen[0]].append(need.id)
            lows[chosen[0]] += chosen[1]
            highs[chosen[0]] += chosen[2]
        if failed or any(not dealt[p] or highs[p] < span_of[p] for p in (0, 1)):
            continue
        if depths["end"] > 0 and highs[2] < span_of[2]:
            continue
        return dealt
    return None


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.integers(1, 12), min_size=3, max_size=9),
       st.sampled_from([0.0, 4.0, 5.0]), st.integers(4, 14), st.integers(1, 4))
def test_spelled_out_deal_draws_as_the_plain_one(seed, sizes, end_depth, length, end_rooms):
    """Same parts, same order of tries and the same draws as the plain loop (no kids corner or
    kept room here: those only narrow the choices, as the memoised-deal test covers)."""
    spaces = [Space(id="lounge", use="lounge", area=(20, 40))]
    spaces += [Space(id=f"r{i}", use="office", area=(s * 1.5, s * 3.0))
               for i, s in enumerate(sizes)]
    needs = [(RoomNeed(s.id, s.id, s.area, 1.8), s, 0) for s in spaces]
    depths = {"left": 4.0, "right": 5.0, "end": end_depth}
    spans_ = {"left": float(length), "right": float(length) + 1.5, "end": 10.0}
    plain_rng, fast_rng = random.Random(seed), random.Random(seed)
    plain = _reference_deal(needs, plain_rng, depths, spans_, {"left", "end"}, set(), end_rooms)
    fast = deal_rooms(needs, fast_rng, depths, spans_, {"left", "end"}, set(),
                      end_rooms=end_rooms)
    if plain is None:
        assert fast is None
        assert plain_rng.random() == fast_rng.random()
    else:
        # the fast deal goes on to order each part (more draws): compare the parts' members
        assert fast is not None
        assert [sorted(n.id for n in fast[p]) for p in ("left", "right", "end")] == [
            sorted(ids) for ids in plain]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.integers(1, 12), min_size=2, max_size=8),
       st.sampled_from([0.0, 4.0, 5.0]), st.integers(4, 14), st.integers(1, 4),
       st.sampled_from([None, "left", "right"]), st.booleans())
def test_deal_with_kids_corner_and_kept_room_draws_as_the_plain_one(
        seed, sizes, end_depth, length, end_rooms, kids_part, keep):
    """The two-option pick (kids corner beside the lounge, a kept store at the end) draws as
    the plain loop: same parts, same draws."""
    spaces = [Space(id="lounge", use="lounge", area=(20, 40)),
              Space(id="kids", use="kids", area=(6, 14)),
              Space(id="store", use="storage", area=(3, 9))]
    spaces += [Space(id=f"r{i}", use="office", area=(s * 1.5, s * 3.0))
               for i, s in enumerate(sizes)]
    needs = [(RoomNeed(s.id, s.id, s.area, 1.8), s, 0) for s in spaces]
    depths = {"left": 4.0, "right": 5.0, "end": end_depth}
    spans_ = {"left": float(length), "right": float(length) + 1.5, "end": 10.0}
    keep_last = "storage" if keep else None
    plain_rng, fast_rng = random.Random(seed), random.Random(seed)
    plain = _reference_deal(needs, plain_rng, depths, spans_, {"left", "end"}, set(), end_rooms,
                            kids_part, keep_last)
    fast = deal_rooms(needs, fast_rng, depths, spans_, {"left", "end"}, set(), kids_part,
                      end_rooms=end_rooms, keep_last=keep_last)
    if plain is None:
        assert fast is None
        assert plain_rng.random() == fast_rng.random()
    else:
        assert fast is not None
        assert [sorted(n.id for n in fast[p]) for p in ("left", "right", "end")] == [
            sorted(ids) for ids in plain]


def test_frame_rect_maps_both_corners():
    local = LocalRect("r", 1.25, 0.5, 4.0, 3.75)
    for edge in ("west", "east", "south", "north"):
        frame = ZoneFrame((2.0, 3.0, 14.0, 11.0), edge)
        a, b = frame.point(local.u0, local.v0), frame.point(local.u1, local.v1)
        assert frame.rect(local) == (min(a[0], b[0]), min(a[1], b[1]),
                                     max(a[0], b[0]), max(a[1], b[1]))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["west", "north", "east", "south"]), st.integers(180, 900),
       st.integers(0, 600), st.integers(0, 400), st.booleans())
def test_windowed_parts_with_the_zone_memo_as_without(edge, vc, spine_end, end_v0, turned):
    """Warm (each side segment kept in the memo) gives what cold does, on the Nakano zone."""
    from spacedesign.generate.scenario.draw import prepare
    from spacedesign.generate.scenario.surroundings import windowed_parts
    from tests.scenegen.conftest import nakano

    prep = prepare(*nakano())
    frame = ZoneFrame(prep.bounds, edge)
    length, width = frame.size
    vc_m, cw = min(vc / 100, width - 2.0), 2.0
    end_at = max(0.0, length - spine_end / 100)
    extents = {"left": (0.0, end_at), "right": (0.0, length if turned else end_at),
               "end": (end_at, length),
               "end_v": (vc_m if turned else 0.0, width) if end_v0 % 2 else (0.0, width)}
    cold = windowed_parts(prep.bounds, prep.spans, prep.fronts, frame, vc_m, cw, extents)
    memo: dict = {}
    for _ in range(2):  # misses, then hits
        assert windowed_parts(prep.bounds, prep.spans, prep.fronts, frame, vc_m, cw, extents,
                              memo) == cold
    assert memo


@settings(max_examples=300, deadline=None)
@given(coord, coord, coord, st.booleans(),
       st.lists(st.tuples(coord, coord, coord, st.booleans()), max_size=3))
def test_free_part_memoised_as_computed(a, b, c, vertical, raw_walls):
    """What a partition keeps beside fixed walls: a miss, then a hit, give the computed part."""
    from spacedesign.generate.scenario.walls import _free_part, free_part

    lo, hi = sorted((a, b + 0.5))
    seg = ((c, lo), (c, hi)) if vertical else ((lo, c), (hi, c))
    near = tuple(((p, r), (p, q + 0.25)) if up else ((r, p), (q + 0.25, p))
                 for p, q, r, up in raw_walls if q + 0.25 != r)
    cold = _free_part.__wrapped__(seg, near)
    for _ in range(2):
        assert free_part(seg, near) == cold


def test_free_part_keeps_the_sign_of_a_zero():
    """0.0 and -0.0 are one key, but the part cut from a -0.0 segment keeps the sign."""
    from spacedesign.generate.scenario.walls import _free_part, free_part

    def seg(zero):
        return ((zero, 1.0), (zero, 5.0))

    wall = (((0.0, 3.0), (0.0, 8.0)),)
    assert free_part(seg(0.0), wall) == ((0.0, 1.0), (0.0, 3.0))
    cut = free_part(seg(-0.0), wall)
    assert cut == _free_part.__wrapped__(seg(-0.0), wall)
    assert math.copysign(1.0, cut[0][0]) == -1.0


def _reference_clear(columns, frame, vc, cw, spine_end, rng, turn):
    """clear_of_columns as first written (generator tests on local column rectangles)."""
    from spacedesign.generate.scenario.columns import (
        CORRIDOR_SHIFTS,
        FLUSH_SHARE,
        PUBLIC_MIN_SIDE,
        _flush_positions,
        local_columns,
    )
    from spacedesign.generate.scenario.layout import corridor_parts

    tol = 1e-6
    flush = sorted((v for v in _flush_positions(columns, frame, cw)
                    if abs(v - vc) <= CORRIDOR_SHIFTS[-1] + 1e-9), key=lambda v: abs(v - vc))
    if rng.random() >= FLUSH_SHARE:
        flush = []
    spine, legs, _ = corridor_parts(frame.size, "c", 0.0, cw, spine_end, turn)
    local = local_columns(columns, frame)
    along = [c for c in local if c.u0 < spine.u1 - tol and spine.u0 < c.u1 - tol]
    beside = [c for c in local for leg in legs if c.u0 < leg.u1 - tol and leg.u0 < c.u1 - tol]
    width = frame.size[1]
    for v in [*flush, *(round(vc + shift, 6) for shift in CORRIDOR_SHIFTS)]:
        if v < PUBLIC_MIN_SIDE or v + cw > width - PUBLIC_MIN_SIDE:
            continue
        top = round(v + cw, 6)
        if any(c.v0 < top - tol and v < c.v1 - tol for c in along):
            continue
        lo, hi = (top, width) if turn == "right" else (0.0, v)
        if any(c.v0 < hi - tol and lo < c.v1 - tol for c in beside):
            continue
        return v
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 114), st.integers(0, 134)), max_size=6),
       st.sampled_from(["west", "north", "east", "south"]), st.integers(180, 1000),
       st.integers(300, 1200), st.sampled_from([None, "left", "right"]), st.integers(0, 99))
def test_clear_of_columns_spelled_out_as_written(spots, edge, vc, spine_end, turn, seed):
    from spacedesign.generate.scenario.columns import clear_of_columns

    columns = tuple((x / 10, y / 10, x / 10 + 0.6, y / 10 + 0.6) for x, y in spots)
    frame = ZoneFrame((0.0, 0.0, 12.0, 14.0), edge)
    fast_rng, plain_rng = random.Random(seed), random.Random(seed)
    args = (columns, frame, vc / 100, 1.92, spine_end / 100)
    assert (clear_of_columns(*args, fast_rng, turn)
            == _reference_clear(*args, plain_rng, turn))
    assert fast_rng.random() == plain_rng.random()
