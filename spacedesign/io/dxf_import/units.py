"""Drawing units: read ``$INSUNITS`` or infer the unit from typical sizes."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["INSUNITS_METRES", "Units", "infer_units", "units_from_header"]

INSUNITS_METRES: dict[int, tuple[str, float]] = {
    1: ("inch", 0.0254),
    2: ("foot", 0.3048),
    4: ("mm", 0.001),
    5: ("cm", 0.01),
    6: ("m", 1.0),
    7: ("km", 1000.0),
    8: ("microinch", 0.0254e-6),
    9: ("mil", 0.0254e-3),
    10: ("yard", 0.9144),
    13: ("micron", 1e-6),
    14: ("dm", 0.1),
}
"""DXF ``$INSUNITS`` codes that mean a length unit, with metres per unit."""

# candidate units when the header says nothing, most likely first for a Japanese drawing
_CANDIDATES: tuple[tuple[str, float], ...] = (
    ("mm", 0.001),
    ("cm", 0.01),
    ("m", 1.0),
    ("inch", 0.0254),
    ("foot", 0.3048),
)


@dataclass(frozen=True)
class Units:
    """The unit of a drawing.

    Attributes
    ----------
    name : str
        ``"mm"``, ``"cm"``, ``"m"``, ``"inch"``, ...
    metres : float
        Metres per drawing unit.
    source : str
        ``"header"`` ($INSUNITS), ``"inferred"`` or ``"option"``.
    reason : str
        Why this unit was chosen (for the report).
    """

    name: str
    metres: float
    source: str
    reason: str


def units_from_header(insunits: object) -> Units | None:
    """Return the units an ``$INSUNITS`` value names, or None if unitless or missing."""
    if not isinstance(insunits, int):
        return None
    known = INSUNITS_METRES.get(insunits)
    if known is None:
        return None
    return Units(known[0], known[1], "header", f"$INSUNITS = {insunits}")


def infer_units(extent: float, door_radii: Sequence[float]) -> Units:
    """Guess the unit from the drawing's extent and the radii of door-like arcs.

    Parameters
    ----------
    extent : float
        The larger side of the drawing's bounding box, in drawing units.
    door_radii : sequence of float
        Radii of arcs that sweep about a quarter turn (door swings), in drawing units.

    Returns
    -------
    Units
        The candidate whose door widths land nearest 0.85 m and whose extent is a plausible
        building (3 m to 500 m); ``source`` is ``"inferred"``.
    """
    best: tuple[float, str, float, str] | None = None
    radius = statistics.median(door_radii) if door_radii else None
    for order, (name, metres) in enumerate(_CANDIDATES):
        size = extent * metres
        penalty = 0.05 * order
        if not 3.0 <= size <= 500.0:
            penalty += 10.0
        reason = f"drawing extent {size:.1f} m"
        if radius is not None:
            width = radius * metres
            penalty += abs(width - 0.85) / 0.85 * 3.0
            reason += f", median door swing {width:.2f} m"
        if best is None or penalty < best[0]:
            best = (penalty, name, metres, reason)
    assert best is not None
    _, name, metres, reason = best
    return Units(name, metres, "inferred", f"no usable $INSUNITS; {reason} in {name}")
