"""The program of spaces a layout must contain (file format ``spacedesign.program/1``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DEFAULT_SCORE_WEIGHTS", "Program", "Space"]

DEFAULT_SCORE_WEIGHTS: Mapping[str, float] = {
    "accessibility": 0.30,
    "capacity": 0.15,
    "program_fit": 0.15,
    "adjacency": 0.10,
    "efficiency": 0.05,
    "family": 0.10,
    "daylight": 0.05,
    "walking": 0.10,
}
"""Default composite weights of the scorecard; a program's ``weights:`` overrides them."""


def _props() -> Mapping[str, Any]:
    return {}


@dataclass(frozen=True)
class Space:
    """One kind of space: ``count`` rooms of ``use`` each with an area in ``area`` = (min, max)."""

    id: str
    use: str
    area: tuple[float, float]
    count: int = 1
    min_side: float | None = None
    seats: int | None = None
    private: bool = False
    daylight: bool = False
    near: str | None = None
    props: Mapping[str, Any] = field(default_factory=_props)


@dataclass(frozen=True)
class Program:
    """What a layout of the renovation zone must contain, and how its rooms relate."""

    name: str
    spaces: tuple[Space, ...]
    plan: str | None = None
    zone: str | None = None
    ruleset: str = "jp-recommended"
    adjacency: tuple[tuple[str, str, float], ...] = ()
    corridor_width: float = 1.8
    weights: Mapping[str, float] = field(default_factory=_props)
    props: Mapping[str, Any] = field(default_factory=_props)

    def space(self, space_id: str) -> Space:
        """Return the space with ``space_id`` (KeyError if absent).

        Parameters
        ----------
        space_id : str
            A space id of this program.

        Returns
        -------
        Space
            The space.
        """
        for space in self.spaces:
            if space.id == space_id:
                return space
        raise KeyError(space_id)

    def score_weights(self) -> dict[str, float]:
        """Return the composite weights: the defaults overridden by the program's ``weights``.

        Returns
        -------
        dict of str to float
            Weight per scorecard criterion.
        """
        merged = dict(DEFAULT_SCORE_WEIGHTS)
        merged.update(self.weights)
        return merged
