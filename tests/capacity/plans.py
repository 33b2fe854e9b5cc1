from __future__ import annotations

from spacedesign.model import Column, Fixture, Level, Opening, Plan, Room, Shape, Wall


def rect_plan(width: float, depth: float, *, use: str = "meeting", wall: float = 0.2,
              door_at: float = 1.0, column: tuple[float, float] | None = None,
              fixture: tuple[float, float, float, float] | None = None,
              operation: str = "sliding") -> Plan:
    """A single room with a net floor of ``width`` × ``depth`` m (walls outside the net floor)."""
    h = wall / 2
    x0, y0, x1, y1 = -h, -h, width + h, depth + h
    walls = (Wall("W", ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)), wall, "interior"),)
    door = Opening("D1", "door", "W", (door_at, y0), 0.9, operation, connects=("r", "outside"))
    columns = ()
    if column is not None:
        cx, cy = column
        columns = (Column("C1", Shape.rectangle(cx - 0.25, cy - 0.25, cx + 0.25, cy + 0.25)),)
    fixtures = ()
    if fixture is not None:
        fixtures = (Fixture("F1", "counter", Shape.rectangle(*fixture), room="r"),)
    room = Room("r", "会議室", use, Shape.rectangle(x0, y0, x1, y1), public=True)
    level = Level("1F", Shape.rectangle(x0, y0, x1, y1), walls=walls, openings=(door,),
                  rooms=(room,), columns=columns, fixtures=fixtures)
    return Plan(name="test room", levels=(level,))


def l_plan(use: str = "meeting") -> Plan:
    """An L-shaped room (10 × 8 minus a 5 × 4 corner) with one door."""
    t = 0.2
    shell = ((0.0, 0.0), (10.0, 0.0), (10.0, 4.0), (5.0, 4.0), (5.0, 8.0), (0.0, 8.0))
    walls = (Wall("W", (*shell, shell[0]), t, "interior"),)
    door = Opening("D1", "door", "W", (2.0, 0.0), 0.9, "hinged", connects=("r", "outside"))
    room = Room("r", "L室", use, Shape(shell), public=True)
    level = Level("1F", Shape(shell), walls=walls, openings=(door,), rooms=(room,))
    return Plan(name="L room", levels=(level,))
