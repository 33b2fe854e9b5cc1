"""The site's part of the movement network, built once and replayed for plans that share it.

The scenario generator checks thousands of layouts of one zone inside one building: the site,
the building's footprint and its entrance doors are the same in all of them, and so is the part
of the network :func:`~spacedesign.analysis.exterior.add_site` adds (surfaces, ramps, steps,
arrivals and their joints to the entrance doors). That part is recorded once and appended again
with its node indices moved to where it starts in the new network and its edges to the door
ports renumbered: the same nodes, edges, ports and regions a fresh build gives.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from spacedesign.analysis.exterior import add_site, building_footprint
from spacedesign.analysis.freespace import DoorGap
from spacedesign.analysis.network import Network, Region
from spacedesign.model import Level, Plan, Site

__all__ = ["add_site_memo", "clear"]


@dataclass(frozen=True)
class _Fragment:
    """What :func:`add_site` appended to a network that had ``start`` nodes."""

    start: int
    changes_start: int
    door_ports: tuple[int, ...]
    nodes: tuple[tuple[NDArray, ...], ...]  # type: ignore[type-arg]
    edges: tuple[tuple[NDArray, NDArray, NDArray], ...]  # type: ignore[type-arg]
    changes: tuple[str, ...]
    ports: tuple[tuple[str, int], ...]
    regions: tuple[Region, ...]
    zones: tuple[NDArray[np.int64], ...]


_SITES: OrderedDict[tuple[object, ...], tuple[Site, _Fragment]] = OrderedDict()
_SITES_MAX = 16
_LOCK = threading.Lock()


def clear() -> None:
    """Forget every recorded site."""
    with _LOCK:
        _SITES.clear()


def _door_key(net: Network, doors: list[tuple[Level, DoorGap, int]]) -> tuple[object, ...]:
    """Everything :func:`add_site` reads of the entrance doors (their ports' points included)."""
    xy = np.concatenate(net.xy) if net.xy else np.zeros((0, 2))
    return tuple(
        (
            level.id,
            level.elevation,
            gap.opening.id,
            float(xy[port, 0]),
            float(xy[port, 1]),
            gap.depth,
        )
        for level, gap, port in doors
    )


def add_site_memo(net: Network, plan: Plan, doors: list[tuple[Level, DoorGap, int]]) -> None:
    """Add the site to ``net`` as :func:`add_site` does, replaying a recorded build if any.

    The record is keyed by the site record itself (frozen), the building footprint's exact
    geometry and the entrance doors (level, elevation, id, port point, depth).
    """
    site = plan.site
    assert site is not None
    building = building_footprint(plan)
    key = (id(site), shapely.to_wkb(shapely.normalize(building)), _door_key(net, doors))
    with _LOCK:
        hit = _SITES.get(key)
        if hit is not None and hit[0] is site:
            _SITES.move_to_end(key)
    if hit is not None and hit[0] is site:
        _replay(net, hit[1], [port for _, _, port in doors])
        return
    fragment = _record(net, plan, doors, building)
    with _LOCK:
        while len(_SITES) >= _SITES_MAX:
            _SITES.popitem(last=False)
        _SITES[key] = (site, fragment)


def _record(
    net: Network, plan: Plan, doors: list[tuple[Level, DoorGap, int]], building: BaseGeometry
) -> _Fragment:
    start, changes_start = net.size, len(net.changes)
    blocks = [len(net.xy), len(net.edges), len(net.regions), len(net.zones)]
    names = set(net.ports)
    add_site(net, plan, doors, building)
    k_nodes, k_edges, k_regions, k_zones = blocks
    return _Fragment(
        start=start,
        changes_start=changes_start,
        door_ports=tuple(port for _, _, port in doors),
        # Each column's blocks joined into one array: a replay appends one block per column
        # (the network's arrays are the blocks concatenated, so the graph is the same).
        nodes=_joined(
            [
                net.xy[k_nodes:],
                net.free[k_nodes:],
                net.route[k_nodes:],
                net.room[k_nodes:],
                net.door[k_nodes:],
            ]
        ),
        edges=_joined([net.edges[k_edges:], net.wheel[k_edges:], net.change[k_edges:]]),  # type: ignore[arg-type]
        changes=tuple(net.changes[changes_start:]),
        ports=tuple((name, index) for name, index in net.ports.items() if name not in names),
        regions=tuple(net.regions[k_regions:]),
        zones=tuple(net.zones[k_zones:]),
    )


def _joined(columns: list[list[NDArray]]) -> tuple[tuple[NDArray, ...], ...]:  # type: ignore[type-arg]
    """Return each column's blocks concatenated: one row of arrays (none if there are none)."""
    if not columns[0]:
        return ()
    return (tuple(np.concatenate(blocks) for blocks in columns),)


def _replay(net: Network, fragment: _Fragment, door_ports: list[int]) -> None:
    shift = net.size - fragment.start
    old = np.array(fragment.door_ports, dtype=np.int64)
    new = np.array(door_ports, dtype=np.int64)
    order = np.argsort(old)

    def moved(index: NDArray[np.int64]) -> NDArray[np.int64]:
        """Site nodes move by ``shift``; nodes before the site are door ports, renumbered."""
        out = index + shift
        before = index < fragment.start
        if before.any():
            at = np.minimum(np.searchsorted(old[order], index[before]), max(len(old) - 1, 0))
            if not len(old) or not np.array_equal(old[order][at], index[before]):
                raise ValueError("a recorded site edge ends at a node that is no door port")
            out[before] = new[order][at]
        return out

    for xy, free, route, room, door in fragment.nodes:
        net.xy.append(xy)
        net.free.append(free)
        net.route.append(route)
        net.room.append(room)
        net.door.append(door)
        net.size += len(xy)
    recode = len(net.changes) - fragment.changes_start
    for pairs, wheel, change in fragment.edges:
        net.edges.append(moved(pairs))
        net.wheel.append(wheel)
        net.change.append(np.where(change >= 0, change + recode, change))
    net.changes.extend(fragment.changes)
    net.ports.update((name, index + shift) for name, index in fragment.ports)
    net.regions.extend(replace(region, first=region.first + shift) for region in fragment.regions)
    net.zones.extend(zone + shift for zone in fragment.zones)
