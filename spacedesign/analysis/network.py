"""The movement network of a plan: medial graphs of every level and exterior surface, joined.

This module holds the data structures (builder, graph, regions); :mod:`.assemble` builds the
network of a plan from its levels and :mod:`.exterior` adds the site.

Each level is analysed with its doors *closed*: the medial graph of the closed free space
keeps every room (or group of rooms open to each other) apart, and each door or opening becomes
a *port* node joined to the nodes whose largest free disc reaches its gap from either side.
Other ports: access points, parking bays, the outer face of entrance doors, ramp ends, steps,
curbs between surfaces, counters and elevators. Each node carries

``free``   clearance (m): for medial nodes the distance to the nearest obstacle; for a door
           port half its clear width. A wheelchair of passing width ``w`` uses nodes with
           ``free >= w/2`` (ROUTE-REACH).
``route``  the clearance ROUTE-WIDTH judges: as ``free``, but infinite on door ports and on the
           nodes of a port's approach (doors are judged by DOOR-WIDTH; a 1 m apron crossed to
           reach a ramp is not a 1 m path) and on ramps (judged by RAMP-WIDTH).

Edges carry a length and whether a wheelchair may use them: an edge that changes level by more
than :data:`LEVEL_TOLERANCE` without a ramp or lift (steps, a door above the pavement, a curb
between surfaces) is for walking only and names the element that causes the level change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.freespace import DoorGap
from spacedesign.analysis.memo import medial_memo, piecewise_medial

__all__ = [
    "LEVEL_EPSILON",
    "LEVEL_TOLERANCE",
    "Graph",
    "Network",
    "Region",
    "distance_to",
    "is_level",
]

#: Level differences up to this height count as level (Yokohama: ≤ 2 cm, chamfered).
LEVEL_TOLERANCE = 0.02
#: Rounding allowance on a level difference: 0.05 - 0.03 is 0.020000000000000004 in floats.
LEVEL_EPSILON = 1e-9


def is_level(diff: float) -> bool:
    """Whether a level difference of ``diff`` metres counts as level (within the tolerance).

    Examples
    --------
    >>> is_level(0.05 - 0.03), is_level(0.021)
    (True, False)
    """
    return abs(diff) <= LEVEL_TOLERANCE + LEVEL_EPSILON


#: Largest level difference at a joint that a walking person is assumed to manage (undrawn
#: steps); larger ones are not joined at all.
WALK_STEP = 1.0
#: Port attachment: a node joins a port when its largest free disc comes this close (m).
TOUCH = 0.06
INF = np.inf


@dataclass
class Network:
    """Mutable builder and result: node arrays, edge arrays and named ports."""

    xy: list[NDArray[np.float64]] = field(default_factory=list)
    free: list[NDArray[np.float64]] = field(default_factory=list)
    route: list[NDArray[np.float64]] = field(default_factory=list)
    room: list[NDArray[np.int64]] = field(default_factory=list)
    door: list[NDArray[np.int64]] = field(default_factory=list)
    edges: list[NDArray[np.int64]] = field(default_factory=list)
    wheel: list[NDArray[np.bool_]] = field(default_factory=list)
    change: list[NDArray[np.int64]] = field(default_factory=list)
    size: int = 0
    rooms: list[tuple[str, str]] = field(default_factory=list)
    doors: list[tuple[str, DoorGap]] = field(default_factory=list)
    #: For each door: the side of its wall that is outside (+1/-1), None for an interior door.
    outside: list[float | None] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    ports: dict[str, int] = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)
    zones: list[NDArray[np.int64]] = field(default_factory=list)

    def add_nodes(
        self,
        xy: NDArray[np.float64],
        free: NDArray[np.float64],
        route: NDArray[np.float64],
        room: NDArray[np.int64] | None = None,
        door: NDArray[np.int64] | None = None,
    ) -> int:
        """Append nodes; return the index of the first."""
        n = len(xy)
        self.xy.append(np.asarray(xy, dtype=float).reshape(-1, 2))
        self.free.append(np.asarray(free, dtype=float))
        self.route.append(np.asarray(route, dtype=float))
        self.room.append(np.full(n, -1, dtype=np.int64) if room is None else room)
        self.door.append(np.full(n, -1, dtype=np.int64) if door is None else door)
        first = self.size
        self.size += n
        return first

    def add_port(self, name: str, at: tuple[float, float]) -> int:
        """Add a port node (infinite clearance) called ``name``; return its index."""
        index = self.add_nodes(np.array([at]), np.array([INF]), np.array([INF]))
        self.ports[name] = index
        return index

    def add_edges(
        self, pairs: NDArray[np.int64], wheel: bool = True, change: str | None = None
    ) -> None:
        """Append edges between node indices (``pairs``: k×2)."""
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        if len(pairs) == 0:
            return
        code = -1
        if change is not None:
            self.changes.append(change)
            code = len(self.changes) - 1
        self.edges.append(pairs)
        self.wheel.append(np.full(len(pairs), wheel))
        self.change.append(np.full(len(pairs), code, dtype=np.int64))

    def finish(self) -> Graph:
        """Freeze the arrays into a :class:`Graph`."""

        def cat(parts: list[NDArray[np.generic]], shape: tuple[int, ...], dtype: type) -> NDArray:  # type: ignore[type-arg]
            return np.concatenate(parts) if parts else np.zeros(shape, dtype=dtype)

        xy = cat(self.xy, (0, 2), float)  # type: ignore[arg-type]
        route = cat(self.route, (0,), float)  # type: ignore[arg-type]
        if self.zones:
            route[np.concatenate(self.zones)] = INF
        edges = cat(self.edges, (0, 2), np.int64)  # type: ignore[arg-type]
        # Column by column: the same differences as the rows of xy[u] - xy[v], without
        # gathering whole rows of the (n, 2) array.
        x, y, u, v = xy[:, 0], xy[:, 1], edges[:, 0], edges[:, 1]
        lengths = np.hypot(x[u] - x[v], y[u] - y[v]) if len(edges) else np.zeros(0)
        return Graph(
            xy=xy,
            free=cat(self.free, (0,), float),  # type: ignore[arg-type]
            route=route,
            room=cat(self.room, (0,), np.int64),  # type: ignore[arg-type]
            door=cat(self.door, (0,), np.int64),  # type: ignore[arg-type]
            edges=edges,
            length=lengths,
            wheel=cat(self.wheel, (0,), bool),  # type: ignore[arg-type]
            change=cat(self.change, (0,), np.int64),  # type: ignore[arg-type]
            rooms=tuple(self.rooms),
            doors=tuple(self.doors),
            outside=tuple(self.outside),
            changes=tuple(self.changes),
            ports=dict(self.ports),
            regions=tuple(self.regions),
        )


@dataclass(frozen=True)
class Graph:
    """The finished network (arrays indexed by node or edge)."""

    xy: NDArray[np.float64]
    free: NDArray[np.float64]
    route: NDArray[np.float64]
    room: NDArray[np.int64]
    door: NDArray[np.int64]
    edges: NDArray[np.int64]
    length: NDArray[np.float64]
    wheel: NDArray[np.bool_]
    change: NDArray[np.int64]
    rooms: tuple[tuple[str, str], ...]
    doors: tuple[tuple[str, DoorGap], ...]
    changes: tuple[str, ...]
    ports: dict[str, int]
    regions: tuple[Region, ...] = ()
    #: The outside side of each door (see :func:`~spacedesign.analysis.assemble.outside_side`),
    #: or nothing when the builder did not record them.
    outside: tuple[float | None, ...] = ()

    @property
    def size(self) -> int:
        """Number of nodes."""
        return int(self.xy.shape[0])

    def region(self, name: str) -> Region | None:
        """Return the region called ``name`` (``level:<id>``, ``ramp:<id>``, ...)."""
        return next((r for r in self.regions if r.name == name), None)

    def neighbours(self, node: int) -> NDArray[np.int64]:
        """Nodes joined to ``node`` by an edge (from it, then to it; each in edge order).

        Two comparisons over the edge list: a check asks for the neighbours of a few ports
        (an elevator room's doors), far cheaper than grouping every edge by its ends.
        """
        e = self.edges
        return np.concatenate([e[e[:, 0] == node, 1], e[e[:, 1] == node, 0]])

    @cached_property
    def memo(self) -> dict[tuple[object, ...], object]:
        """Results computed from this graph alone, kept with it (e.g. room targets)."""
        return {}


def distance_to(geom: BaseGeometry, xy: NDArray[np.float64]) -> NDArray[np.float64]:
    """Distance from each point of ``xy`` to ``geom`` (numpy; no shapely point objects)."""
    if len(xy) == 0:
        return np.zeros(0)
    if isinstance(geom, Point):
        return np.asarray(np.hypot(xy[:, 0] - geom.x, xy[:, 1] - geom.y), dtype=float)
    if isinstance(geom, Polygon):
        parts = shapely.get_rings(geom)
    elif isinstance(geom, LineString):
        parts = np.array([geom])
    else:
        return np.asarray(shapely.distance(shapely.points(xy), geom), dtype=float)
    coords, ring = shapely.get_coordinates(parts, return_index=True)
    if len(coords) < 2:
        return np.asarray(shapely.distance(shapely.points(xy), geom), dtype=float)
    same = ring[1:] == ring[:-1]
    a, b = coords[:-1][same], coords[1:][same]
    ab = b - a
    length2 = np.maximum((ab * ab).sum(axis=1), 1e-18)
    rel = xy[:, None, :] - a[None, :, :]
    t = np.clip((rel * ab[None, :, :]).sum(axis=2) / length2[None, :], 0.0, 1.0)
    foot = a[None, :, :] + t[:, :, None] * ab[None, :, :]
    dist = np.hypot(xy[:, None, 0] - foot[:, :, 0], xy[:, None, 1] - foot[:, :, 1]).min(axis=1)
    if isinstance(geom, Polygon):
        dist = np.where(shapely.contains_xy(geom, xy[:, 0], xy[:, 1]), 0.0, dist)
    return np.asarray(dist, dtype=float)


@dataclass(frozen=True)
class Region:
    """A run of nodes that came from one medial graph (a level, a surface group or a ramp)."""

    name: str
    first: int
    xy: NDArray[np.float64]
    free: NDArray[np.float64]
    elevation: float = 0.0
    #: First node of each piece (a run of nodes from one medial graph) and the node count at
    #: the end; None: the region is one piece.
    spans: NDArray[np.int64] | None = None
    #: The nodes by x within each piece (stable), if known (a medial graph's
    #: :attr:`~spacedesign.analysis.medial.MedialGraph.x_order`); else sorted on first use.
    x_order: NDArray[np.int64] | None = None

    def touching(self, geom: BaseGeometry, tol: float = TOUCH) -> NDArray[np.int64]:
        """Nodes whose largest free disc reaches ``geom`` (within ``tol``), as global indices."""
        return self.touching_within(geom, tol, tol)[0]

    def touching_within(
        self, geom: BaseGeometry, tol: float, inner: float = TOUCH
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """:meth:`touching` with ``tol`` and with ``inner`` (≤ ``tol``), from one distance pass.

        Every node whose disc reaches ``geom`` within ``inner`` also passes the ``tol`` tests,
        and each node's distance does not depend on the others, so the second set is the
        subset of the first that the same comparison with ``inner`` keeps.
        """
        empty = np.zeros(0, dtype=np.int64)
        if inner > tol:
            return self.touching(geom, tol), self.touching(geom, inner)
        if len(self.xy) == 0 or geom.is_empty:
            return empty, empty
        x0, y0, x1, y1 = geom.bounds
        # No node can reach a geometry farther from the region's box than its largest disc
        # (each node's box distance below is at least the region's): skip the node arrays.
        ax0, ay0, ax1, ay1, reach = self._extent
        gx = max(x0 - ax1, ax0 - x1, 0.0)
        gy = max(y0 - ay1, ay0 - y1, 0.0)
        if gx * gx + gy * gy > (reach + tol) ** 2:
            return empty, empty
        xy = self.xy
        dx = np.maximum(np.maximum(x0 - xy[:, 0], xy[:, 0] - x1), 0.0)
        dy = np.maximum(np.maximum(y0 - xy[:, 1], xy[:, 1] - y1), 0.0)
        idx = np.nonzero(dx * dx + dy * dy <= (self.free + tol) ** 2)[0]
        if len(idx) == 0:
            return empty, empty
        dist = distance_to(geom, xy[idx])
        free = self.free[idx]
        found = (idx[dist <= free + tol] + self.first).astype(np.int64)
        close = (idx[dist <= free + inner] + self.first).astype(np.int64)
        return found, close

    @cached_property
    def _extent(self) -> tuple[float, float, float, float, float]:
        """Bounding box of the nodes and their largest clearance."""
        # Column by column: a reduction along the short rows of an (n, 2) array is several
        # times slower than over each column, for the same minima and maxima.
        x, y, free = self.xy[:, 0], self.xy[:, 1], self.free
        return float(x.min()), float(y.min()), float(x.max()), float(y.max()), float(free.max())

    @cached_property
    def pieces(
        self,
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
        """First and end node of each non-empty piece, its nodes' box (k×4), largest clearance.

        Every node of a piece lies in the piece's box and its clearance is at most the piece's,
        so a piece that fails a reach test for its box and clearance has no node that passes.
        """
        n = len(self.xy)
        spans = np.array([0, n], dtype=np.int64) if self.spans is None else self.spans
        start, stop = spans[:-1], spans[1:]
        keep = stop > start
        start, stop = start[keep], stop[keep]
        if not len(start):
            return start, stop, np.zeros((0, 4)), np.zeros(0)
        lo = np.minimum.reduceat(self.xy, start, axis=0)
        hi = np.maximum.reduceat(self.xy, start, axis=0)
        return start, stop, np.concatenate([lo, hi], axis=1), np.maximum.reduceat(self.free, start)

    @cached_property
    def x_sorted(
        self,
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """The nodes by x within each piece of :attr:`pieces`, and keys to search them by.

        Returns ``order`` (node indices), ``keys`` (each node's x plus its piece's shift,
        ascending: every piece's keys lie after the previous piece's), and each piece's
        smallest x and shift. Adding a constant rounds monotonically, so the nodes of piece
        ``k`` with x >= q have keys >= ``min(max(q, x_min[k]), ...) + shift[k]`` as rounded:
        a search of ``keys`` brackets them (see :func:`~spacedesign.analysis.touch.touching_many`).
        """
        start, stop, box, _ = self.pieces
        x = self.xy[:, 0]
        order = self.x_order
        if order is None:
            piece = np.zeros(len(x), dtype=np.int64)
            if self.spans is not None:
                piece = np.repeat(np.arange(len(self.spans) - 1), np.diff(self.spans))
            order = np.lexsort((x, piece)).astype(np.int64)
        width = box[:, 2] - box[:, 0]
        base = np.cumsum(width + 1.0) - (width + 1.0)
        shift = base - box[:, 0]
        keys = x[order] + np.repeat(shift, stop - start)
        return order, keys, box[:, 0], shift

    def nearest(self, at: tuple[float, float]) -> int | None:
        """Return the global index of the node nearest to ``at`` (None for an empty region)."""
        if len(self.xy) == 0:
            return None
        d = np.hypot(self.xy[:, 0] - at[0], self.xy[:, 1] - at[1])
        return int(np.argmin(d)) + self.first


def _connect(
    net: Network,
    port: int,
    nodes: NDArray[np.int64],
    *,
    zone: NDArray[np.int64] | None = None,
    **kw: object,
) -> None:
    """Join ``port`` to ``nodes``.

    ``zone``: nodes whose free disc reaches an *exterior* port itself (an arrival point, a ramp
    end, the face of an entrance door). Their clearance measures how the port sits in its
    surface, not a passage: a 1 m deep apron crossed to reach a ramp is not a 1 m path, so
    ROUTE-WIDTH ignores them. Inside the building no zone is needed: a door port joins the
    nodes whose disc reaches its gap, and the passage on either side is judged as it is.
    """
    if len(nodes):
        pairs = np.stack([np.full(len(nodes), port), nodes], axis=1)
        net.add_edges(pairs, **kw)  # type: ignore[arg-type]
    if zone is not None and len(zone):
        net.zones.append(zone)


def _add_medial(
    net: Network,
    name: str,
    polygon: BaseGeometry,
    route_inf: bool = False,
    elevation: float = 0.0,
    pieces: bool = False,
) -> Region:
    graph = piecewise_medial(polygon) if pieces else medial_memo(polygon)
    route = np.full(graph.size, INF) if route_inf else graph.clearance
    first = net.add_nodes(graph.xy, graph.clearance, route)
    net.add_edges(graph.edges + first)
    region = Region(name, first, graph.xy, graph.clearance, elevation, graph.spans, graph.x_order)
    net.regions.append(region)
    return region
