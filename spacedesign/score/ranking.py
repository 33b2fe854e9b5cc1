"""Ranking scorecards and their Pareto front across the main criteria."""

from __future__ import annotations

from collections.abc import Sequence

from spacedesign.score.scorecard import Scorecard

__all__ = [
    "PARETO_CRITERIA", "dominates", "pareto_criteria", "pareto_front", "rank", "scenario_front",
]

PARETO_CRITERIA = ("accessibility", "capacity", "program_fit", "adjacency", "walking")
"""The main criteria of the Pareto front (all maximised)."""


def dominates(a: Sequence[float], b: Sequence[float]) -> bool:
    """Whether ``a`` dominates ``b``: at least as good everywhere and better somewhere.

    Examples
    --------
    >>> dominates((2, 3), (2, 1)), dominates((2, 3), (2, 3)), dominates((3, 1), (1, 3))
    (True, False, False)
    """
    better = False
    for x, y in zip(a, b, strict=True):
        if x < y:
            return False
        if x > y:
            better = True
    return better


def pareto_front(points: Sequence[Sequence[float]]) -> list[int]:
    """Return the indices of the points no other point dominates (maximising).

    Equal points do not dominate each other, so duplicates are on the front together.

    Examples
    --------
    >>> pareto_front([(1, 1), (2, 0), (0, 2), (0, 0)])
    [0, 1, 2]
    """
    front = []
    for i, p in enumerate(points):
        if not any(dominates(q, p) for j, q in enumerate(points) if j != i):
            front.append(i)
    return front


def rank(cards: Sequence[Scorecard]) -> list[Scorecard]:
    """Scorecards best first: by composite, then accessibility, then name."""
    return sorted(cards, key=lambda c: (-round(c.composite, 6),
                                        -(c.value("accessibility") or 0.0), c.name))


def pareto_criteria(cards: Sequence[Scorecard]) -> list[str]:
    """Return the main criteria judged for every scorecard (n/a on any one drops it)."""
    return [k for k in PARETO_CRITERIA if all(c.value(k) is not None for c in cards)]


def scenario_front(cards: Sequence[Scorecard]) -> tuple[list[str], list[int]]:
    """Return the criteria used and the indices of ``cards`` on their Pareto front."""
    keys = pareto_criteria(cards)
    points = [[float(c.value(k) or 0.0) for k in keys] for c in cards]
    return keys, pareto_front(points) if keys else list(range(len(cards)))
