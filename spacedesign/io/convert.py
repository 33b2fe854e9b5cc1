"""Conversion between the file models (:mod:`spacedesign.io.schema`) and the pure records.

``*_from_file`` build records from validated file models; ``*_to_data`` turn records back into
plain, JSON-ready data in the file layout of DESIGN.md §4 (optional keys left out when unset),
so that load → save → load gives an equal model.
"""

from __future__ import annotations

from typing import Any

from spacedesign.io import schema as s
from spacedesign.model import (
    AccessPoint,
    Column,
    Department,
    Fixture,
    FlpInstance,
    Furniture,
    Level,
    Opening,
    Parking,
    Plan,
    Program,
    Ramp,
    Room,
    ScenarioInfo,
    Shape,
    Site,
    SiteArea,
    Space,
    Step,
    Tactile,
    Wall,
    Zone,
)

__all__ = ["flp_from_file", "flp_to_data", "plan_from_file", "plan_to_data",
           "program_from_file", "program_to_data"]


def _shape(value: dict[str, Any] | None) -> Shape | None:
    if value is None:
        return None
    return Shape(tuple(value["shell"]), tuple(value.get("holes", ())))


def _req_shape(value: dict[str, Any]) -> Shape:
    shape = _shape(value)
    assert shape is not None
    return shape


def _props(value: dict[str, Any] | None) -> dict[str, Any]:
    return dict(value) if value else {}


def _pair(value: Any) -> tuple[float, float] | None:
    return None if value is None else (float(value[0]), float(value[1]))


def _furniture(f: s.FurnitureIn) -> Furniture:
    return Furniture(
        id=f.id, kind=f.kind, polygon=_shape(f.polygon), at=_pair(f.at), size=_pair(f.size),
        rotation=f.rotation, height=f.height, room=f.room, props=_props(f.props),
    )


def _site(site: s.SiteIn) -> Site:
    return Site(
        boundary=_shape(site.boundary),
        access_points=tuple(
            AccessPoint(a.id, a.at, a.kind, _props(a.props)) for a in site.access_points
        ),
        areas=tuple(
            SiteArea(a.id, a.kind, _req_shape(a.polygon), a.elevation, a.surface, a.slope,
                     a.cross_slope, _props(a.props))
            for a in site.areas
        ),
        ramps=tuple(
            Ramp(r.id, _req_shape(r.polygon), r.from_, r.to, r.from_elevation, r.to_elevation,
                 r.handrails, tuple(_req_shape(x) for x in r.landings), r.edge_protection,
                 _props(r.props))
            for r in site.ramps
        ),
        steps=tuple(
            Step(x.id, _req_shape(x.polygon), x.from_elevation, x.to_elevation, x.risers,
                 x.handrails, _props(x.props))
            for x in site.steps
        ),
        parking=tuple(
            Parking(p.id, p.kind, _req_shape(p.polygon), p.accessible, _props(p.props))
            for p in site.parking
        ),
        tactile=tuple(
            Tactile(t.id, t.kind, t.line, _shape(t.polygon), _props(t.props)) for t in site.tactile
        ),
        furniture=tuple(_furniture(f) for f in site.furniture),
        props=_props(site.props),
    )


def _level(lv: s.LevelIn) -> Level:
    return Level(
        id=lv.id, outline=_req_shape(lv.outline), elevation=lv.elevation, name=lv.name,
        height=lv.height, props=_props(lv.props),
        walls=tuple(
            Wall(w.id, w.path, w.thickness, w.kind, w.fixed, w.height, _props(w.props))
            for w in lv.walls
        ),
        columns=tuple(Column(c.id, _req_shape(c.polygon), _props(c.props)) for c in lv.columns),
        openings=tuple(
            Opening(o.id, o.kind, o.wall, o.at, o.width, o.operation, o.threshold,
                    (o.connects[0], o.connects[1]) if o.connects else None, o.height, o.sill,
                    _props(o.props))
            for o in lv.openings
        ),
        rooms=tuple(
            Room(r.id, r.name, r.use, _req_shape(r.polygon), r.name_en, r.public, _props(r.props))
            for r in lv.rooms
        ),
        fixtures=tuple(
            Fixture(f.id, f.kind, _shape(f.polygon), f.room, _pair(f.car), f.door_width,
                    tuple(f.features), f.height, f.knee_clearance, f.riser, f.tread, f.handrails,
                    _props(f.props))
            for f in lv.fixtures
        ),
        furniture=tuple(_furniture(f) for f in lv.furniture),
        zones=tuple(Zone(z.id, z.kind, _req_shape(z.polygon), _props(z.props)) for z in lv.zones),
    )


def plan_from_file(doc: s.PlanFile) -> Plan:
    """Build a :class:`~spacedesign.model.Plan` from a validated plan or scenario file model.

    Parameters
    ----------
    doc : PlanFile
        The file model pydantic validated.

    Returns
    -------
    Plan
        The immutable record.
    """
    scenario = None
    if isinstance(doc, s.ScenarioFile):
        info = doc.scenario
        scenario = ScenarioInfo(info.base, info.program, dict(info.generator), info.notes)
    return Plan(
        name=doc.name,
        levels=tuple(_level(lv) for lv in doc.levels),
        kind="scenario" if scenario is not None else "plan",
        north=doc.north,
        site=_site(doc.site) if doc.site is not None else None,
        scenario=scenario,
        props=_props(doc.props),
    )


def program_from_file(doc: s.ProgramFile) -> Program:
    """Build a :class:`~spacedesign.model.Program` from a validated program file model.

    Parameters
    ----------
    doc : ProgramFile
        The file model pydantic validated.

    Returns
    -------
    Program
        The immutable record.
    """
    return Program(
        name=doc.name,
        spaces=tuple(
            Space(sp.id, sp.use, (sp.area[0], sp.area[1]), sp.count, sp.min_side, sp.seats,
                  sp.private, sp.daylight, sp.near, _props(sp.props))
            for sp in doc.spaces
        ),
        plan=doc.plan, zone=doc.zone, ruleset=doc.ruleset,
        adjacency=tuple((a, b, float(w)) for a, b, w in doc.adjacency),
        corridor_width=doc.corridor_width, weights=dict(doc.weights), props=_props(doc.props),
    )


def flp_from_file(doc: s.FlpFile) -> FlpInstance:
    """Build a :class:`~spacedesign.model.FlpInstance` from a validated instance file model.

    Parameters
    ----------
    doc : FlpFile
        The file model pydantic validated.

    Returns
    -------
    FlpInstance
        The immutable record.
    """
    return FlpInstance(
        name=doc.name, width=doc.width, height=doc.height,
        departments=tuple(
            Department(d.id, d.area, d.max_aspect, d.min_side) for d in doc.departments
        ),
        flows=tuple(tuple(float(v) for v in row) for row in doc.flows),
        distance=doc.distance, props=_props(doc.props),
    )


# ---------------------------------------------------------------- records -> plain data


def _pt(p: tuple[float, float]) -> list[float]:
    return [p[0], p[1]]


def _shape_data(shape: Shape) -> Any:
    shell = [_pt(p) for p in shape.shell]
    if shape.holes:
        return {"shell": shell, "holes": [[_pt(p) for p in ring] for ring in shape.holes]}
    return shell


def _compact(**items: Any) -> dict[str, Any]:
    """Drop unset optional keys (None, empty props) to keep files tidy."""
    return {k: v for k, v in items.items() if v is not None and not (k == "props" and not v)}


def _furniture_data(f: Furniture) -> dict[str, Any]:
    return _compact(
        id=f.id, kind=f.kind,
        polygon=_shape_data(f.polygon) if f.polygon is not None else None,
        at=_pt(f.at) if f.at is not None else None,
        size=_pt(f.size) if f.size is not None else None,
        rotation=f.rotation if f.polygon is None or f.rotation else None,
        height=f.height, room=f.room, props=dict(f.props),
    )


def _site_data(site: Site) -> dict[str, Any]:
    return _compact(
        boundary=_shape_data(site.boundary) if site.boundary is not None else None,
        access_points=[_compact(id=a.id, at=_pt(a.at), kind=a.kind, props=dict(a.props))
                       for a in site.access_points],
        areas=[_compact(id=a.id, kind=a.kind, polygon=_shape_data(a.polygon),
                        elevation=a.elevation, surface=a.surface, slope=a.slope,
                        cross_slope=a.cross_slope, props=dict(a.props)) for a in site.areas],
        ramps=[{**_compact(id=r.id, polygon=_shape_data(r.polygon)), "from": _pt(r.from_point),
                **_compact(to=_pt(r.to_point), from_elevation=r.from_elevation,
                           to_elevation=r.to_elevation, handrails=r.handrails,
                           landings=[_shape_data(x) for x in r.landings],
                           edge_protection=r.edge_protection, props=dict(r.props))}
               for r in site.ramps],
        steps=[_compact(id=x.id, polygon=_shape_data(x.polygon), from_elevation=x.from_elevation,
                        to_elevation=x.to_elevation, risers=x.risers, handrails=x.handrails,
                        props=dict(x.props)) for x in site.steps],
        parking=[_compact(id=p.id, kind=p.kind, polygon=_shape_data(p.polygon),
                          accessible=p.accessible, props=dict(p.props)) for p in site.parking],
        tactile=[_compact(id=t.id, kind=t.kind,
                          line=[_pt(p) for p in t.line] if t.line is not None else None,
                          polygon=_shape_data(t.polygon) if t.polygon is not None else None,
                          props=dict(t.props)) for t in site.tactile],
        furniture=[_furniture_data(f) for f in site.furniture],
        props=dict(site.props),
    )


def _level_data(lv: Level) -> dict[str, Any]:
    return _compact(
        id=lv.id, name=lv.name, elevation=lv.elevation,
        height=lv.height if lv.height != 3.0 else None,
        outline=_shape_data(lv.outline),
        walls=[_compact(id=w.id, path=[_pt(p) for p in w.path], thickness=w.thickness,
                        kind=w.kind, fixed=w.fixed, height=w.height, props=dict(w.props))
               for w in lv.walls],
        columns=[_compact(id=c.id, polygon=_shape_data(c.polygon), props=dict(c.props))
                 for c in lv.columns],
        openings=[_compact(id=o.id, kind=o.kind, wall=o.wall, at=_pt(o.at), width=o.width,
                           operation=o.operation, threshold=o.threshold,
                           connects=list(o.connects) if o.connects else None, height=o.height,
                           sill=o.sill, props=dict(o.props)) for o in lv.openings],
        rooms=[_compact(id=r.id, name=r.name, name_en=r.name_en, use=r.use,
                        polygon=_shape_data(r.polygon), public=r.public, props=dict(r.props))
               for r in lv.rooms],
        fixtures=[_compact(id=f.id, kind=f.kind,
                           polygon=_shape_data(f.polygon) if f.polygon is not None else None,
                           room=f.room, car=_pt(f.car) if f.car is not None else None,
                           door_width=f.door_width,
                           features=list(f.features) if f.features else None,
                           height=f.height, knee_clearance=f.knee_clearance, riser=f.riser,
                           tread=f.tread, handrails=f.handrails, props=dict(f.props))
                  for f in lv.fixtures],
        furniture=[_furniture_data(f) for f in lv.furniture],
        zones=[_compact(id=z.id, kind=z.kind, polygon=_shape_data(z.polygon),
                        props=dict(z.props)) for z in lv.zones],
        props=dict(lv.props),
    )


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """Return a plan or scenario as plain data in the file layout of DESIGN.md §4.1/§4.3.

    Parameters
    ----------
    plan : Plan
        A plan or scenario.

    Returns
    -------
    dict
        Plain dicts, lists and scalars; empty optional keys are left out.

    Examples
    --------
    >>> from spacedesign.model import Level, Plan, Shape
    >>> plan = Plan("t", (Level("1F", Shape.rectangle(0, 0, 4, 3)),))
    >>> plan_to_data(plan)["levels"][0]["outline"]
    [[0, 0], [4, 0], [4, 3], [0, 3]]
    """
    scenario = plan.scenario
    data: dict[str, Any] = {
        "format": "spacedesign.scenario/1" if scenario is not None else "spacedesign.plan/1",
        "name": plan.name,
        "north": plan.north,
    }
    if scenario is not None:
        data["scenario"] = _compact(base=scenario.base, program=scenario.program,
                                    generator=dict(scenario.generator), notes=scenario.notes)
    if plan.site is not None:
        data["site"] = _site_data(plan.site)
    data["levels"] = [_level_data(lv) for lv in plan.levels]
    if plan.props:
        data["props"] = dict(plan.props)
    return data


def program_to_data(program: Program) -> dict[str, Any]:
    """Return a program as plain data in the file layout of DESIGN.md §4.2.

    Parameters
    ----------
    program : Program
        A program of spaces.

    Returns
    -------
    dict
        Plain dicts, lists and scalars.
    """
    return _compact(
        format="spacedesign.program/1", name=program.name, plan=program.plan, zone=program.zone,
        ruleset=program.ruleset,
        spaces=[_compact(id=sp.id, use=sp.use, count=sp.count, area=list(sp.area),
                         min_side=sp.min_side, seats=sp.seats, private=sp.private,
                         daylight=sp.daylight, near=sp.near, props=dict(sp.props))
                for sp in program.spaces],
        adjacency=[[a, b, w] for a, b, w in program.adjacency],
        corridor_width=program.corridor_width,
        weights=dict(program.weights) or None,
        props=dict(program.props),
    )


def flp_to_data(instance: FlpInstance) -> dict[str, Any]:
    """Return a facility layout instance as plain data (DESIGN.md §4.4).

    Parameters
    ----------
    instance : FlpInstance
        A facility layout instance.

    Returns
    -------
    dict
        Plain dicts, lists and scalars.
    """
    return _compact(
        format="spacedesign.flp/1", name=instance.name, width=instance.width,
        height=instance.height,
        departments=[_compact(id=d.id, area=d.area, max_aspect=d.max_aspect, min_side=d.min_side)
                     for d in instance.departments],
        flows=[list(row) for row in instance.flows], distance=instance.distance,
        props=dict(instance.props),
    )
