"""The primitives the importer works on, in metres: segments, arcs, polylines, texts, blocks."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["Arc", "BlockRef", "Drawing", "Polyline", "Segment", "TextLabel"]

Pt = tuple[float, float]


@dataclass(frozen=True)
class Segment:
    """A straight line piece."""

    a: Pt
    b: Pt
    layer: str
    role: str

    @property
    def length(self) -> float:
        """Length in metres."""
        return math.dist(self.a, self.b)


@dataclass(frozen=True)
class Arc:
    """A circular arc (counter-clockwise from start to end)."""

    center: Pt
    radius: float
    start: Pt
    end: Pt
    sweep: float
    layer: str
    role: str


@dataclass(frozen=True)
class Polyline:
    """A flattened polyline, spline, hatch boundary or circle."""

    points: tuple[Pt, ...]
    closed: bool
    layer: str
    role: str
    source: str
    meta: tuple[tuple[str, str], ...] = ()
    """``key=value`` pairs from XDATA of the application SPACEDESIGN (our own exports)."""


@dataclass(frozen=True)
class TextLabel:
    """A TEXT, MTEXT or ATTRIB string with the centre of its box."""

    text: str
    at: Pt
    anchor: Pt
    layer: str
    role: str
    group: int = 0
    """Lines of one MTEXT share a group number; every other text has its own."""


@dataclass(frozen=True)
class BlockRef:
    """A block reference that stands for one element (door, window, column, furniture)."""

    name: str
    layer: str
    role: str
    corners: tuple[Pt, ...]
    """The block's local bounding box mapped to world coordinates (4 points)."""
    axis: Pt
    """World direction of the block's local x axis (unit vector)."""
    attribs: dict[str, str]
    local_segments: tuple[tuple[Pt, Pt], ...]
    """The block's straight pieces in local coordinates scaled to metres (for door leaves)."""
    local_arcs: tuple[tuple[Pt, float], ...]
    """The block's arcs (centre, radius) in local coordinates scaled to metres."""
    origin: Pt
    middle: Pt
    """World position of the opening's centre as the block's geometry shows it: the middle of
    the swing arcs' span when the block has swing arcs, else the middle of its x extent."""
    local_width: float
    """Local x extent of the block, scaled to metres."""
    span_width: float | None = None
    """Clear width from the swing arcs (hinge to closed leaf), when the block has them."""


@dataclass
class Drawing:
    """Everything the importer takes from one modelspace, in metres."""

    segments: list[Segment] = field(default_factory=list)
    arcs: list[Arc] = field(default_factory=list)
    polylines: list[Polyline] = field(default_factory=list)
    texts: list[TextLabel] = field(default_factory=list)
    blocks: list[BlockRef] = field(default_factory=list)
    read: Counter[tuple[str, str]] = field(default_factory=Counter)
    not_read: Counter[tuple[str, str]] = field(default_factory=Counter)
    hidden_layers: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
