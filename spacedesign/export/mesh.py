"""3D model of a plan (trimesh), written as GLB: metres, Y-up, one named node per element.

Walls have their door and window openings cut out; slabs, rooms, furniture, fixtures and the
exterior are extruded from the plan.

Node names: ``<level>/slab``, ``<level>/walls`` (one watertight mesh per level: every wall
unioned, every door and window cut out with manifold3d), ``<level>/glazing/<wall>``,
``<level>/window/<id>`` (glass pane), ``<level>/room/<id>`` (floor finish coloured by use),
``<level>/column/<id>``, ``<level>/fixture/<id>``, ``<level>/furniture/<id>``, ``site/ground``,
``site/area/<id>``, ``site/ramp/<id>`` (a true slope from ``from`` to ``to``),
``site/step/<id>``, ``site/parking/<id>``, ``site/tactile/<id>``, ``site/furniture/<id>``.

Meshes are built Z-up in plan coordinates (x east, y north, z up) by :func:`element_meshes`;
:func:`write_glb` turns them Y-up (glTF: x east, y up, z south) when it writes the file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, Polygon

from spacedesign.export.common import FURNITURE_COLOURS, USE_COLOURS, opening_frame, polygons_of
from spacedesign.export.image_draw import SITE_COLOURS
from spacedesign.model import Level, Plan

__all__ = ["FURNITURE_HEIGHTS", "Element", "element_meshes", "write_glb"]

FURNITURE_HEIGHTS = {
    "chair": 0.8, "table": 0.72, "desk": 0.72, "sofa": 0.75, "shelf": 1.8, "partition": 1.5,
    "booth": 1.3, "counter": 1.0, "plant": 1.2, "bench": 0.45, "sign": 1.8, "kids_play": 0.6,
    "other": 0.9,
}
DOOR_HEIGHT = 2.1
WINDOW_SILL, WINDOW_HEIGHT = 0.9, 1.2


@dataclass(frozen=True)
class Element:
    """One named mesh (Z-up, metres) with its RGBA colour."""

    name: str
    mesh: Any
    colour: tuple[float, float, float, float]


def _rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255.0 for i in (0, 2, 4))
    return (round(r, 4), round(g, 4), round(b, 4), alpha)


def _prism(polygon: Polygon, z0: float, z1: float) -> Any:
    """Extrude ``polygon`` from ``z0`` to ``z1`` (None when degenerate)."""
    import trimesh

    polygon = polygon.buffer(0)
    if polygon.is_empty or z1 - z0 <= 1e-6:
        return None
    meshes = []
    for part in polygons_of(polygon):
        if part.area < 1e-6:
            continue
        mesh = trimesh.creation.extrude_polygon(part, z1 - z0)
        mesh.apply_translation((0.0, 0.0, z0))
        meshes.append(mesh)
    if not meshes:
        return None
    return meshes[0] if len(meshes) == 1 else trimesh.util.concatenate(meshes)


def _walls(level: Level, cap: float | None) -> Any:
    """Union of the level's solid walls minus every door/window opening (watertight)."""
    import trimesh

    base = level.elevation
    solids = []
    for wall in level.walls:
        if wall.kind == "glazed":
            continue
        top = base + (wall.height or level.height)
        if cap is not None:
            top = min(top, base + cap)
        prism = _prism(wall.footprint, base, top)
        if prism is not None:
            solids.append(prism)
    if not solids:
        return None
    cuts = []
    for opening in level.openings:
        frame = opening_frame(level, opening)
        if opening.kind == "window":
            sill = opening.sill if opening.sill is not None else WINDOW_SILL
            z0, z1 = base + sill, base + sill + (opening.height or WINDOW_HEIGHT)
        else:
            z0 = base - 0.05
            z1 = base + (opening.height or (DOOR_HEIGHT if opening.kind == "door" else 2.4))
        cut = _prism(frame.cut(opening.width, extra=0.05), z0, z1)
        if cut is not None:
            cuts.append(cut)
    walls = trimesh.boolean.union(solids, engine="manifold") if len(solids) > 1 else solids[0]
    if cuts:
        walls = trimesh.boolean.difference([walls, *cuts], engine="manifold")
    return walls


def _ramp(ramp: Any) -> Any:
    """Return the ramp body with its top face sloping from ``from`` to ``to``."""
    low = min(ramp.from_elevation, ramp.to_elevation) - 0.1
    prism = _prism(ramp.polygon.geometry, low, low + 1.0)
    if prism is None:
        return None
    (ax, ay), (bx, by) = ramp.from_point, ramp.to_point
    run2 = (bx - ax) ** 2 + (by - ay) ** 2 or 1.0
    vertices = prism.vertices.copy()
    for i, (x, y, z) in enumerate(vertices):
        if z > low + 0.5:
            t = max(0.0, min(1.0, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / run2))
            vertices[i, 2] = ramp.from_elevation + t * (ramp.to_elevation - ramp.from_elevation)
    prism.vertices = vertices
    return prism


def _steps(step: Any, towards: tuple[float, float]) -> list[Any]:
    """Return stepped blocks, rising towards ``towards`` (the building) when the step goes up."""
    poly = step.polygon.geometry
    rect = list(poly.minimum_rotated_rectangle.exterior.coords)[:4]
    a, b, c = rect[0], rect[1], rect[2]
    # Travel direction: along the rectangle's shorter side.
    if math.dist(a, b) > math.dist(b, c):
        start, direction = a, (c[0] - b[0], c[1] - b[1])
    else:
        start, direction = b, (a[0] - b[0], a[1] - b[1])
    length = math.hypot(*direction) or 1.0
    ux, uy = direction[0] / length, direction[1] / length
    centre = poly.centroid
    ahead = (centre.x + ux, centre.y + uy)
    rising = math.dist(ahead, towards) < math.dist((centre.x, centre.y), towards)
    if step.to_elevation < step.from_elevation:
        rising = not rising
    n = step.risers or 2
    low, high = sorted((step.from_elevation, step.to_elevation))
    blocks = []
    for i in range(n):
        t0, t1 = i / n, (i + 1) / n
        band = LineString([(start[0] + ux * length * (t0 + t1) / 2 - uy * 1e3,
                            start[1] + uy * length * (t0 + t1) / 2 + ux * 1e3),
                           (start[0] + ux * length * (t0 + t1) / 2 + uy * 1e3,
                            start[1] + uy * length * (t0 + t1) / 2 - ux * 1e3)])
        strip = poly.intersection(band.buffer(length / (2 * n), cap_style="flat"))
        k = i + 1 if rising else n - i
        block = _prism(strip, low - 0.1, low + (high - low) * k / n)
        if block is not None:
            blocks.append(block)
    return blocks


def _level_elements(level: Level, wall_cap: float | None) -> list[Element]:
    out: list[Element] = []
    z = level.elevation
    slab = _prism(level.outline.geometry, z - 0.15, z)
    if slab is not None:
        out.append(Element(f"{level.id}/slab", slab, _rgba("#b4b4b4")))
    for room in level.rooms:
        plate = _prism(room.polygon.geometry, z, z + 0.01)
        if plate is not None:
            out.append(Element(f"{level.id}/room/{room.id}", plate,
                               _rgba(USE_COLOURS.get(room.use, "#e6e6e6"))))
    walls = _walls(level, wall_cap)
    if walls is not None:
        out.append(Element(f"{level.id}/walls", walls, _rgba("#f2f0eb")))
    top = z + (level.height if wall_cap is None else min(level.height, wall_cap))
    for wall in level.walls:
        if wall.kind == "glazed":
            pane = _prism(wall.footprint, z, top)
            if pane is not None:
                out.append(Element(f"{level.id}/glazing/{wall.id}", pane,
                                   _rgba("#9fd3ee", 0.45)))
    for opening in level.openings:
        if opening.kind == "window":
            frame = opening_frame(level, opening)
            sill = z + (opening.sill if opening.sill is not None else WINDOW_SILL)
            head = min(sill + (opening.height or WINDOW_HEIGHT), top)
            glass = Polygon(frame.cut(opening.width, extra=-frame.thickness / 2 + 0.01).exterior)
            pane = _prism(glass, sill, head)
            if pane is not None:
                out.append(Element(f"{level.id}/window/{opening.id}", pane,
                                   _rgba("#9fd3ee", 0.45)))
    for column in level.columns:
        body = _prism(column.polygon.geometry, z, top)
        if body is not None:
            out.append(Element(f"{level.id}/column/{column.id}", body, _rgba("#dcdcdc")))
    for fixture in level.fixtures:
        if fixture.polygon is None:
            continue
        full = fixture.kind in ("elevator", "shaft")
        height = (top - z) if full else (fixture.height or (1.0 if fixture.kind == "counter"
                                                            else 0.2))
        body = _prism(fixture.polygon.geometry, z, z + height)
        if body is not None:
            out.append(Element(f"{level.id}/fixture/{fixture.id}", body, _rgba("#c9c2b8")))
    for piece in level.furniture:
        out += _furniture(piece, z, f"{level.id}/furniture")
    return out




def _furniture(piece: Any, z: float, prefix: str) -> list[Element]:
    import trimesh

    height = piece.height or FURNITURE_HEIGHTS.get(piece.kind, 0.9)
    footprint = piece.footprint.geometry
    colour = _rgba(FURNITURE_COLOURS.get(piece.kind, "#8a8a8a"))
    if piece.kind == "plant" and height > 2.0 and not footprint.is_empty:
        # A tree: a trunk and a round crown as wide as the footprint.
        c = footprint.centroid
        xmin, ymin, xmax, ymax = footprint.bounds
        radius = max(0.3, min((xmax - xmin) / 2, (ymax - ymin) / 2, height / 3))
        trunk = trimesh.creation.cylinder(radius=0.12, height=height - radius, sections=12)
        trunk.apply_translation((c.x, c.y, z + (height - radius) / 2))
        crown = trimesh.creation.icosphere(subdivisions=2, radius=radius)
        crown.apply_translation((c.x, c.y, z + height - radius))
        return [Element(f"{prefix}/{piece.id}/trunk", trunk, _rgba("#7a5a3a")),
                Element(f"{prefix}/{piece.id}", crown, colour)]
    body = _prism(footprint, z, z + height)
    if body is None:
        return []
    return [Element(f"{prefix}/{piece.id}", body, colour)]


def _site_elements(plan: Plan) -> list[Element]:
    site = plan.site
    if site is None:
        return []
    out: list[Element] = []
    ground_z = min([a.elevation for a in site.areas] + [0.0])
    if site.boundary is not None:
        ground = _prism(site.boundary.geometry, ground_z - 0.2, ground_z - 0.05)
        if ground is not None:
            out.append(Element("site/ground", ground, _rgba("#d8d2c0")))
    for area in site.areas:
        plate = _prism(area.polygon.geometry, area.elevation - 0.05, area.elevation)
        if plate is not None:
            out.append(Element(f"site/area/{area.id}", plate,
                               _rgba(SITE_COLOURS.get(area.kind, "#e5e5e5"))))
    for ramp in site.ramps:
        body = _ramp(ramp)
        if body is not None:
            out.append(Element(f"site/ramp/{ramp.id}", body, _rgba("#e8d890")))
    towards = (0.0, 0.0)
    if plan.levels:
        c = plan.levels[0].outline.geometry.centroid
        towards = (float(c.x), float(c.y))
    for step in site.steps:
        for i, block in enumerate(_steps(step, towards)):
            out.append(Element(f"site/step/{step.id}/{i + 1}", block, _rgba("#bdbdbd")))
    for bay in site.parking:
        plate = _prism(bay.polygon.geometry, ground_z, ground_z + 0.01)
        if plate is not None:
            out.append(Element(f"site/parking/{bay.id}", plate,
                               _rgba("#1f5fbf" if bay.accessible else "#9a9a9a")))
    for tactile in site.tactile:
        shape = tactile.polygon.geometry if tactile.polygon is not None else None
        if shape is None and tactile.line:
            shape = LineString(tactile.line).buffer(0.15, cap_style="flat")
        plate = _prism(shape, ground_z, ground_z + 0.015) if shape is not None else None
        if plate is not None:
            out.append(Element(f"site/tactile/{tactile.id}", plate, _rgba("#f2c200")))
    for piece in site.furniture:
        if hasattr(piece, "footprint"):
            out += _furniture(piece, ground_z, "site/furniture")
    return out


def element_meshes(plan: Plan, *, wall_cap: float | None = None) -> list[Element]:
    """Every element of ``plan`` as a named Z-up mesh; ``wall_cap`` cuts walls (cutaway views)."""
    elements = _site_elements(plan)
    for level in plan.levels:
        elements += _level_elements(level, wall_cap)
    return elements


def write_glb(plan: Plan, path: Path) -> Path:
    """Write the GLB model of ``plan`` (metres, Y-up, named nodes, PBR colours)."""
    import trimesh

    tm: Any = trimesh  # trimesh is untyped: keep mypy's no-untyped-call quiet
    scene = tm.Scene()
    y_up = tm.transformations.rotation_matrix(-math.pi / 2, [1, 0, 0])
    for element in element_meshes(plan):
        mesh = element.mesh.copy()
        mesh.apply_transform(y_up)
        material = tm.visual.material.PBRMaterial(
            name=element.name, baseColorFactor=[round(c * 255) for c in element.colour],
            metallicFactor=0.0, roughnessFactor=0.9,
            alphaMode="BLEND" if element.colour[3] < 1.0 else "OPAQUE",
        )
        mesh.visual = tm.visual.texture.TextureVisuals(material=material)
        scene.add_geometry(mesh, node_name=element.name, geom_name=element.name)
    scene.metadata["name"] = plan.name
    data = scene.export(file_type="glb")
    path.write_bytes(data)
    return path
