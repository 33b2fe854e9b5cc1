"""The criterion record and the list of criteria with their Japanese and English names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CRITERIA", "SEVERITIES", "Criterion", "clamp01", "linear_score", "severity_label"]

CRITERIA: Mapping[str, tuple[str, str]] = {
    "accessibility": ("アクセシビリティ", "Accessibility"),
    "capacity": ("収容・席数", "Capacity"),
    "program_fit": ("プログラム適合", "Program fit"),
    "adjacency": ("近接関係", "Adjacency"),
    "efficiency": ("面積効率", "Efficiency"),
    "family": ("子育て配慮", "Family friendliness"),
    "daylight": ("採光", "Daylight"),
    "walking": ("歩行距離", "Walking distances"),
}
"""Criterion key -> (Japanese name, English name), in display order."""


SEVERITIES = ("critical", "major", "minor")
"""Finding severities, worst first."""


def severity_label(score: float | None, by_severity: Mapping[str, int] | None) -> str:
    """Return a score with its failures by severity, e.g. ``88.4 (critical 2 / major 3)``.

    Examples
    --------
    >>> severity_label(88.44, {"minor": 1, "critical": 2, "major": 3})
    '88.4 (critical 2 / major 3 / minor 1)'
    >>> severity_label(100.0, {})
    '100.0 (no failures)'
    """
    text = "n/a" if score is None else f"{score:.1f}"
    if by_severity is None:
        return text
    known = [s for s in SEVERITIES if by_severity.get(s)]
    other = sorted(s for s in by_severity if s not in SEVERITIES and by_severity[s])
    parts = [f"{s} {by_severity[s]}" for s in known + other]
    return f"{text} ({' / '.join(parts) if parts else 'no failures'})"


def _details() -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Criterion:
    """One criterion of a scorecard.

    Attributes
    ----------
    key : str
        One of :data:`CRITERIA`.
    score : float or None
        0–100 (higher is better); None when the criterion cannot be judged (``n/a``), in which
        case ``notes`` say why and the composite leaves it out.
    details : dict
        The measured values behind the score (JSON-ready).
    notes : tuple of str
        Plain-language remarks: what lost points, what could not be measured.
    """

    key: str
    score: float | None
    details: dict[str, Any] = field(default_factory=_details)
    notes: tuple[str, ...] = ()

    @property
    def name_ja(self) -> str:
        """Japanese name."""
        return CRITERIA[self.key][0]

    @property
    def name_en(self) -> str:
        """English name."""
        return CRITERIA[self.key][1]

    def to_dict(self) -> dict[str, Any]:
        """Return the criterion as a JSON-ready mapping."""
        return {
            "key": self.key,
            "name": self.name_ja,
            "name_en": self.name_en,
            "score": None if self.score is None else round(self.score, 2),
            "details": self.details,
            "notes": list(self.notes),
        }


def clamp01(value: float) -> float:
    """Clamp ``value`` to [0, 1]."""
    return max(0.0, min(1.0, value))


def linear_score(value: float, good: float, bad: float) -> float:
    """1 at ``good`` (or better), 0 at ``bad`` (or worse), linear between.

    Works both ways: ``good < bad`` (smaller is better) or ``good > bad`` (larger is better).

    Examples
    --------
    >>> linear_score(15.0, good=10.0, bad=20.0)
    0.5
    >>> linear_score(0.9, good=0.75, bad=0.45)
    1.0
    """
    if good == bad:
        return 1.0 if value == good else 0.0
    return clamp01((bad - value) / (bad - good))
