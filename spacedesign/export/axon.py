"""Axonometric image drawings (イメージ図) rendered headless with matplotlib's 3D axes.

Two panels on one A3 landscape sheet: the exterior (外観: site, ramps, building with full-height
walls) and an interior cutaway (内観: walls cut at 1.2 m, floors coloured by use, furniture,
room names). Faces get simple Lambert shading from one light; matplotlib sorts them back to
front (painter's algorithm), which suits this kind of massing model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from spacedesign.export.common import PROJECT_TITLE, drawing_date, label_point
from spacedesign.export.fonts import rc_params
from spacedesign.export.mesh import Element, element_meshes
from spacedesign.model import Plan

__all__ = ["CUTAWAY_HEIGHT", "build_axon_figure", "write_axon"]

CUTAWAY_HEIGHT = 1.2
DPI = 200
"""Raster resolution of the axonometric PNG: print quality on A3 (the PDF and SVG are vector)."""
LIGHT = np.array([-0.45, -0.6, 0.75])


FLAT_PARTS = ("/slab", "/room/", "site/ground", "site/area/", "site/parking/", "site/tactile/")
ELEVATION, AZIMUTH = 32.0, -60.0


def _eye() -> np.ndarray:
    elev, azim = np.radians(ELEVATION), np.radians(AZIMUTH)
    return np.array([np.cos(elev) * np.cos(azim), np.cos(elev) * np.sin(azim), np.sin(elev)])


def _faces(elements: list[Element], max_edge: float | None) -> tuple[np.ndarray, np.ndarray]:
    """Front-facing triangles (subdivided to ``max_edge``) and their shaded RGBA colours."""
    import trimesh

    remesh: Any = trimesh.remesh
    light = LIGHT / np.linalg.norm(LIGHT)
    eye = _eye()
    triangles, colours = [], []
    for element in elements:
        mesh = element.mesh
        if len(mesh.faces) == 0:
            continue
        front = mesh.face_normals @ eye > 1e-6
        vertices, faces = mesh.vertices, mesh.faces[front]
        normals = mesh.face_normals[front]
        if max_edge is not None and len(faces):
            vertices, faces, index = remesh.subdivide_to_size(
                vertices, faces, max_edge=max_edge, max_iter=6, return_index=True)
            normals = normals[index]
        triangles.append(vertices[faces])
        shade = 0.45 + 0.55 * np.clip(normals @ light, 0.0, 1.0)
        rgb = np.clip(np.outer(shade, np.array(element.colour[:3])), 0.0, 1.0)
        colours.append(np.hstack([rgb, np.full((len(rgb), 1), element.colour[3])]))
    tris = np.concatenate(triangles) if triangles else np.zeros((0, 3, 3))
    cols = np.concatenate(colours) if colours else np.zeros((0, 4))
    return tris, cols


def _panel(fig: Any, rect: tuple[float, float, float, float], elements: list[Element],
           title: str) -> Any:
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    ax = fig.add_axes(rect, projection="3d", computed_zorder=False)
    flat = [e for e in elements if any(part in e.name for part in FLAT_PARTS)]
    solid = [e for e in elements if e not in flat]
    # Flat plates first, lowest first (each its own layer), then every solid sorted by depth.
    flat.sort(key=lambda e: float(e.mesh.bounds[1][2]))
    everything = []
    for order, element in enumerate(flat):
        tris, cols = _faces([element], None)
        if len(tris):
            ax.add_collection3d(Poly3DCollection(tris, facecolors=cols, edgecolors=cols,
                                                 linewidths=0.05, zorder=1 + order * 1e-3))
            everything.append(tris)
    tris, cols = _faces(solid, 1.2)
    if len(tris):
        ax.add_collection3d(Poly3DCollection(tris, facecolors=cols, edgecolors=cols,
                                             linewidths=0.05, zorder=2))
        everything.append(tris)
    points = np.concatenate(everything).reshape(-1, 3) if everything else np.zeros((1, 3))
    lo, hi = points.min(axis=0), points.max(axis=0)
    span = np.maximum(hi - lo, 1e-3)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_zlim(lo[2], hi[2])
    ax.set_box_aspect((span[0], span[1], max(span[2], 0.05 * max(span[0], span[1]))), zoom=1.1)
    ax.view_init(elev=ELEVATION, azim=AZIMUTH)
    ax.set_proj_type("ortho")
    ax.set_axis_off()
    ax.set_title(title, fontsize=11)
    return ax


def build_axon_figure(plan: Plan) -> Any:
    """Return the A3 figure with the exterior and the interior cutaway axonometric views."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with rc_context(rc_params()):
        fig = Figure(figsize=(420 / 25.4, 297 / 25.4))
        FigureCanvasAgg(fig)
        exterior = element_meshes(plan)
        _panel(fig, (0.01, 0.1, 0.49, 0.82), exterior, "外観 イメージ図  exterior")
        interior = [e for e in element_meshes(plan, wall_cap=CUTAWAY_HEIGHT)
                    if not e.name.startswith("site/")]
        ax = _panel(fig, (0.5, 0.1, 0.49, 0.82), interior,
                    f"内観 イメージ図 (壁 {CUTAWAY_HEIGHT:.1f} m でカット)  interior cutaway")
        for level in plan.levels:
            for room in level.rooms:
                x, y = label_point(room.polygon.geometry)
                ax.text(x, y, level.elevation + CUTAWAY_HEIGHT + 0.3, room.name, fontsize=5.5,
                        ha="center", va="bottom", zorder=5, gid=f"axon-label:{room.id}")
        kind = "検討案" if plan.kind == "scenario" else "計画"
        fig.text(0.02, 0.05, f"{PROJECT_TITLE}   {kind}: {plan.name}", fontsize=10)
        fig.text(0.02, 0.025, "アクソメ図 axonometric (平行投影, 縮尺なし)   "
                 f"日付 {drawing_date()}", fontsize=8)
    return fig


def write_axon(plan: Plan, path: Path, fmt: str | None = None) -> Path:
    """Write the axonometric sheet of ``plan`` to ``path`` (``fmt``, default: the suffix)."""
    from matplotlib import rc_context

    fig = build_axon_figure(plan)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    metadata: dict[str, Any] = {"Software": "spacedesign"}
    if fmt == "pdf":
        metadata = {"Creator": "spacedesign", "CreationDate": None}
    elif fmt == "svg":
        metadata = {"Date": None}
    with rc_context(rc_params()):
        fig.savefig(path, format=fmt, dpi=DPI, metadata=metadata)
    return path
