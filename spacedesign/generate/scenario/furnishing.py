"""Furnish the generated rooms of a scenario, reusing the furniture of rooms seen before.

A search finishes many scenarios of one zone whose rooms often come out the same (the same
rectangle with the same doors in the same walls), in the same place or elsewhere in the zone.
:func:`furnish_new_rooms` furnishes every generated room as
:func:`spacedesign.capacity.furnish_plan` does: in its
:func:`~spacedesign.capacity.setting.room_setting` (the room and what the furnisher looks at
for it, renamed and moved to the origin), with
:func:`~spacedesign.capacity.furniture.furnish_setting`. It keeps the layout per process keyed
by the setting (:attr:`~spacedesign.capacity.setting.RoomSetting.key`), so a room with the same
setting, wherever it stands, gets the same furniture relative to it as a fresh call: the memo
changes no result (and no file), it only saves the furnisher's time. The settings themselves
are kept by what they read of the plan
(:attr:`~spacedesign.capacity.setting.SettingInputs.key`), so a room that recurs in the same
place between the same walls skips building its setting too.

>>> from spacedesign.generate.scenario.furnishing import MEMO_SIZE
>>> MEMO_SIZE
512
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Sequence

from spacedesign.analysis.memo import _Lru
from spacedesign.capacity import DEFAULT_STYLE, STYLES_BY_USE, RoomLayout, furnish_plan
from spacedesign.capacity.furniture import furnish_setting, furniture_records, plan_ids
from spacedesign.capacity.setting import LevelIndex, RoomSetting, setting_from, setting_inputs
from spacedesign.model import Furniture, Level, Plan, Room

__all__ = ["MEMO_SIZE", "add_furnishings", "furnish_new_rooms", "generated_ids",
           "made_furnishings", "share_furnishings"]

MEMO_SIZE = 512
"""Room settings whose layout each process keeps (least recently used go first)."""

MemoKey = tuple[str, str, str]
"""``(ruleset, style, setting key)``."""

Furnishing = tuple[str, RoomLayout]
"""The style used and the layout, in the setting's local coordinates."""

_MEMO: OrderedDict[MemoKey, Furnishing] = OrderedDict()
_SETTINGS: _Lru[str, RoomSetting] = _Lru(MEMO_SIZE)
"""Room settings by :attr:`~spacedesign.capacity.setting.SettingInputs.key` (what they read of
the plan, in plan coordinates): a room that recurs in the same place skips building it."""
_MADE: list[tuple[MemoKey, Furnishing]] | None = None
"""Furnishings made here since :func:`made_furnishings` last ran (``None``: not kept)."""


def share_furnishings() -> None:
    """Keep the furnishings this process makes, for :func:`made_furnishings` to hand on.

    A process pool calls it in each worker: the parent passes what one worker made to the
    others (:func:`add_furnishings`), so a room is furnished once per pool, not once per worker.
    """
    global _MADE
    if _MADE is None:
        _MADE = []


def made_furnishings() -> list[tuple[MemoKey, Furnishing]]:
    """Return the furnishings made in this process since the last call (and forget them)."""
    global _MADE
    if _MADE is None:
        return []
    made, _MADE = _MADE, []
    return made


def add_furnishings(entries: list[tuple[MemoKey, Furnishing]]) -> None:
    """Add furnishings another process made to this process's memo.

    They are exactly what this process would make for those keys (the furnisher is a pure
    function of its setting, style and ruleset), so they change no result.
    """
    for key, value in entries:
        if key not in _MEMO:
            _MEMO[key] = value
    while len(_MEMO) > MEMO_SIZE:
        _MEMO.popitem(last=False)


def generated_ids(plan: Plan) -> set[str]:
    """Return the ids of the rooms the generator made (``props.generated``)."""
    return {r.id for lv in plan.levels for r in lv.rooms if r.props.get("generated")}


def _setting(level: Level, room: Room, index: LevelIndex) -> RoomSetting:
    """Return :func:`~spacedesign.capacity.setting.room_setting`, kept by what it reads."""
    inputs = setting_inputs(level, room, index)
    hit = _SETTINGS.take([inputs.key])[0]
    return _SETTINGS.put(inputs.key, setting_from(inputs)) if hit is None else hit


def _furnish_room(level: Level, room: Room, ruleset: str, index: LevelIndex) -> list[Furniture]:
    """Return the room's furniture in its use's default style, as ``furnish_plan`` gives it."""
    setting = _setting(level, room, index)
    key = (ruleset, DEFAULT_STYLE[room.use], setting.key)
    hit = _MEMO.get(key)
    if hit is None:
        hit = _MEMO[key] = furnish_setting(setting, DEFAULT_STYLE[room.use], ruleset)
        if _MADE is not None:
            _MADE.append((key, hit))
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    else:
        _MEMO.move_to_end(key)
    style, layout = hit
    return furniture_records(layout, setting.origin, room, style, set())


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
        index = LevelIndex(level)
        for room in own:
            if room.use in STYLES_BY_USE:
                added.extend(_furnish_room(level, room, ruleset, index))
        if not _canonical(added, own) or taken & {f.id for f in added}:
            sub = plan.with_changes(levels=(dataclasses.replace(level, rooms=own),))
            furnished = furnish_plan(sub, ruleset=ruleset)
            added = [f for f in furnished.levels[0].furniture if f.room in new]
        levels.append(dataclasses.replace(level, furniture=kept + tuple(added)))
    return plan.with_changes(levels=tuple(levels))
