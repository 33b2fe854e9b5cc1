"""Meeting capacity from furniture actually placed (DESIGN.md §6).

Rooms are furnished in real styles (theatre, classroom, boardroom, U-shape, banquet rounds,
consultation, lounge clusters, coworking desks) with the clearances of standards.md §13, routes
from the door to every seat group and wheelchair places per SEATING-WHEELCHAIR; the seats are
compared with the fire-code occupant load (消防法施行規則 第1条の3; IBC for comparison).

Public API: :func:`assess_plan`, :func:`furnish_plan`, :func:`consultation_capacity`.
"""

from spacedesign.capacity.catalogue import (
    CATALOGUE,
    RULESET_SEATING,
    Clearances,
    FurnitureType,
    SeatingRules,
    required_wheelchair_places,
    wheelchair_requirement,
)
from spacedesign.capacity.furnish import PlacedItem, RoomLayout, furnish_room
from spacedesign.capacity.furniture import furnish_plan
from spacedesign.capacity.occupancy import OccupantLoad, occupant_load
from spacedesign.capacity.report import (
    DEFAULT_CONSULTATION_HOURS,
    CapacityReport,
    ConsultationCapacity,
    RoomCapacity,
    StyleResult,
    assess_plan,
    best_style,
    consultation_capacity,
    furnishable_rooms,
)
from spacedesign.capacity.space import DoorAccess, RoomSpace, room_space
from spacedesign.capacity.styles import (
    DEFAULT_STYLE,
    STYLE_LABELS,
    STYLES,
    STYLES_BY_USE,
    style_modules,
)

__all__ = [
    "CATALOGUE",
    "DEFAULT_CONSULTATION_HOURS",
    "DEFAULT_STYLE",
    "RULESET_SEATING",
    "STYLES",
    "STYLES_BY_USE",
    "STYLE_LABELS",
    "CapacityReport",
    "Clearances",
    "ConsultationCapacity",
    "DoorAccess",
    "FurnitureType",
    "OccupantLoad",
    "PlacedItem",
    "RoomCapacity",
    "RoomLayout",
    "RoomSpace",
    "SeatingRules",
    "StyleResult",
    "assess_plan",
    "best_style",
    "consultation_capacity",
    "furnish_plan",
    "furnish_room",
    "furnishable_rooms",
    "occupant_load",
    "required_wheelchair_places",
    "room_space",
    "style_modules",
    "wheelchair_requirement",
]
