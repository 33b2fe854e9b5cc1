"""Pure spatial analysis: free space, clear widths, wheelchair routes, turning circles, isovists.

No file I/O here (DESIGN.md §2); every function takes model records or shapely geometry.
"""

from spacedesign.analysis.assemble import build_network, clear_caches, network_for
from spacedesign.analysis.freespace import (
    Circle,
    DoorGap,
    door_gaps,
    floor_area,
    free_space,
    largest_turning_circle,
    obstacles,
    room_net_floor,
)
from spacedesign.analysis.medial import MedialGraph, medial_graph
from spacedesign.analysis.network import Graph
from spacedesign.analysis.routes import RouteSet, Target, route_set
from spacedesign.analysis.targets import route_sources, route_targets
from spacedesign.analysis.visibility import isovist
from spacedesign.analysis.width import ClearWidth, clear_width

__all__ = [
    "Circle",
    "ClearWidth",
    "DoorGap",
    "Graph",
    "MedialGraph",
    "RouteSet",
    "Target",
    "build_network",
    "clear_caches",
    "clear_width",
    "door_gaps",
    "floor_area",
    "free_space",
    "isovist",
    "largest_turning_circle",
    "medial_graph",
    "network_for",
    "obstacles",
    "room_net_floor",
    "route_set",
    "route_sources",
    "route_targets",
]
