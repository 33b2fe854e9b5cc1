"""Write a furnishing into the plan: Furniture records for every furnishable room."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from spacedesign.capacity.catalogue import CATALOGUE, seating_rules
from spacedesign.capacity.furnish import PlacedItem, RoomLayout, furnish_room
from spacedesign.capacity.setting import LevelIndex, RoomSetting, room_setting
from spacedesign.capacity.space import room_space
from spacedesign.capacity.styles import DEFAULT_STYLE, STYLES, STYLES_BY_USE
from spacedesign.errors import InputError
from spacedesign.model import Furniture, Level, Plan, Room, Shape

__all__ = ["furnish_plan", "furnish_setting", "furniture_records", "plan_ids"]


def plan_ids(plan: Plan) -> set[str]:
    """Every element id in the plan (furniture ids must not collide with any of them)."""
    ids: set[str] = set()
    for level in plan.levels:
        ids.add(level.id)
        for group in (level.walls, level.columns, level.openings, level.rooms, level.fixtures,
                      level.furniture, level.zones):
            ids.update(item.id for item in group)
    if plan.site is not None:
        for name in ("access_points", "areas", "ramps", "steps", "parking", "tactile",
                     "furniture"):
            ids.update(item.id for item in getattr(plan.site, name, ()))
    return ids


def _record(item: PlacedItem, fid: str, room: Room, style: str,
            origin: tuple[float, float]) -> Furniture:
    """Return the record of ``item`` (placed in local coordinates), moved into the plan."""
    ox, oy = origin
    props: dict[str, object] = {"style": style, "role": item.role, "catalogue": item.key}
    if item.key in CATALOGUE:
        props["name"] = CATALOGUE[item.key].name
        props["name_en"] = CATALOGUE[item.key].name_en
    if item.role == "wheelchair_place":
        props["name"], props["name_en"] = "車椅子使用者用スペース", "Wheelchair place"
    if item.seats:
        props["seats"] = item.seats
    if item.at is not None and item.size is not None:
        at = (round(item.at[0] + ox, 4), round(item.at[1] + oy, 4))
        return Furniture(id=fid, kind=item.kind, at=at, size=item.size,
                         rotation=item.rotation, height=item.height, room=room.id, props=props)
    shape = Shape.from_geometry(item.polygon)
    shell = tuple((round(x + ox, 4), round(y + oy, 4)) for x, y in shape.shell)
    return Furniture(id=fid, kind=item.kind, polygon=Shape(shell), height=item.height,
                     room=room.id, props=props)


def _belongs(furniture: Furniture, room: Room) -> bool:
    if furniture.room is not None:
        return furniture.room == room.id
    return bool(room.polygon.geometry.contains(furniture.footprint.geometry.centroid))


def furnish_setting(setting: RoomSetting, style: str, ruleset: str, *,
                    fallback: bool = True) -> tuple[str, RoomLayout]:
    """Furnish the room of ``setting`` in ``style``; return the style used and the layout.

    With ``fallback``, when ``style`` seats nobody, the layout is the one in the room use's
    style that seats the most (if any seats someone). The layout is in the setting's local
    coordinates (:func:`furniture_records` moves its items back).
    """
    space = room_space(setting.level, setting.room)
    layout = furnish_room(space, style, ruleset=ruleset)
    use = setting.room.use
    if layout.seats == 0 and fallback:
        # the use's usual style does not fit: take the style that seats the most
        others = [furnish_room(space, s, ruleset=ruleset)
                  for s in STYLES_BY_USE[use] if s != style]
        best = max(others, key=lambda lay: lay.seats + lay.wheelchair_places, default=layout)
        if best.seats > 0:
            layout, style = best, best.style
    return style, layout


def furniture_records(layout: RoomLayout, origin: tuple[float, float], room: Room, style: str,
                      taken: set[str]) -> list[Furniture]:
    """Return the Furniture records of ``layout`` in ``room``, moved from local by ``origin``.

    Ids are ``ROOM-KIND-N`` numbered in the layout's order, skipping ids in ``taken`` (which
    gets the new ones).
    """
    records = []
    counter = 0
    for item in layout.items:
        counter += 1
        fid = f"{room.id}-{item.kind}-{counter}"
        while fid in taken:
            counter += 1
            fid = f"{room.id}-{item.kind}-{counter}"
        taken.add(fid)
        records.append(_record(item, fid, room, style, origin))
    return records


def _furnish_level(level: Level, style: str | None, ruleset: str, taken: set[str],
                   per_room: Mapping[str, str]) -> Level:
    furniture = list(level.furniture)
    index = LevelIndex(level)
    for room in level.rooms:
        if room.use not in STYLES_BY_USE:
            continue
        chosen = style if style in STYLES_BY_USE[room.use] else DEFAULT_STYLE[room.use]
        if style is None and per_room.get(room.id) in STYLES_BY_USE[room.use]:
            chosen = per_room[room.id]
        setting = room_setting(level, room, index)
        chosen, layout = furnish_setting(setting, chosen, ruleset, fallback=style is None)
        furniture = [f for f in furniture if not _belongs(f, room)]
        furniture.extend(furniture_records(layout, setting.origin, room, chosen, taken))
    return dataclasses.replace(level, furniture=tuple(furniture))


def furnish_plan(
    plan: Plan,
    *,
    style: str | None = None,
    ruleset: str = "jp-recommended",
    styles: Mapping[str, str] | None = None,
) -> Plan:
    """Return ``plan`` with furniture placed in every furnishable room.

    Furnishable rooms are the meeting, seminar, lounge, coworking and consultation rooms.
    Each room gets ``style`` when it applies to the room's use, otherwise the use's default
    style (:data:`~spacedesign.capacity.DEFAULT_STYLE`), or, when that seats nobody, the
    applicable style that seats the most. Furniture already in those rooms is
    replaced; other rooms keep theirs. Each room is furnished in its
    :func:`~spacedesign.capacity.setting.room_setting` (so where it stands on the level does not
    change its furniture relative to it). Pieces are ``at`` + ``size`` + ``rotation`` boxes
    (round tables and chairs at rounds are polygons), with ``room`` set, ids unique in the plan,
    and ``props`` naming the style, the catalogue item and the seats. Wheelchair places are
    ``kind: other`` pieces with ``props.role: wheelchair_place``.

    ``styles`` maps room ids to the style to use when ``style`` is not given (for instance each
    room's :attr:`RoomCapacity.best_style` from :func:`assess_plan`).
    """
    seating_rules(ruleset)
    if style is not None and style not in STYLES:
        raise InputError(f"unknown style {style!r} (known: {', '.join(STYLES)})")
    taken = plan_ids(plan)
    per_room = styles or {}
    levels = tuple(_furnish_level(level, style, ruleset, taken, per_room) for level in plan.levels)
    return plan.with_changes(levels=levels)
