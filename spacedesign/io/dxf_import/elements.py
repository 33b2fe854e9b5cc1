"""Columns and furniture; room uses guessed from names."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import shapely
from shapely.geometry import Polygon

from .collect import Drawing
from .rooms import clean_polygon, faces_from_lines

__all__ = ["FoundItem", "find_columns", "find_furniture", "furniture_kind", "guess_use",
           "infer_use"]

_FURNITURE_WORDS: tuple[tuple[str, str], ...] = (
    (r"chair|stuhl|stol\b|seat|椅子|いす|イス|adl3a", "chair"),
    (r"desk|schreibtisch|skrivebord|デスク", "desk"),
    (r"table|tisch|bord|テーブル|机", "table"),
    (r"sofa|couch|ソファ", "sofa"),
    (r"bench|bänke|baenke|bænk|ベンチ", "bench"),
    (r"shel|regal|reol|locker|cabinet|storage|棚|収納|ロッカー", "shelf"),
    (r"counter|theke|カウンター", "counter"),
    (r"plant|pflanze|植物", "plant"),
    (r"partition|screen|パーティション", "partition"),
)

_USE_WORDS: tuple[tuple[str, str, bool], ...] = (
    (r"accessible|多目的|だれでも|誰でも", "accessible_toilet", True),
    (r"\bwc\b|toilet|トイレ|便所|lavatory|restroom|toilette|toilet", "toilet", True),
    (r"corridor|hall ?way|gang|flur|廊下|通路", "corridor", True),
    (r"lobby|entrance|foyer|hall|ホール|ロビー|玄関|エントランス", "lobby", True),
    (r"reception|受付", "reception", True),
    (r"consult|相談", "consultation", True),
    (r"meeting|conference|会議|mødelokale|besprechung", "meeting", True),
    (r"seminar|研修|講習|セミナー", "seminar", True),
    (r"lounge|交流|fællesrum|common|ラウンジ", "lounge", True),
    (r"cowork|コワーキング", "coworking", True),
    (r"kids|キッズ|child|子ども|子供", "kids", True),
    (r"nursing|授乳", "nursing", True),
    (r"office|事務|kontor|büro|buero", "office", False),
    (r"storage|store|lager|倉庫|物置|収納", "storage", False),
    (r"stair|階段|riser|trappe|treppe", "stair", False),
    (r"lift|elevator|エレベーター|ev\b", "elevator", False),
    (r"kitchen|køkken|küche|給湯|キッチン|pantry", "kitchenette", False),
    (r"exhibit|展示", "exhibition", True),
)


@dataclass(frozen=True)
class FoundItem:
    """A column or furniture polygon with where it came from."""

    polygon: Polygon
    kind: str
    layer: str
    source: str
    drawing_id: str | None = None


def guess_use(name: str) -> tuple[str, bool]:
    """Guess ``(use, public)`` from a room name in Japanese, English, Danish or German."""
    for pattern, use, public in _USE_WORDS:
        if re.search(pattern, name, flags=re.IGNORECASE):
            return use, public
    return "other", False


def furniture_kind(*names: str) -> str:
    """Return the furniture kind named by a block or layer name, or ``"other"``."""
    for name in names:
        for pattern, kind in _FURNITURE_WORDS:
            if re.search(pattern, name, flags=re.IGNORECASE):
                return kind
    return "other"


def _valid(points: tuple[tuple[float, float], ...], min_area: float) -> Polygon | None:
    if len(points) < 3:
        return None
    poly = clean_polygon(Polygon(points))
    if poly is None or poly.area < min_area:
        return None
    return poly


def find_columns(d: Drawing) -> list[FoundItem]:
    """Find columns: closed outlines, hatches and blocks on column layers."""
    out: list[FoundItem] = []
    for pl in d.polylines:
        if pl.role == "column" and pl.closed:
            poly = _valid(pl.points, 0.005)
            if poly is not None:
                out.append(FoundItem(poly, "column", pl.layer, pl.source))
    for block in d.blocks:
        if block.role == "column":
            poly = _valid(block.corners, 0.005)
            if poly is not None:
                out.append(FoundItem(poly, "column", block.layer, f"block {block.name}"))
    return _dedupe(out)


def find_furniture(d: Drawing) -> list[FoundItem]:
    """Furniture blocks, closed outlines on furniture layers, and faces of their line work."""
    out: list[FoundItem] = []
    for block in d.blocks:
        if block.role == "furniture":
            poly = _valid(block.corners, 0.01)
            if poly is not None:
                kind = block.attribs.get("KIND", "").strip().lower()
                if not kind:
                    kind = furniture_kind(block.name, block.layer)
                out.append(FoundItem(poly, kind, block.layer, f"block {block.name}",
                                     block.attribs.get("ID")))
    loose: dict[str, list[tuple[tuple[float, float], ...]]] = defaultdict(list)
    for pl in d.polylines:
        if pl.role != "furniture":
            continue
        if pl.closed:
            poly = _valid(pl.points, 0.01)
            if poly is not None:
                out.append(FoundItem(poly, furniture_kind(pl.layer), pl.layer, pl.source))
        else:
            loose[pl.layer].append(pl.points)
    for seg in d.segments:
        if seg.role == "furniture":
            loose[seg.layer].append((seg.a, seg.b))
    for layer, lines in loose.items():
        for face in faces_from_lines(lines, min_area=0.05, min_width=0.1):
            out.append(FoundItem(face, furniture_kind(layer), layer, "line work"))
    return _dedupe(out)


def _dedupe(items: list[FoundItem]) -> list[FoundItem]:
    out: list[FoundItem] = []
    for item in items:
        if any(abs(o.polygon.area - item.polygon.area) < 1e-4
               and o.polygon.centroid.distance(item.polygon.centroid) < 0.01 for o in out):
            continue
        out.append(item)
    return out


CORRIDOR_WIDTH = 2.0
"""A room narrower than this (m, inscribed circle) and at least 4 times as long is a corridor."""


def infer_use(polygon: Polygon, kinds: Counter[str]) -> tuple[str, bool, str] | None:
    """Infer ``(use, public, how)`` for a room whose name tells nothing, or None.

    From the furniture it holds (desks: office; a table with four or more chairs: meeting;
    only shelves: storage), else from its shape (long and narrow: corridor).
    """
    if kinds:
        listed = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        if kinds["desk"] >= 1:
            return "office", False, f"furniture ({listed})"
        if kinds["chair"] >= 4 and kinds["table"] >= 1:
            return "meeting", True, f"furniture ({listed})"
        if kinds["shelf"] >= 1 and set(kinds) <= {"shelf", "other"}:
            return "storage", False, f"furniture ({listed})"
        return None
    width = 2 * float(shapely.maximum_inscribed_circle(polygon, 0.01).length)
    if polygon.area >= 2.0 and width < CORRIDOR_WIDTH and polygon.area / width >= 4 * width:
        return "corridor", True, "shape (long and narrow)"
    return None
