"""Reach tests of a route set: by wheelchair, on foot, and without level changes.

The part of :class:`~.routes.RouteSet` that STEP-FREE and the reach tests read (whether a
source gets to a target at all), kept apart so that routes.py stays under 400 lines.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, connected_components

from spacedesign.analysis.entries import EdgeEntries
from spacedesign.analysis.network import Graph

if TYPE_CHECKING:
    from spacedesign.analysis.routes import Target

__all__ = ["LevelRoutes"]


class LevelRoutes:
    """Reach tests of a route set: by wheelchair, on foot, and without level changes."""

    graph: Graph
    wheel_edge: NDArray[np.bool_]
    level_edge: NDArray[np.bool_]
    sources: tuple[tuple[str, int], ...]
    wheel_dist: NDArray[np.float64]
    walk_dist: NDArray[np.float64]
    _entries: EdgeEntries
    _level_reached: dict[int, NDArray[np.bool_]]

    def reaches(self, source: int, target: Target) -> bool:
        """Whether a wheelchair gets from source number ``source`` to ``target``."""
        return bool(len(target.nodes)) and bool(
            np.isfinite(self.wheel_dist[source, target.nodes]).any()
        )

    def walks(self, source: int, target: Target) -> bool:
        """Whether a walking person gets there (steps allowed)."""
        return bool(len(target.nodes)) and bool(
            np.isfinite(self.walk_dist[source, target.nodes]).any()
        )

    @cached_property
    def level_parts(self) -> NDArray[np.int32]:
        """Connected part of every node on the edges without level changes (any width).

        Two nodes have a route without level changes between them exactly when they are in
        the same part; computed on first use.
        """
        # Both ways or one way, the edges join the same parts (labels are only compared); on
        # the matrix holding each edge both ways, strong parts are those parts (no transpose).
        _, labels = connected_components(self._level_matrix, directed=True, connection="strong")
        return np.asarray(labels)

    @cached_property
    def _level_matrix(self) -> csr_matrix:
        """The edges without level changes, each both ways (weight 1)."""
        return self._entries.both_ways(self.level_edge, np.ones(len(self.level_edge)))

    def _level_reach(self, source: int) -> NDArray[np.bool_]:
        """Nodes joined to source number ``source`` by edges without level changes.

        A breadth-first search over the matrix holding each such edge both ways reaches
        exactly the source's part of :attr:`level_parts`, and only it.
        """
        hit = self._level_reached.get(source)
        if hit is None:
            order = breadth_first_order(
                self._level_matrix,
                self.sources[source][1],
                directed=True,
                return_predecessors=False,
            )
            hit = self._level_reached[source] = np.zeros(self.graph.size, dtype=bool)
            hit[order] = True
        return hit

    def level_reaches(self, source: int, target: Target) -> bool:
        """Whether there is a route without level changes (any width).

        A wheelchair route is one when every wheelchair edge is also a level edge (a wheelchair
        node is wide enough to walk through): then :attr:`level_parts` is only computed for a
        target no wheelchair reaches.
        """
        if not len(target.nodes):
            return False
        if self.wheel_is_level and self.reaches(source, target):
            return True
        # The source's part of level_parts, found by one search from the source.
        return bool(self._level_reach(source)[target.nodes].any())

    @cached_property
    def wheel_is_level(self) -> bool:
        """Whether every wheelchair edge is a level edge (so wheelchair routes are level)."""
        return not bool((self.wheel_edge & ~self.level_edge).any())
