"""Furnishing styles: the modules each style repeats, and which styles suit which room use.

Each builder returns module variants (e.g. a 1.8 m and a 1.2 m seminar table); the placer keeps
the variant that seats the most people. Dimensions come from :class:`Clearances` and the
catalogue (standards.md §13).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from spacedesign.capacity.catalogue import CATALOGUE, Clearances
from spacedesign.capacity.layout import Module, Part
from spacedesign.errors import InputError

__all__ = [
    "DEFAULT_STYLE",
    "STYLES",
    "STYLES_BY_USE",
    "STYLE_LABELS",
    "WHEELCHAIR_STYLES",
    "style_modules",
]

STYLES = (
    "theatre", "classroom", "boardroom", "u_shape", "banquet", "consultation", "lounge",
    "coworking",
)
"""Style keys of the ``capacity --json`` contract (DESIGN.md §6)."""

STYLE_LABELS: dict[str, tuple[str, str]] = {
    "theatre": ("シアター形式", "Theatre"),
    "classroom": ("スクール形式", "Classroom"),
    "boardroom": ("ロの字・会議形式", "Boardroom"),
    "u_shape": ("コの字形式", "U-shape"),
    "banquet": ("島型（丸テーブル）", "Banquet / cafe rounds"),
    "consultation": ("相談テーブル", "Consultation"),
    "lounge": ("ラウンジ", "Lounge clusters"),
    "coworking": ("コワーキング", "Coworking desks"),
}

STYLES_BY_USE: dict[str, tuple[str, ...]] = {
    "meeting": ("theatre", "classroom", "boardroom", "u_shape", "banquet"),
    "seminar": ("theatre", "classroom", "boardroom", "u_shape", "banquet"),
    "lounge": ("lounge", "banquet"),
    "coworking": ("coworking",),
    "consultation": ("consultation",),
}
"""Room uses that get furnished, and the styles that apply to each."""

DEFAULT_STYLE: dict[str, str] = {
    "meeting": "boardroom",
    "seminar": "theatre",
    "lounge": "lounge",
    "coworking": "coworking",
    "consultation": "consultation",
}
"""The style ``furnish_plan`` uses when none is asked for."""

WHEELCHAIR_STYLES = frozenset(
    {"theatre", "classroom", "boardroom", "u_shape", "banquet", "coworking"}
)
"""Styles that must offer wheelchair places per SEATING-WHEELCHAIR; a consultation table needs
one place for a wheelchair user (the program's "some usable by wheelchair users")."""

_CHAIR = CATALOGUE["chair"]


def _chair(cx: float, cy: float, facing: str, gap: float | None) -> Part:
    h = _CHAIR.width / 2.0
    return Part("chair", "chair", (cx - h, cy - h, cx + h, cy + h), seats=1,
                height=_CHAIR.height, facing=facing, table_gap=gap)


def _row_of_chairs(x0: float, length: float, pitch: float, y: float, facing: str,
                   gap: float) -> list[Part]:
    """Chairs centred along ``[x0, x0 + length]`` at ``pitch``; ``y`` is the chair centre."""
    n = math.floor(length / pitch + 1e-9)
    start = x0 + (length - n * pitch) / 2.0 + pitch / 2.0
    return [_chair(start + i * pitch, y, facing, gap) for i in range(n)]


def _column_of_chairs(y0: float, length: float, pitch: float, x: float, facing: str,
                      gap: float) -> list[Part]:
    n = math.floor(length / pitch + 1e-9)
    start = y0 + (length - n * pitch) / 2.0 + pitch / 2.0
    return [_chair(x, start + i * pitch, facing, gap) for i in range(n)]


def _table(key: str, rect: tuple[float, float, float, float], *, round_: bool = False) -> Part:
    item = CATALOGUE[key]
    return Part(key, item.kind, rect, height=item.height, round=round_)


def theatre(c: Clearances) -> tuple[Module, ...]:
    """Build rows of chairs facing the front, aisles every 10 or 20 seats (§11)."""
    d = _CHAIR.depth
    gap = c.theatre_row_pitch - d
    side = (c.theatre_seat_pitch - min(_CHAIR.width, c.theatre_seat_pitch)) / 2.0
    chair = Part("chair", "chair", (side, 0.0, c.theatre_seat_pitch - side, d), seats=1,
                 height=_CHAIR.height, facing="-y")
    return tuple(
        Module(f"theatre-{block}", (chair,), envelope=(0.0, -gap, c.theatre_seat_pitch, d),
               access=(0.0, -gap, c.theatre_seat_pitch, 0.0),
               pitch=(c.theatre_seat_pitch, c.theatre_row_pitch), block=block, aisle=c.aisle,
               max_run=c.max_row_seats, max_run_one_side=c.max_row_seats_one_aisle,
               front_zone=c.front_zone, rear_zone=c.rear_zone, side_margin=c.wall_walkway)
        for block in sorted({c.theatre_block, c.max_row_seats_one_aisle})
    )


def classroom(c: Clearances) -> tuple[Module, ...]:
    """Build seminar tables in rows facing the front, chairs behind (§13 [P3]).

    Rows keep the ≈ 80 cm walkway at both side walls and 80 cm lateral aisles between blocks
    (§13 [P3] school layout).
    """
    out = []
    for key, block in (("school_table_1800", 2), ("school_table_1200", 3)):
        table = CATALOGUE[key]
        depth = table.depth + c.school_chair_zone
        chairs = _row_of_chairs(0.0, table.width, c.school_place_width,
                                table.depth + c.chair_gap + _CHAIR.depth / 2.0, "-y", c.chair_gap)
        out.append(Module(
            f"classroom-{key}", (_table(key, (0.0, 0.0, table.width, table.depth)), *chairs),
            envelope=(0.0, 0.0, table.width, depth), access=(0.0, table.depth, table.width, depth),
            pitch=(table.width, depth), block=block, aisle=c.school_aisle, max_run=2 * block,
            max_run_one_side=block, front_zone=c.school_front_aisle, rear_zone=c.rear_zone,
            side_margin=c.wall_walkway, both_walkways=True,
        ))
    return tuple(out)


def boardroom(c: Clearances) -> tuple[Module, ...]:
    """Build one conference table of 0.6 m modules, chairs all round, or a hollow square (§13)."""
    out = []
    w_chair = c.chair_gap + _CHAIR.depth / 2.0
    for n in range(2, 17):
        length = 0.6 * n
        width = 0.9 if length <= 2.4 else 1.2
        parts = [_table("meeting_table", (0.0, 0.0, length, width))]
        parts += _row_of_chairs(0.0, length, c.place_width, -w_chair, "+y", c.chair_gap)
        parts += _row_of_chairs(0.0, length, c.place_width, width + w_chair, "-y", c.chair_gap)
        parts += [_chair(-w_chair, width / 2.0, "+x", c.chair_gap),
                  _chair(length + w_chair, width / 2.0, "-x", c.chair_gap)]
        m = c.consult_table_to_wall if length <= 2.4 else c.table_to_wall
        env = (-m, -m, length + m, width + m)
        out.append(Module(f"boardroom-{length:.1f}", tuple(parts), envelope=env, access=env,
                          single=True, symmetric=True))
    return (*out, *_hollow_square(c, max(m.seats for m in out)))


def _hollow_square(c: Clearances, longest: int) -> list[Module]:
    """ロの字: tables round a hollow centre, chairs outside on all four sides.

    Tables are the 0.9 m deep meeting modules (conference table width 36–44 in, §13 [P5]).
    A square is the arrangement for groups one table cannot seat: only squares that seat more
    than the longest single table (``longest`` seats) are built.
    """
    out = []
    td = CATALOGUE["meeting_table"].depth
    w_chair = c.chair_gap + _CHAIR.depth / 2.0
    m = c.table_to_wall
    for nx in range(6, 17):
        for ny in range(4, nx + 1):
            ux, uy = 0.6 * nx, 0.6 * ny
            parts = [
                _table("meeting_table", (0.0, 0.0, ux, td)),
                _table("meeting_table", (0.0, uy - td, ux, uy)),
                _table("meeting_table", (0.0, td, td, uy - td)),
                _table("meeting_table", (ux - td, td, ux, uy - td)),
            ]
            parts += _row_of_chairs(0.0, ux, c.place_width, -w_chair, "+y", c.chair_gap)
            parts += _row_of_chairs(0.0, ux, c.place_width, uy + w_chair, "-y", c.chair_gap)
            parts += _column_of_chairs(0.0, uy, c.place_width, -w_chair, "+x", c.chair_gap)
            parts += _column_of_chairs(0.0, uy, c.place_width, ux + w_chair, "-x", c.chair_gap)
            if sum(p.seats for p in parts) <= longest:
                continue
            env = (-m, -m, ux + m, uy + m)
            out.append(Module(f"boardroom-square-{ux:.1f}x{uy:.1f}", tuple(parts), envelope=env,
                              access=env, single=True, symmetric=True))
    return out


def u_shape(c: Clearances) -> tuple[Module, ...]:
    """Build tables in a U open toward the front, chairs outside (§13)."""
    out = []
    td = CATALOGUE["school_table_1800"].depth
    w_chair = c.chair_gap + _CHAIR.depth / 2.0
    m = c.table_to_wall
    # the open end has table ends, no chairs: an escape path to the wall of 100 cm (§13 [P3])
    open_end = c.u_open_end
    for nx in range(4, 17):
        for ny in range(2, 13):
            ux, uy = 0.6 * nx, 0.6 * ny
            if ux - 2 * td < 1.5:
                continue
            parts = [
                _table("meeting_table", (0.0, uy - td, ux, uy)),
                _table("meeting_table", (0.0, 0.0, td, uy - td)),
                _table("meeting_table", (ux - td, 0.0, ux, uy - td)),
            ]
            parts += _row_of_chairs(0.0, ux, c.place_width, uy + w_chair, "-y", c.chair_gap)
            parts += _column_of_chairs(0.0, uy, c.place_width, -w_chair, "+x", c.chair_gap)
            parts += _column_of_chairs(0.0, uy, c.place_width, ux + w_chair, "-x", c.chair_gap)
            env = (-m, -open_end, ux + m, uy + m)
            out.append(Module(f"u_shape-{ux:.1f}x{uy:.1f}", tuple(parts), envelope=env,
                              access=env, single=True))
    return tuple(out)


def banquet(c: Clearances) -> tuple[Module, ...]:
    """Build round tables with chairs all round, a passage between chair backs (§13)."""
    out = []
    for key, chairs in (("round_1500", 8), ("round_1200", 6)):
        dia = CATALOGUE[key].width
        r = dia / 2.0
        parts = [_table(key, (0.0, 0.0, dia, dia), round_=True)]
        ring = r + c.chair_gap + _CHAIR.depth / 2.0
        facings = {0: "-x", 90: "-y", 180: "+x", 270: "+y"}
        for i in range(chairs):
            deg = round(360.0 * i / chairs)
            a = math.radians(deg)
            cx, cy = r + ring * math.cos(a), r + ring * math.sin(a)
            h = _CHAIR.width / 2.0
            facing = facings.get(deg)
            parts.append(Part("chair", "chair", (cx - h, cy - h, cx + h, cy + h), seats=1,
                              height=_CHAIR.height, round=True, facing=facing,
                              table_gap=c.chair_gap if facing else None))
        m = c.table_to_wall
        pitch = dia + c.round_table_gap
        out.append(Module(f"banquet-{key}", tuple(parts), envelope=(-m, -m, dia + m, dia + m),
                          access=(-m, -m, dia + m, dia + m), pitch=(pitch, pitch),
                          aisle=c.round_passage, symmetric=True, greedy=True, radial=True))
    return tuple(out)


def consultation(c: Clearances) -> tuple[Module, ...]:
    """Build a table for 2–4 with a wheelchair place at one end, 0.9 m to walls (§13 [P3])."""
    out = []
    w_chair = c.chair_gap + _CHAIR.depth / 2.0
    wd, ww = 1.2, 0.85
    m = c.consult_table_to_wall
    for key, both_sides in (("consult_table_1200", True), ("consult_table_900", True),
                            ("consult_table_1200", False)):
        t = CATALOGUE[key]
        length, depth = t.width, t.depth
        parts = [_table(key, (0.0, 0.0, length, depth))]
        parts += _row_of_chairs(0.0, length, 0.6 if length > 1.0 else 0.9, -w_chair, "+y",
                                c.chair_gap)
        top = depth + 0.05
        if both_sides:
            parts += _row_of_chairs(0.0, length, 0.6 if length > 1.0 else 0.9, depth + w_chair,
                                    "-y", c.chair_gap)
            top = depth + m
        parts.append(Part("wheelchair_place", "other",
                          (length, depth / 2 - ww / 2, length + wd, depth / 2 + ww / 2),
                          wheelchair=True))
        env = (-0.3, -m, length + wd, top)
        name = f"consultation-{key}-{'both' if both_sides else 'one'}"
        out.append(Module(name, tuple(parts), envelope=env, access=env, single=True))
    # compact booth: the table's long side against a wall, a chair at each end; a wheelchair
    # place is added beside the table where the room allows (spacedesign.capacity.routes)
    t = CATALOGUE["consult_table_900"]
    ends = (
        _table("consult_table_900", (0.0, 0.0, t.width, t.depth)),
        _chair(-w_chair, t.depth / 2.0, "+x", c.chair_gap),
        _chair(t.width + w_chair, t.depth / 2.0, "-x", c.chair_gap),
    )
    reach = c.chair_gap + _CHAIR.depth + 0.35
    env = (-reach, -m, t.width + reach, t.depth + c.chair_gap)
    out.append(Module("consultation-compact", ends, envelope=env, access=env, single=True))
    # web-consultation booth: two chairs side by side at a table against the end wall
    t = CATALOGUE["consult_table_1200"]
    side = (
        _table("consult_table_1200", (0.0, 0.0, t.width, t.depth)),
        *_row_of_chairs(0.0, t.width, 0.6, -w_chair, "+y", c.chair_gap),
    )
    env = (0.0, -m, t.width, t.depth + c.chair_gap)
    out.append(Module("consultation-side-by-side", side, envelope=env, access=env, single=True))
    return tuple(out)


def lounge(c: Clearances) -> tuple[Module, ...]:
    """Build clusters of two 2-seat sofas facing across a low table (§13)."""
    sofa, low = CATALOGUE["sofa_2"], CATALOGUE["low_table"]
    gap = 0.35
    y_table = sofa.depth + gap
    y_top = y_table + low.depth + gap
    x_table = (sofa.width - low.width) / 2.0
    parts = (
        Part("sofa_2", "sofa", (0.0, 0.0, sofa.width, sofa.depth), seats=2, height=sofa.height),
        _table("low_table", (x_table, y_table, x_table + low.width, y_table + low.depth)),
        Part("sofa_2", "sofa", (0.0, y_top, sofa.width, y_top + sofa.depth), seats=2,
             height=sofa.height),
    )
    h = c.lounge_passage / 2.0
    env = (-h, -h, sofa.width + h, y_top + sofa.depth + h)
    return (Module("lounge-sofas", parts, envelope=env, access=env,
                   pitch=(env[2] - env[0], env[3] - env[1]), symmetric=True, greedy=True),)


def coworking(c: Clearances) -> tuple[Module, ...]:
    """Build 1.2 m desks in runs (pairs back to back, or single rows), a cross aisle in front."""
    desk = CATALOGUE["desk"]
    z = c.desk_chair_zone
    w_chair = c.chair_gap + _CHAIR.depth / 2.0
    parts = (
        Part("desk", "desk", (0.0, 0.0, desk.width, desk.depth), height=desk.height),
        Part("desk", "desk", (0.0, desk.depth, desk.width, 2 * desk.depth), height=desk.height),
        _chair(desk.width / 2.0, -w_chair, "+y", c.chair_gap),
        _chair(desk.width / 2.0, 2 * desk.depth + w_chair, "-y", c.chair_gap),
    )
    env = (0.0, -z, desk.width, 2 * desk.depth + z)
    single_row = (
        Part("desk", "desk", (0.0, 0.0, desk.width, desk.depth), height=desk.height),
        _chair(desk.width / 2.0, -w_chair, "+y", c.chair_gap),
    )
    return (
        Module("coworking-pair", parts, envelope=env, access=env,
               pitch=(desk.width, 2 * desk.depth + 2 * z), block=3, aisle=c.coworking_aisle,
               max_run=6, max_run_one_side=3, front_zone=c.coworking_aisle),
        Module("coworking-row", single_row, envelope=(0.0, -z, desk.width, desk.depth),
               access=(0.0, -z, desk.width, 0.0), pitch=(desk.width, desk.depth + z), block=3,
               aisle=c.coworking_aisle, max_run=6, max_run_one_side=3,
               front_zone=c.coworking_aisle),
    )


_BUILDERS: dict[str, Callable[[Clearances], tuple[Module, ...]]] = {
    "theatre": theatre, "classroom": classroom, "boardroom": boardroom, "u_shape": u_shape,
    "banquet": banquet, "consultation": consultation, "lounge": lounge, "coworking": coworking,
}

_CACHE: dict[tuple[str, Clearances], tuple[Module, ...]] = {}


def style_modules(style: str, clear: Clearances | None = None) -> tuple[Module, ...]:
    """Return the module variants of ``style`` (InputError for an unknown style)."""
    clear = clear or Clearances()
    if style not in _BUILDERS:
        raise InputError(f"unknown style {style!r} (known: {', '.join(STYLES)})")
    key = (style, clear)
    if key not in _CACHE:
        _CACHE[key] = _BUILDERS[style](clear)
    return _CACHE[key]
