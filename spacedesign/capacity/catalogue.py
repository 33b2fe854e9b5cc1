"""Furniture catalogue and the clearances that furnishing keeps (standards.md §8, §11, §13).

Every dimension is in metres. The numbers are practice values, not law, except where a row of
``reference/standards.md`` gives a code value; each constant names its row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from spacedesign.errors import InputError

__all__ = [
    "CATALOGUE",
    "RULESET_SEATING",
    "Clearances",
    "FurnitureType",
    "SeatingRules",
    "required_wheelchair_places",
    "seating_rules",
    "wheelchair_requirement",
]


@dataclass(frozen=True)
class FurnitureType:
    """One catalogue item: plan size (width along its front, depth), height, seats it gives."""

    key: str
    kind: str
    name: str
    name_en: str
    width: float
    depth: float
    height: float
    seats: int = 0


def _items(*items: FurnitureType) -> dict[str, FurnitureType]:
    return {item.key: item for item in items}


CATALOGUE: dict[str, FurnitureType] = _items(
    FurnitureType("chair", "chair", "スタッキングチェア", "Stacking chair", 0.50, 0.50, 0.80, 1),
    FurnitureType("armchair", "chair", "ひじ掛け椅子", "Armchair", 0.60, 0.60, 0.80, 1),
    FurnitureType("school_table_1800", "table", "会議テーブル W1800", "Seminar table 1.8 m",
                  1.80, 0.45, 0.72),
    FurnitureType("school_table_1200", "table", "会議テーブル W1200", "Seminar table 1.2 m",
                  1.20, 0.45, 0.72),
    FurnitureType("meeting_table", "table", "ミーティングテーブル", "Meeting table module",
                  0.60, 0.90, 0.72),
    FurnitureType("consult_table_1200", "table", "相談テーブル W1200", "Consultation table 1.2 m",
                  1.20, 0.75, 0.70),
    FurnitureType("consult_table_900", "table", "相談テーブル W900", "Consultation table 0.9 m",
                  0.90, 0.75, 0.70),
    FurnitureType("round_1500", "table", "丸テーブル Φ1500", "Round table 1.5 m", 1.52, 1.52, 0.72),
    FurnitureType("round_1200", "table", "丸テーブル Φ1200", "Round table 1.2 m", 1.20, 1.20, 0.72),
    FurnitureType("low_table", "table", "ローテーブル", "Low table", 0.90, 0.50, 0.40),
    FurnitureType("sofa_2", "sofa", "2人掛けソファ", "Two-seat sofa", 1.40, 0.80, 0.75, 2),
    FurnitureType("desk", "desk", "ワークデスク W1200", "Work desk 1.2 m", 1.20, 0.70, 0.72),
    FurnitureType("shelf", "shelf", "書架", "Shelf", 0.90, 0.40, 1.80),
    FurnitureType("kids_mat", "kids_play", "キッズマット", "Kids' play mat", 1.80, 1.80, 0.03),
)
"""The furniture the styles place (sizes of common Japanese office/event furniture)."""


@dataclass(frozen=True)
class Clearances:
    """Clearances kept by the furnishing styles (metres). Defaults cite standards.md."""

    theatre_seat_pitch: float = 0.65
    """Seat to seat along a row: 65 cm, the middle of the 60–70 cm seat width of §13 [P3]
    (a 50 cm stacking chair with 15 cm to the next). A public room plans for every body size,
    not the 60 cm minimum; §13 gives audiences under 100 more room per person than larger ones."""
    theatre_row_pitch: float = 1.00
    """Back to back ≥ 36 in (§13 theatre rows); leaves 0.50 m clear ≥ 0.35 m (§11 準則)."""
    aisle: float = 0.80
    """Longitudinal aisle with seats on both sides ≥ 80 cm (§11 火災予防条例準則)."""
    max_row_seats: int = 20
    """At most 20 seats in a row between two aisles (§11)."""
    theatre_block: int = 20
    """Seats between two aisles in theatre style (≤ ``max_row_seats``)."""
    max_row_seats_one_aisle: int = 10
    """At most 10 seats in a row reached from one aisle only (§11)."""
    front_zone: float = 1.00
    """Theatre: cross aisle in front of the first row ≥ 100 cm (§11 火災予防条例準則), clear of
    the first row's leg room (the row gap ``theatre_row_pitch`` − chair depth stays free)."""
    school_front_aisle: float = 1.20
    """Classroom: front table edge to the front wall, an escape path: 100–120 cm (§13 [P3])."""
    rear_zone: float = 1.00
    """Cross aisle ≥ 1.0 m (§11) behind the last row once a room holds more than four rows."""
    wall_walkway: float = 0.80
    """Walkway between the side walls and the seats ≈ 80 cm (§13 [P3]). Classroom keeps it at
    both walls (people reach a seat along the chair zone behind the tables); a theatre row of at
    most ``max_row_seats_one_aisle`` chairs may end at a wall, as §11 allows."""
    place_width: float = 0.70
    """Width per chair along a table: 65–80 cm (§13 [P4]), 60–70 cm minimum (§13 [P3])."""
    school_place_width: float = 0.60
    """Classroom place: 60 cm, the minimum seat width at a table (§13 [P3]); a 1.8 m seminar
    table seats 3, as Japanese practice does (US event practice seats 2, §13 [P10])."""
    school_chair_zone: float = 0.80
    """Classroom: ≈ 80 cm behind each table row to pull chairs back (§13 [P3])."""
    school_aisle: float = 0.80
    """Classroom lateral aisles 60–80 cm (§13 [P3]); 80 cm so they pass the aisle check."""
    table_to_wall: float = 1.20
    """Table edge to wall with chairs: 110–140 cm (§13 [P4]); 100–120 cm as escape path [P3]."""
    u_open_end: float = 1.00
    """U-shape: the open end (table ends, no chairs) to the wall, an escape path: ≥ 100 cm
    (§13 [P3] table edge to wall 100–120 cm if used as an escape path)."""
    consult_table_to_wall: float = 0.90
    """Small tables (consultation, boardroom tables up to 2.4 m): table edge to wall ≥ 90 cm
    (§13 [P3])."""
    round_table_gap: float = 1.70
    """Between banquet rounds, table edge to edge: two chairs back to back with a 0.6 m passage
    between them (passage behind a seated person 56–64 cm, §13 [P5]); ≥ 54 in (§13 rounds)."""
    round_passage: float = 0.60
    """Passage that reaches the tables of a banquet layout (§13 [P5])."""
    lounge_passage: float = 0.90
    """Passage between lounge clusters (≥ 0.8 m aisle, §11)."""
    desk_chair_zone: float = 0.90
    """Behind a desk: chair 0.5 m + push-back; passage behind seated person 56–64 cm (§13 [P5])."""
    coworking_aisle: float = 1.00
    """Aisle between coworking desk runs."""
    chair_gap: float = 0.05
    """Gap between a table edge and the front of a tucked-in chair."""
    knee_space: float = 0.45
    """Knee space under a table or counter ≥ 45 cm deep (§8, 建築設計標準 2.14C; Kagawa): a
    wheelchair place at a table reaches this far under it."""
    door_approach: float = 1.40
    """Level space kept clear in front of a room door: 140 × 140 cm (§0, 設計標準 2.8.1)."""


@dataclass(frozen=True)
class SeatingRules:
    """Wheelchair-place size and route width of one ruleset (SEATING-WHEELCHAIR)."""

    ruleset: str
    place_width: float
    place_depth: float
    route_width: float
    source: str


RULESET_SEATING: dict[str, SeatingRules] = {
    "jp-minimum": SeatingRules(
        "jp-minimum", 0.85, 1.20, 1.20,
        "令和6年政令第221号 (≤400 seats: ≥2); place 85×120 cm (Osaka); route 120 cm (施行令 廊下)",
    ),
    "jp-recommended": SeatingRules(
        "jp-recommended", 0.85, 1.20, 1.20,
        "建築設計標準 2.11.1 (0.5–1 %, ≥2); place 85×120 cm (Osaka); aisle ≥120 cm (Kagawa)",
    ),
    "tokyo": SeatingRules(
        "tokyo", 0.85, 1.20, 1.20,
        "as jp-recommended (Tokyo values unconfirmed, standards.md §8)",
    ),
    "ada-2010": SeatingRules(
        "ada-2010", 0.915, 1.22, 0.915,
        "ADA 221.2.1.1 counts; 802.1 space 36×48 in; 403.5.1 route 36 in",
    ),
}
"""Wheelchair seating parameters per ruleset (standards.md §8)."""


def seating_rules(ruleset: str) -> SeatingRules:
    """Return the seating parameters of ``ruleset`` (ValueError if unknown)."""
    try:
        return RULESET_SEATING[ruleset]
    except KeyError:
        known = ", ".join(sorted(RULESET_SEATING))
        raise InputError(f"unknown ruleset {ruleset!r} (known: {known})") from None


_ADA_BANDS = ((3, 0), (25, 1), (50, 2), (150, 4), (300, 5), (500, 6))
"""ADA 221.2.1.1 wheelchair space counts (standards.md §8 [U27]): seats up to → places."""

AUDIENCE_USES = frozenset({"seminar"})
"""Room uses with audience-type seating (劇場等客席, 令和6年政令第221号; 設計標準 2.11.1); other
rooms need one place, as a recommendation (SEATING-WHEELCHAIR warns, never fails)."""


def wheelchair_requirement(seats: int, ruleset: str = "jp-recommended",
                           use: str = "seminar") -> tuple[int, bool]:
    """Wheelchair places ``seats`` seats need, and whether the need is only a recommendation.

    The single source of SEATING-WHEELCHAIR counts: the capacity styles and the rule check
    (:mod:`spacedesign.rules.checks_facility`) both call it. The Japanese figures (places up to
    400 seats, share above 400) are read from the rule's record in :mod:`spacedesign.rules.data`;
    ``ada-2010`` follows the ADA 221.2.1.1 table.

    Parameters
    ----------
    seats : int
        Seats in the room (chairs; wheelchair places count as seats where a layout offers them).
    ruleset : str
        One of :data:`RULESET_SEATING`.
    use : str
        The room use; ``seminar`` rooms are audience seating, other rooms need one place, soft.

    Returns
    -------
    tuple[int, bool]
        ``(places, soft)``; ``soft`` is ``True`` when a shortfall is a warning, not a failure.

    Examples
    --------
    >>> wheelchair_requirement(30), wheelchair_requirement(30, use="meeting")
    ((2, False), (1, True))
    >>> wheelchair_requirement(30, "ada-2010")
    (2, False)
    """
    from spacedesign.rules.data import RULES, Requirement  # rules imports this module

    seating_rules(ruleset)
    if seats <= 0:
        return 0, False
    if ruleset == "ada-2010":
        for upper, places in _ADA_BANDS:
            if seats <= upper:
                return places, False
        if seats <= 5000:
            return 6 + math.ceil((seats - 500) / 150), False
        return 36 + math.ceil((seats - 5000) / 200), False
    req = RULES["SEATING-WHEELCHAIR"].rulesets[ruleset]
    if not isinstance(req, Requirement):
        return 0, False
    if use not in AUDIENCE_USES:
        return 1, True
    if seats <= 400:
        return int(req["places"]), False
    return max(int(req["places"]), math.ceil(seats * req["over400_share"])), False


def required_wheelchair_places(seats: int, ruleset: str = "jp-recommended",
                               use: str = "seminar") -> int:
    """Wheelchair places a room with ``seats`` seats needs (see :func:`wheelchair_requirement`).

    Examples
    --------
    >>> required_wheelchair_places(30), required_wheelchair_places(500)
    (2, 5)
    >>> required_wheelchair_places(30, "ada-2010")
    2
    """
    return wheelchair_requirement(seats, ruleset, use)[0]
