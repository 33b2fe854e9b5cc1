"""Furnish the generated rooms of a scenario, reusing the furniture of rooms seen before.

A search finishes many scenarios of one zone whose rooms often come out the same (the same
rectangle with the same door in the same walls). :func:`furnish_new_rooms` furnishes every
generated room with :func:`spacedesign.capacity.furnish_plan`, each room on its own in a
sub-plan that holds exactly what the furnisher looks at for it (the room, the walls, columns and
fixtures over it, the openings into it), and keeps the result per process keyed by those
inputs. A room with the same inputs gets the same furniture as a fresh call, so the memo changes
no result (and no file): it only saves the furnisher's time.

>>> from spacedesign.generate.scenario.furnishing import MEMO_SIZE
>>> MEMO_SIZE
512
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Sequence

from spacedesign.capacity import STYLES_BY_USE, furnish_plan
from spacedesign.capacity.furniture import plan_ids
from spacedesign.model import Furniture, Level, Plan, Room

__all__ = ["MEMO_SIZE", "furnish_new_rooms", "generated_ids"]

MEMO_SIZE = 512
"""Rooms whose furniture each process keeps (least recently used go first)."""

_MEMO: OrderedDict[str, tuple[Furniture, ...]] = OrderedDict()


def generated_ids(plan: Plan) -> set[str]:
    """Return the ids of the rooms the generator made (``props.generated``)."""
    return {r.id for lv in plan.levels for r in lv.rooms if r.props.get("generated")}


def _room_level(level: Level, room: Room) -> Level:
    """Return the level cut down to ``room`` and what the furnisher looks at for it.

    That is (as :func:`spacedesign.capacity.room_space` selects them) the walls, columns and
    fixtures that overlap the room and the openings into it or in those walls. Walls and
    openings are renumbered in their order, so that the same room between the same walls is
    the same sub-level whatever ids its layout gave them (no furniture record carries them).
    """
    poly = room.polygon.geometry
    walls = [w for w in level.walls if not w.footprint.is_empty and w.footprint.intersects(poly)]
    names = {w.id: f"w{i}" for i, w in enumerate(walls)}
    openings = tuple(
        dataclasses.replace(o, id=f"o{i}", wall=names[o.wall])
        for i, o in enumerate(o for o in level.openings if o.wall in names
                              and (o.connects is None or room.id in o.connects)))
    columns = tuple(c for c in level.columns if c.polygon.geometry.intersects(poly))
    fixtures = tuple(f for f in level.fixtures if f.room == room.id or (
        f.polygon is not None and f.polygon.geometry.intersects(poly)))
    return dataclasses.replace(
        level, rooms=(room,), walls=tuple(dataclasses.replace(w, id=names[w.id]) for w in walls),
        openings=openings, columns=columns, fixtures=fixtures, furniture=(), zones=())


def _furnish_room(plan: Plan, level: Level, room: Room, ruleset: str) -> tuple[Furniture, ...]:
    sub_level = _room_level(level, room)
    # the records' field values, exactly (dataclass repr; floats print round-trip)
    key = repr((ruleset, sub_level))
    hit = _MEMO.get(key)
    if hit is not None:
        _MEMO.move_to_end(key)
        return hit
    sub = plan.with_changes(levels=(sub_level,), site=None)
    found = tuple(f for f in furnish_plan(sub, ruleset=ruleset).levels[0].furniture
                  if f.room == room.id)
    _MEMO[key] = found
    while len(_MEMO) > MEMO_SIZE:
        _MEMO.popitem(last=False)
    return found


def _canonical(items: Sequence[Furniture], rooms: Sequence[Room]) -> bool:
    """Whether every room's pieces are numbered ``ROOM-KIND-1, 2, …`` with no gap (no clash)."""
    for room in rooms:
        own = [f for f in items if f.room == room.id]
        if any(f.id != f"{room.id}-{f.kind}-{i}" for i, f in enumerate(own, 1)):
            return False
    return True


def furnish_new_rooms(plan: Plan, ruleset: str) -> Plan:
    """Furnish only the generated rooms (the rest of the plan keeps its furniture).

    Each generated room that the furnisher furnishes (its use has styles) gets the furniture
    :func:`~spacedesign.capacity.furnish_plan` gives it in its default style; ids are
    ``ROOM-KIND-N`` as the furnisher makes them. Should one of them clash with an id elsewhere
    in the plan (or with one near the room), the level is furnished in one call instead, as the
    furnisher renumbers around the clash.
    """
    new = generated_ids(plan)
    taken = plan_ids(plan)
    levels = []
    for level in plan.levels:
        own = tuple(r for r in level.rooms if r.id in new)
        if not own:
            levels.append(level)
            continue
        kept = tuple(f for f in level.furniture if f.room not in new)
        added: list[Furniture] = []
        for room in own:
            if room.use in STYLES_BY_USE:
                added.extend(_furnish_room(plan, level, room, ruleset))
        if not _canonical(added, own) or taken & {f.id for f in added}:
            sub = plan.with_changes(levels=(dataclasses.replace(level, rooms=own),))
            furnished = furnish_plan(sub, ruleset=ruleset)
            added = [f for f in furnished.levels[0].furniture if f.room in new]
        levels.append(dataclasses.replace(level, furniture=kept + tuple(added)))
    return plan.with_changes(levels=tuple(levels))
