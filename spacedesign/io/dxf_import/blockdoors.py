"""Doors and windows from block references: where the opening is, its width and operation."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from .collect import BlockRef, block_role
from .openings import OpeningCandidate

__all__ = ["block_openings", "name_facts"]

_OPERATIONS = frozenset({"hinged", "sliding", "automatic", "folding", "revolving", "none"})
_WIDTH_TAGS = ("WIDTH", "CLEAR_WIDTH", "W", "幅", "有効幅", "BREITE", "BREDDE")


def _attrib_width(attribs: dict[str, str]) -> float | None:
    for tag in _WIDTH_TAGS:
        raw = attribs.get(tag.upper())
        if raw is None:
            continue
        found = re.search(r"\d+(?:[.,]\d+)?", raw)
        if found is None:
            continue
        value = float(found.group(0).replace(",", "."))
        return value / 1000.0 if value > 10 else value
    return None


def _leaf_width(block: BlockRef) -> float | None:
    """Sum of the door leaves in a block: lines along local y between 0.3 and 1.6 m."""
    leaves: list[tuple[float, float]] = []  # (x, length)
    for (ax, ay), (bx, by) in block.local_segments:
        length = math.hypot(bx - ax, by - ay)
        if 0.3 <= length <= 1.6 and abs(bx - ax) < 0.1 * length:
            leaves.append(((ax + bx) / 2, length))
    if not leaves:
        radii = {(round(c[0], 2), round(c[1], 2)): r for c, r in block.local_arcs
                 if 0.3 <= r <= 1.6}
        return sum(radii.values()) or None
    clusters: list[tuple[float, float]] = []
    for x, length in sorted(leaves):
        if clusters and abs(x - clusters[-1][0]) < 0.1:
            clusters[-1] = (clusters[-1][0], max(clusters[-1][1], length))
        else:
            clusters.append((x, length))
    return sum(length for _, length in clusters)


_CONVENTION = re.compile(r"^door-(hinged|sliding|automatic|folding|revolving|none)-(\d+)$"
                         r"|^window-(\d+)x\d+$", re.IGNORECASE)
"""Block names the spacedesign DXF export writes: ``DOOR-<OPERATION>-<mm>``,
``WINDOW-<mm>x<mm>``."""
_NAME_OPERATIONS: tuple[tuple[str, str], ...] = (
    (r"auto|自動", "automatic"), (r"slid|引(?:き)?戸|引違|片引|引込", "sliding"),
    (r"fold|折戸|折れ戸", "folding"), (r"revolv|回転", "revolving"),
    (r"opening|doorless|^door-none|開口", "none"),
)
_NAME_MM = re.compile(r"(?<![\d.])(\d{3,4})(?![\d.])")


def name_facts(name: str) -> tuple[str | None, float | None, bool]:
    """Return ``(operation, width in m, centred)`` that a block's name states.

    ``DOOR-AUTOMATIC-1600`` (the spacedesign export's convention, drawn around its centre)
    gives ``("automatic", 1.6, True)``; ``Sliding door 900`` gives ``("sliding", 0.9,
    False)``. A width is read only from a lone 3- or 4-digit number between 450 and 3000
    (millimetres).
    """
    found = _CONVENTION.match(name.strip())
    if found is not None:
        if found.group(3):
            return None, int(found.group(3)) / 1000.0, True
        return found.group(1).lower(), int(found.group(2)) / 1000.0, True
    operation = next((op for pattern, op in _NAME_OPERATIONS
                      if re.search(pattern, name, re.IGNORECASE)), None)
    numbers = [int(n) for n in _NAME_MM.findall(name) if 450 <= int(n) <= 3000]
    return operation, (numbers[0] / 1000.0 if len(numbers) == 1 else None), False


def _glazing(block: BlockRef) -> bool:
    """Whether a block without a swing arc draws a window: thin, with glazing lines along x."""
    if block.local_arcs or block.local_width <= 0:
        return False
    along = [(a, b) for a, b in block.local_segments
             if abs(b[0] - a[0]) >= 0.8 * block.local_width and abs(b[1] - a[1]) < 0.01]
    ys = [y for a, b in block.local_segments for y in (a[1], b[1])]
    depth = (max(ys) - min(ys)) if ys else 0.0
    return len(along) >= 2 and depth <= 0.5


def block_openings(blocks: Sequence[BlockRef]) -> list[OpeningCandidate]:
    """Doors and windows from block references.

    The width comes from a WIDTH attribute, else the block name's convention
    (``DOOR-SLIDING-900``), else the swing arcs (hinge to closed leaf), else the leaf lines,
    else a width in the name, else the block's extent; sliding and double doors without an
    attribute take the width of the wall gap they fill (:func:`snap_to_gaps`). A block on a
    door layer whose name says window (``W-1``, ``窓``), or that has no swing arc but the
    glazing lines of a window, is a window.
    """
    out: list[OpeningCandidate] = []
    for block in blocks:
        if block.role not in ("door", "window"):
            continue
        kind = block.role
        named = block_role(block.name)
        name_op, name_width, centred = name_facts(block.name)
        if kind == "door" and named != "door" and name_op is None and _glazing(block):
            kind = "window"
        width = _attrib_width(block.attribs)
        width_from = "attribute"
        if width is None and centred and name_width is not None:
            width, width_from = name_width, "name"
        if width is None and kind == "door" and block.span_width is not None:
            # the leaf line when it agrees with the swing (one leaf per arc), else the arcs
            leaf = _leaf_width(block)
            if leaf is not None and abs(leaf - block.span_width) <= 0.1 * block.span_width:
                width, width_from = leaf, "leaf"
            else:
                width, width_from = block.span_width, "swing arc"
        if width is None and kind == "door" and name_op is None:
            width, width_from = _leaf_width(block), "leaf"
        if width is None and name_width is not None:
            width, width_from = name_width, "name"
        if width is None:
            width, width_from = block.local_width, "block extent"
        if not 0.2 <= width <= 6.0:
            continue
        operation = None
        if kind == "door":
            operation = name_op or "hinged"
        stated = block.attribs.get("OPERATION", "").strip().lower()
        if kind == "door" and stated in _OPERATIONS:
            operation = stated
        if operation == "none":
            kind = "opening"
        props: dict[str, Any] = {"block": block.name, "width_from": width_from}
        if kind == "window":
            props["window_from"] = ("name" if named == "window" else
                                    "glazing lines" if block.role == "door" else "layer")
        for tag in ("ID", "CONNECTS"):
            if block.attribs.get(tag):
                props[f"drawing_{tag.lower()}"] = block.attribs[tag].strip()
        # spacedesign exports (tagged ID + WIDTH, or named by the convention) insert at the
        # opening centre; other blocks are placed by their geometry
        tagged = ("ID" in block.attribs and "WIDTH" in block.attribs) or centred
        centre = block.origin if tagged else block.middle
        out.append(OpeningCandidate(kind, centre, block.axis, round(width, 3),
                                    "block", block.layer, operation, props,
                                    (block.origin, block.middle)))
    return out
