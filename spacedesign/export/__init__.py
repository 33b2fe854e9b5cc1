"""Drawings, images and 3D models of a plan: one registry, thin adapters per format.

>>> from spacedesign.export import export                       # doctest: +SKIP
>>> export(plan, Path("renders/plan.dxf"), jw=True)              # doctest: +SKIP
[PosixPath('renders/plan.dxf'), PosixPath('renders/plan_jw.dxf')]

Formats (``fmt``, or the suffix of ``path``): ``dxf`` (ezdxf), ``png``/``svg``/``pdf``
(matplotlib), ``glb`` (trimesh). Views for images: ``plan``, ``access``, ``capacity``,
``exterior`` and ``axon`` (the axonometric イメージ図). A DXF always carries every view on its
own layers and a GLB is the whole model, so ``view`` only chooses what an image shows.
Findings and capacity are optional (see :mod:`spacedesign.export.overlays` for their shape).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacedesign.errors import ExportError, InputError, MissingDependencyError
from spacedesign.model import Plan

__all__ = ["FORMATS", "VIEWS", "export", "format_of"]

FORMATS = ("dxf", "png", "svg", "pdf", "glb")
VIEWS = ("plan", "access", "capacity", "exterior", "axon")


def format_of(path: Path, fmt: str | None = None) -> str:
    """Return the export format: ``fmt`` if given, else from the suffix of ``path``.

    A ``fmt`` that contradicts a known suffix (``--format png --out x.pdf``) is an error rather
    than a PNG silently written under a ``.pdf`` name.
    """
    suffix = path.suffix.lstrip(".").lower()
    chosen = (fmt or suffix).lower()
    if chosen not in FORMATS:
        where = f"--format {fmt}" if fmt else f"suffix {path.suffix or '(none)'}"
        raise InputError(f"unknown export format ({where}); choose one of {', '.join(FORMATS)}",
                         file=str(path), value=chosen)
    if suffix in FORMATS and suffix != chosen:
        raise InputError(f"--format {chosen} does not match the output suffix .{suffix}; "
                         f"name the file *.{chosen} or drop --format",
                         file=str(path), value=chosen)
    return chosen


def _require(module: str, extra: str) -> None:
    import importlib

    try:
        importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(module, extra) from exc


def _dxf(plan: Plan, path: Path, fmt: str, view: str, findings: Any, capacity: Any,
         jw: bool) -> list[Path]:
    _require("ezdxf", "cad")
    from spacedesign.export.dxf import write_dxf
    from spacedesign.export.overlays import access_overlay, seat_counts

    return write_dxf(plan, path, overlay=access_overlay(findings), seats=seat_counts(capacity),
                     jw=jw)


def _image(plan: Plan, path: Path, fmt: str, view: str, findings: Any, capacity: Any,
           jw: bool) -> list[Path]:
    _require("matplotlib", "render")
    if view == "axon":
        _require("trimesh", "mesh")
        from spacedesign.export.axon import write_axon

        return [write_axon(plan, path, fmt)]
    from spacedesign.export.image import write_image
    from spacedesign.export.overlays import access_overlay, seat_counts

    return [write_image(plan, path, view=view, overlay=access_overlay(findings),
                        seats=seat_counts(capacity), fmt=fmt)]


def _glb(plan: Plan, path: Path, fmt: str, view: str, findings: Any, capacity: Any,
         jw: bool) -> list[Path]:
    _require("trimesh", "mesh")
    from spacedesign.export.mesh import write_glb

    return [write_glb(plan, path)]


_EXPORTERS: dict[str, Callable[[Plan, Path, str, str, Any, Any, bool], list[Path]]] = {
    "dxf": _dxf, "png": _image, "svg": _image, "pdf": _image, "glb": _glb,
}


def export(plan: Plan, path: Path | str, *, fmt: str | None = None, view: str = "plan",
           findings: Any = None, capacity: Any = None, jw: bool = False,
           date: datetime.date | None = None) -> list[Path]:
    """Export ``plan`` to ``path`` and return every file written.

    Parameters
    ----------
    plan : Plan
        The plan or scenario.
    path : Path or str
        Output file; its parent folder is created.
    fmt : {"dxf", "png", "svg", "pdf", "glb"}, optional
        Format; by default the suffix of ``path``.
    view : {"plan", "access", "capacity", "exterior", "axon"}
        What an image shows (DXF and GLB always hold the whole model).
    findings : check report or sequence of findings, optional
        Accessibility findings drawn as overlays (route, turning circles, numbered failures).
    capacity : capacity assessment or ``{room_id: seats}``, optional
        Room capacities written on room tags and in the capacity view.
    jw : bool
        DXF only: also write ``<stem>_jw.dxf``, an R12 Shift-JIS copy for Jw_cad.
    date : datetime.date, optional
        Date for the title blocks (default: ``SOURCE_DATE_EPOCH`` or today, Asia/Tokyo).

    Returns
    -------
    list of Path
        The files written (the DXF and its ``_jw`` copy, or the one image / model).
    """
    target = Path(path)
    chosen = format_of(target, fmt)
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}", value=view)
    if jw and chosen != "dxf":
        raise InputError("--jw (the R12 Shift-JIS copy) applies to DXF only", value=chosen)
    if not plan.levels:
        raise InputError("the plan has no levels to draw", element=plan.name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the output folder: {exc}", file=str(target)) from exc
    from spacedesign.export.common import fixed_drawing_date

    with fixed_drawing_date(date):
        return _EXPORTERS[chosen](plan, target, chosen, view, findings, capacity, jw)
