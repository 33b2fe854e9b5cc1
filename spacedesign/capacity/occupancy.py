"""Occupant loads by area factor: 消防法施行規則 第1条の3 (Japan) and IBC Table 1004.5 (US).

The Japanese 収容人員 is a fire-safety threshold figure, not a permitted capacity (standards.md
§11); it is the ceiling the reported capacity is compared with. IBC loads are given for
comparison (§12) and become the ceiling under the ``ada-2010`` ruleset.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["CHAIRS_ONLY_STYLES", "IBC_CONCENTRATED", "LoadFactor", "OccupantLoad",
           "occupant_load"]

_FT2 = 0.09290304


@dataclass(frozen=True)
class LoadFactor:
    """m² of floor per person for one use, with the staff counted on top and the source."""

    m2_per_person: float
    staff: int
    basis: str
    round_up: bool = False


JP_FACTORS: dict[str, LoadFactor] = {
    "meeting": LoadFactor(0.5, 0, "消防法施行規則 第1条の3 (1)項: 客席 (固定席なし) 0.5 m²/人"),
    "seminar": LoadFactor(0.5, 0, "消防法施行規則 第1条の3 (1)項: 客席 (固定席なし) 0.5 m²/人"),
    "lounge": LoadFactor(3.0, 0, "消防法施行規則 第1条の3 (3)(15)項: その他の部分 3 m²/人"),
    "coworking": LoadFactor(3.0, 0, "消防法施行規則 第1条の3 (15)項: 従業者以外の部分 3 m²/人"),
    "consultation": LoadFactor(3.0, 1, "消防法施行規則 第1条の3 (15)項: 従業者 1 + 3 m²/人"),
}
"""Japanese area factors per room use (standards.md §11; (15)項 partially confirmed)."""

IBC_FACTORS: dict[str, LoadFactor] = {
    "meeting": LoadFactor(15 * _FT2, 0, "IBC 1004.5 assembly, unconcentrated 15 ft² net", True),
    "seminar": LoadFactor(15 * _FT2, 0, "IBC 1004.5 assembly, unconcentrated 15 ft² net", True),
    "lounge": LoadFactor(15 * _FT2, 0, "IBC 1004.5 assembly, unconcentrated 15 ft² net", True),
    "coworking": LoadFactor(150 * _FT2, 0, "IBC 1004.5 business areas 150 ft² gross", True),
    "consultation": LoadFactor(150 * _FT2, 0, "IBC 1004.5 business areas 150 ft² gross", True),
}
"""IBC area factors per room use (standards.md §12), rounded up as IBC does."""

IBC_CONCENTRATED = LoadFactor(
    7 * _FT2, 0, "IBC 1004.5 assembly, concentrated (chairs only, not fixed) 7 ft² net", True)
"""IBC factor of an assembly room laid out with chairs only (theatre rows), standards.md §12."""

CHAIRS_ONLY_STYLES = frozenset({"theatre"})
"""Styles without tables: IBC counts the room as concentrated assembly."""

_ASSEMBLY_USES = frozenset({"meeting", "seminar", "lounge"})


@dataclass(frozen=True)
class OccupantLoad:
    """Occupant loads of one room: Japanese fire code and IBC, with their bases."""

    jp: int
    ibc: int
    jp_basis: str
    ibc_basis: str


def _load(area: float, factor: LoadFactor) -> int:
    persons = area / factor.m2_per_person
    count = math.ceil(persons - 1e-9) if factor.round_up else math.floor(persons + 1e-9)
    return factor.staff + max(count, 0)


def occupant_load(use: str, net_area: float, style: str | None = None) -> OccupantLoad:
    """Occupant loads of a room of ``use`` with ``net_area`` m² (fractions per each code).

    ``style`` is the furnishing the room is counted with: an assembly room laid out with
    chairs only (theatre) takes IBC's concentrated factor, 7 ft² net, instead of 15 ft².

    Examples
    --------
    >>> occupant_load("meeting", 40.0).jp, occupant_load("meeting", 40.0).ibc
    (80, 29)
    >>> occupant_load("consultation", 8.0).jp
    3
    >>> occupant_load("seminar", 40.0, "theatre").ibc
    62
    """
    jp = JP_FACTORS.get(use, JP_FACTORS["lounge"])
    ibc = IBC_FACTORS.get(use, IBC_FACTORS["lounge"])
    if style in CHAIRS_ONLY_STYLES and use in _ASSEMBLY_USES:
        ibc = IBC_CONCENTRATED
    return OccupantLoad(_load(net_area, jp), _load(net_area, ibc), jp.basis, ibc.basis)
