"""Memos keyed by the exact geometry a result is computed from (its WKB bytes).

The scenario generator checks thousands of layouts of one zone on one building: the medial
graphs of the site's surfaces and ramps and of every room outside the zone, and the measures of
rooms that recur from layout to layout, come out of these memos. Each is bounded (least
recently used entries are dropped) and a hit returns what a fresh computation gives, since the
key is the exact input.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.medial import MedialGraph, medial_graph
from spacedesign.analysis.medial_pieces import medial_graphs

__all__ = ["ShapeMemo", "add_pieces", "clear", "element_memo", "exact_floats", "made_pieces",
           "medial_memo", "piecewise_medial", "share_pieces"]

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class _Lru(Generic[K, T]):
    """A bounded least-recently-used map with hit counting.

    A lock keeps its order consistent when checks run in threads (a Dask worker's).
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.items: OrderedDict[K, T] = OrderedDict()
        self.hits = 0
        self.misses = 0
        self.lock = threading.Lock()

    def take(self, keys: list[K]) -> list[T | None]:
        """Return the value memoised under each key (None where there is none)."""
        out: list[T | None] = []
        with self.lock:
            for key in keys:
                hit = self.items.get(key)
                if hit is not None:
                    self.items.move_to_end(key)
                    self.hits += 1
                else:
                    self.misses += 1
                out.append(hit)
        return out

    def put(self, key: K, value: T) -> T:
        """Memoise ``value`` under ``key`` (dropping the least recently used); return it."""
        with self.lock:
            while len(self.items) >= self.limit:
                self.items.popitem(last=False)
            self.items[key] = value
        return value

    def offer(self, key: K, value: T) -> None:
        """Memoise ``value`` under ``key`` unless it is there already (dropping the oldest)."""
        with self.lock:
            if key in self.items:
                return
            while len(self.items) >= self.limit:
                self.items.popitem(last=False)
            self.items[key] = value

    def clear(self) -> None:
        """Forget every value."""
        with self.lock:
            self.items.clear()
            self.hits = self.misses = 0


_ELEMENT_MEMOS: list[_Lru] = []  # type: ignore[type-arg]


def element_memo(limit: int) -> _Lru[Hashable, object]:
    """Return a new bounded memo of one plan element's geometry, cleared by :func:`clear`.

    Keyed by the element's exact numbers (tuples of floats, see :func:`exact_floats`): the
    scenario generator keeps most of a level's walls, furniture and doors from plan to plan.
    """
    lru: _Lru[Hashable, object] = _Lru(limit)
    _ELEMENT_MEMOS.append(lru)
    return lru


def exact_floats(values: list[float]) -> bool:
    """Whether tuples of ``values`` are exact keys: no NaN, no negative zero.

    Float tuples compare by value, so ``-0.0 == 0.0`` and NaN never equals itself: a memo
    keyed by them is exact only when neither occurs (the rest compare bit for bit).
    """
    array = np.asarray(values, dtype=float)
    return not bool((np.isnan(array) | ((array == 0.0) & np.signbit(array))).any())


class _Memo(_Lru[bytes, MedialGraph]):
    """Medial graphs keyed by geometry (WKB bytes), least recently used dropped."""

    def get(self, key: bytes, polygon: BaseGeometry) -> MedialGraph:
        """Return the graph memoised under ``key``, else :func:`medial_graph` of ``polygon``."""
        hit = self.take([key])[0]
        return self.put(key, medial_graph(polygon)) if hit is None else hit


#: Medial graphs by the exact geometry (WKB) they were computed from: the scenario generator
#: checks many layouts on one site, whose surfaces and ramps then come out of this memo.
_MEDIAL = _Memo(64)
#: Medial graphs of the connected pieces of a level's free space (doors closed), by the exact
#: geometry of each piece, each with its nodes by x (stable): a new layout of one zone
#: recomputes only the pieces it changed.
_PIECES: _Lru[bytes, tuple[MedialGraph, NDArray[np.int64]]] = _Lru(512)
_MADE: list[tuple[bytes, MedialGraph]] | None = None
"""Pieces computed here since :func:`made_pieces` last ran (``None``: not kept)."""
_MADE_LOCK = threading.Lock()


def share_pieces() -> None:
    """Keep the medial pieces this process computes, for :func:`made_pieces` to hand on.

    A process pool calls it in each worker, which passes what it computed to the others
    (:func:`add_pieces`): a piece of free space is then computed once per pool, not once per
    worker.
    """
    global _MADE
    with _MADE_LOCK:
        if _MADE is None:
            _MADE = []


def made_pieces() -> list[tuple[bytes, MedialGraph]]:
    """Return the pieces (exact WKB, graph) computed here since the last call; forget them."""
    global _MADE
    with _MADE_LOCK:
        if _MADE is None:
            return []
        made, _MADE = _MADE, []
    return made


def add_pieces(entries: list[tuple[bytes, MedialGraph]]) -> None:
    """Add pieces another process computed (:func:`made_pieces`) to this process's memo.

    The graph is a pure function of the piece's exact geometry (the key) and its node order
    is recomputed here the way :func:`piecewise_medial` does, so they change no result.
    """
    for key, graph in entries:
        _PIECES.offer(key, (graph, _x_order(graph)))


def _x_order(graph: MedialGraph) -> NDArray[np.int64]:
    return np.argsort(graph.xy[:, 0], kind="stable").astype(np.int64)


def medial_memo(polygon: BaseGeometry) -> MedialGraph:
    """Return :func:`~spacedesign.analysis.medial.medial_graph` of ``polygon``, memoised.

    The key is the normalised polygon's WKB, so only a polygon with the same vertices hits;
    the result is the same a fresh computation gives.
    """
    # The medial graph depends on the normalised polygon only (its sampling normalises the
    # rings), so a copy with its rings started elsewhere (e.g. out of an overlay) hits too.
    return _MEDIAL.get(shapely.to_wkb(shapely.normalize(polygon)), polygon)


def piecewise_medial(polygon: BaseGeometry) -> MedialGraph:
    """Medial graphs of the connected parts of ``polygon``, one after the other.

    Each part's graph is computed on that part alone (its own boundary samples and Voronoi
    diagram) and memoised by the part's exact geometry, in the order of the normalised
    polygon's parts, so the result depends on the geometry only: a memoised part gives what a
    fresh computation gives. A level's free space with its doors closed falls apart into rooms
    (or groups of rooms open to each other) whose medial axes do not interact, and a scenario
    that changes one zone shares every other part with the plans checked before it.

    The result's ``spans`` mark where each part's nodes start (when there are several).
    """
    parts = [p for p in shapely.get_parts(shapely.normalize(polygon)) if isinstance(p, Polygon)]
    keys = list(shapely.to_wkb(np.array(parts, dtype=object))) if parts else []
    found = _PIECES.take(keys)
    missing = [k for k, g in enumerate(found) if g is None]
    for k, graph in zip(missing, medial_graphs([parts[k] for k in missing]), strict=True):
        found[k] = _PIECES.put(keys[k], (graph, _x_order(graph)))
        if _MADE is not None:
            with _MADE_LOCK:
                if _MADE is not None:
                    _MADE.append((keys[k], graph))
    done = [g for g in found if g is not None and g[0].size]
    if not done:
        return medial_graph(Polygon())
    offsets = np.cumsum([0] + [g.size for g, _ in done])
    return MedialGraph(
        np.concatenate([g.xy for g, _ in done]),
        np.concatenate([g.edges + k for (g, _), k in zip(done, offsets[:-1], strict=True)]),
        np.concatenate([g.clearance for g, _ in done]),
        offsets.astype(np.int64) if len(done) > 1 else None,
        # each part's nodes by x, in turn (see Region.x_order)
        np.concatenate([o + k for (_, o), k in zip(done, offsets[:-1], strict=True)]),
    )


class ShapeMemo(Generic[T]):
    """``fn(geometry, *args)`` memoised by the geometry's exact WKB and the other arguments.

    For pure functions of a geometry whose result is immutable (a number, a frozen record).
    At most ``limit`` results are kept (least recently used dropped); :func:`clear` forgets
    every ShapeMemo's results.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> area = ShapeMemo(lambda g, k: g.area * k, limit=4)
    >>> area(box(0, 0, 2, 1), 3.0), area(box(0, 0, 2, 1), 3.0), area.hits
    (6.0, 6.0, 1)
    """

    def __init__(self, fn: Callable[..., T], limit: int) -> None:
        self.fn = fn
        self._lru: _Lru[tuple[Hashable, ...], T] = _Lru(limit)
        _SHAPE_MEMOS.append(self)

    @property
    def items(self) -> OrderedDict[tuple[Hashable, ...], T]:
        """The memoised results by key, least recently used first."""
        return self._lru.items

    @property
    def hits(self) -> int:
        """Calls answered from the memo since it was last cleared."""
        return self._lru.hits

    def __call__(self, geometry: BaseGeometry, *args: Hashable) -> T:
        """Return ``fn(geometry, *args)``, computed once per exact geometry and arguments."""
        key = (shapely.to_wkb(geometry), *args)
        hit = self._lru.take([key])[0]
        return self._lru.put(key, self.fn(geometry, *args)) if hit is None else hit

    def clear(self) -> None:
        """Forget every result."""
        self._lru.clear()


_SHAPE_MEMOS: list[ShapeMemo] = []  # type: ignore[type-arg]


def clear() -> None:
    """Forget every memoised graph and every :class:`ShapeMemo`'s results."""
    _MEDIAL.clear()
    _PIECES.clear()
    for lru in _ELEMENT_MEMOS:
        lru.clear()
    for shape_memo in _SHAPE_MEMOS:
        shape_memo.clear()
