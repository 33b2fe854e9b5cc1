"""Turn modelspace entities into simple primitives in metres, counting what was read."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from .layers import LayerMap
from .primitives import Arc, BlockRef, Drawing, Polyline, Segment, TextLabel
from .reading import Progress
from .shapes import block_geometry, circle_through, door_span, xdata_pairs

__all__ = ["Arc", "BlockRef", "Drawing", "Polyline", "Segment", "TextLabel", "collect"]

Pt = tuple[float, float]

FLATTEN = 0.01
"""Chord tolerance (drawing units after scaling: metres) for arcs, splines and bulges."""

_LINEWORK = frozenset({"LINE", "LWPOLYLINE", "POLYLINE", "SPLINE", "ARC"})
_HIDDEN_LINETYPE = re.compile(r"dash|hidden|center|phantom|dot|border|divide|破線|一点|二点",
                              re.IGNORECASE)
MAX_BLOCK_DEPTH = 4
MAX_EXPLODED = 500_000


_BLOCK_WORDS: tuple[tuple[str, str], ...] = (
    # a fittings layer (建具) holds doors and windows alike: names tell them apart
    (r"door|dør|tür|扉|ドア|引戸|開き戸|片開|両開|親子|^d[-_ ]?\d", "door"),
    (r"window|glaz|fenster|vindue|窓|サッシ|\bsash|^win|^w[-_ ]?\d|^w-|^aw-?\d", "window"),
    (r"column|柱", "column"),
    (r"chair|table|desk|sofa|locker|shelf|cabinet|bench|furn|椅子|机|家具", "furniture"),
)


def block_role(name: str) -> str | None:
    """Guess a role from a block's name (``Door1swing...`` is a door, ``W-1800`` a window)."""
    folded = name.casefold().strip()
    for pattern, role in _BLOCK_WORDS:
        if re.search(pattern, folded):
            return role
    return None


class _Collector:
    def __init__(self, layer_map: LayerMap, metres: float) -> None:
        self.map = layer_map
        self.k = metres
        self.out = Drawing()
        self.exploded = 0
        self.layer_linetypes: dict[str, str] = {}
        self.layer_hidden: dict[str, bool] = {}
        self.groups = 0
        self.block_cache: dict[str, Any] = {}

    def p(self, v: Any) -> Pt:
        return (float(v[0]) * self.k, float(v[1]) * self.k)

    def take(self, e: Any, layer: str, depth: int) -> None:
        kind = e.dxftype()
        role = self.map.role(layer)
        key = (kind, layer)
        if role == "ignore" or (kind in _LINEWORK and self._hidden_line(e, layer)):
            self.out.not_read[key] += 1
            return
        if self._hidden_layer(e, layer):
            self.out.not_read[key] += 1
            self.out.hidden_layers[layer] += 1
            return
        handled = self._dispatch(e, kind, layer, role, depth)
        if handled:
            self.out.read[key] += 1
        else:
            self.out.not_read[key] += 1

    def _hidden_layer(self, e: Any, layer: str) -> bool:
        """Frozen or switched-off layers are not part of the drawing as its author sees it."""
        cached = self.layer_hidden.get(layer)
        if cached is None:
            table = e.doc.layers if e.doc is not None else None
            found = table.get(layer) if table is not None and table.has_entry(layer) else None
            cached = bool(found is not None and (found.is_frozen() or found.is_off())
                          and not self.map.explicit(layer))
            self.layer_hidden[layer] = cached
        return cached

    def _hidden_line(self, e: Any, layer: str) -> bool:
        """Dashed, centre and phantom lines are overhead, hidden or axes: never walls."""
        name = str(e.dxf.get("linetype", "BYLAYER"))
        if name.upper() == "BYLAYER":
            cached = self.layer_linetypes.get(layer)
            if cached is None:
                table = e.doc.layers if e.doc is not None else None
                found = table.get(layer) if table is not None and table.has_entry(layer) else None
                cached = str(found.dxf.linetype) if found is not None else "CONTINUOUS"
                self.layer_linetypes[layer] = cached
            name = cached
        return bool(_HIDDEN_LINETYPE.search(name))

    def _dispatch(self, e: Any, kind: str, layer: str, role: str, depth: int) -> bool:
        if kind == "LINE":
            a, b = self.p(e.dxf.start), self.p(e.dxf.end)
            if a != b:
                self.out.segments.append(Segment(a, b, layer, role))
            return True
        if kind in ("LWPOLYLINE", "POLYLINE", "SPLINE", "ELLIPSE"):
            return self._polyline(e, kind, layer, role)
        if kind == "ARC":
            return self._arc(e, layer, role)
        if kind == "CIRCLE":
            return self._flat(e, layer, role, "CIRCLE", closed=True)
        if kind == "HATCH":
            return self._hatch(e, layer, role)
        if kind in ("TEXT", "MTEXT"):
            return self._text(e, layer, role)
        if kind == "INSERT":
            return self._insert(e, layer, role, depth)
        return False

    def _flat(self, e: Any, layer: str, role: str, source: str, closed: bool) -> bool:
        from ezdxf import path

        points = [self.p(v) for v in path.make_path(e).flattening(FLATTEN / self.k)]
        points = _dedupe(points)
        if len(points) >= 2:
            if closed and len(points) > 2 and points[0] == points[-1]:
                points.pop()
            self.out.polylines.append(Polyline(tuple(points), closed, layer, role, source))
        return True

    def _polyline(self, e: Any, kind: str, layer: str, role: str) -> bool:
        if kind == "POLYLINE" and not (e.is_2d_polyline or e.is_3d_polyline):
            return False
        if kind in ("LWPOLYLINE", "POLYLINE"):
            closed = bool(e.closed) if kind == "LWPOLYLINE" else bool(e.is_closed)
        elif kind == "SPLINE":
            closed = bool(e.closed)
        else:
            closed = abs(abs(e.dxf.end_param - e.dxf.start_param) - math.tau) < 1e-9
        before = len(self.out.polylines)
        meta = xdata_pairs(e)
        if kind == "SPLINE" and not closed and role in ("wall", "door", "geometry"):
            arc = self._spline_arc(e, layer, role)
            if arc is not None:
                self.out.arcs.append(arc)
                return True
        self._flat(e, layer, role, kind, closed)
        if meta and len(self.out.polylines) > before:
            last = self.out.polylines[-1]
            self.out.polylines[-1] = Polyline(last.points, last.closed, layer, role, kind, meta)
        if not closed and len(self.out.polylines) > before:
            poly = self.out.polylines[-1]
            if len(poly.points) > 3 and math.dist(poly.points[0], poly.points[-1]) < 1e-6:
                self.out.polylines[-1] = Polyline(poly.points[:-1], True, layer, role, kind)
        return True

    def _spline_arc(self, e: Any, layer: str, role: str) -> Arc | None:
        """Return the circular arc a spline really is (door swings are often drawn so)."""
        points = [self.p(v) for v in e.flattening(FLATTEN / self.k)]
        if len(points) < 3:
            return None
        fit = circle_through(points[0], points[len(points) // 2], points[-1])
        if fit is None:
            return None
        center, radius = fit
        if not 0.3 <= radius <= 2.0:
            return None
        if any(abs(math.dist(center, q) - radius) > 0.02 * radius for q in points):
            return None
        a0 = math.atan2(points[0][1] - center[1], points[0][0] - center[0])
        am = math.atan2(points[len(points) // 2][1] - center[1],
                        points[len(points) // 2][0] - center[0])
        a1 = math.atan2(points[-1][1] - center[1], points[-1][0] - center[0])
        ccw = (am - a0) % math.tau < (a1 - a0) % math.tau
        start, end = (points[0], points[-1]) if ccw else (points[-1], points[0])
        sweep = math.degrees((a1 - a0) % math.tau if ccw else (a0 - a1) % math.tau)
        return Arc(center, radius, start, end, sweep, layer, role)

    def _arc(self, e: Any, layer: str, role: str) -> bool:
        radius = float(e.dxf.radius) * self.k
        if radius <= 0:
            return False
        center = self.p(e.ocs().to_wcs(e.dxf.center))
        start, end = self.p(e.start_point), self.p(e.end_point)
        sweep = (float(e.dxf.end_angle) - float(e.dxf.start_angle)) % 360.0
        self.out.arcs.append(Arc(center, radius, start, end, sweep, layer, role))
        if role in ("wall", "furniture", "window"):
            self._flat(e, layer, role, "ARC", closed=False)
        return True

    def _hatch(self, e: Any, layer: str, role: str) -> bool:
        from ezdxf import path

        if role not in ("wall", "column", "furniture", "room"):
            return False
        for boundary in path.from_hatch(e):
            points = _dedupe([self.p(v) for v in boundary.flattening(FLATTEN / self.k)])
            if len(points) > 3 and points[0] == points[-1]:
                points.pop()
            if len(points) >= 3:
                self.out.polylines.append(Polyline(tuple(points), True, layer, role, "HATCH"))
        return True

    def _text(self, e: Any, layer: str, role: str) -> bool:
        import ezdxf.bbox

        lines = [" ".join(line.split()) for line in e.plain_text().splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            return False
        anchor = self.p(e.dxf.insert)
        box = ezdxf.bbox.extents([e], fast=True)
        at = self.p(box.center) if box.has_data else anchor
        self.groups += 1
        for line in lines:
            self.out.texts.append(TextLabel(line, at, anchor, layer, role, self.groups))
        return True

    def _insert(self, e: Any, layer: str, role: str, depth: int) -> bool:
        name = str(e.dxf.name)
        element = role if role in ("door", "window", "column", "furniture") else None
        guess = block_role(name)
        if guess is not None and role in ("geometry", "wall", "door", "window", "furniture"):
            element = guess if role in ("geometry", "wall") else element
        if role == "door" and guess == "window":
            element = "window"  # 建具 (fittings) layers hold windows as well as doors
        for attrib in e.attribs:
            text = " ".join(str(attrib.dxf.text).split())
            if text and element is None:
                at = self.p(attrib.dxf.insert)
                self.groups += 1
                self.out.texts.append(TextLabel(text, at, at, layer, "label", self.groups))
        if element is not None:
            ref = self._block_ref(e, name, layer, element)
            if ref is not None:
                self.out.blocks.append(ref)
                return True
        if depth >= MAX_BLOCK_DEPTH or self.exploded > MAX_EXPLODED:
            return False
        for sub in e.virtual_entities():
            self.exploded += 1
            sub_layer = str(sub.dxf.layer)
            self.take(sub, layer if sub_layer == "0" else sub_layer, depth + 1)
        return True

    def _block_ref(self, e: Any, name: str, layer: str, role: str) -> BlockRef | None:
        from ezdxf.math import Vec3

        block = e.block()
        if block is None:
            return None
        cached = self.block_cache.get(name)
        if cached is None:
            cached = block_geometry(block)
            self.block_cache[name] = cached
        box, raw_segments, raw_arcs = cached
        base = block.block.dxf.base_point if block.block is not None else Vec3()
        if box is not None:
            (x0, y0, _), (x1, y1, _) = box.extmin, box.extmax
        elif len(e.attribs):
            x0 = x1 = base.x  # an attributes-only block (a doorless opening): its insert point
            y0 = y1 = base.y
        else:
            return None
        m = e.matrix44()
        corners = tuple(self.p(m.transform(Vec3(x, y, 0))) for x, y in
                        ((x0, y0), (x1, y0), (x1, y1), (x0, y1)))
        origin = self.p(m.transform(base))
        ux = m.transform_direction(Vec3(1, 0, 0))
        norm = math.hypot(ux.x, ux.y) or 1.0
        axis = (ux.x / norm, ux.y / norm)
        sx = abs(float(e.dxf.xscale)) * self.k
        sy = abs(float(e.dxf.yscale)) * self.k
        segments = [((a[0] * sx, a[1] * sy), (b[0] * sx, b[1] * sy)) for a, b in raw_segments]
        arcs = [((c[0] * sx, c[1] * sy), r * sx) for c, r, _, _ in raw_arcs]
        attribs = {str(a.dxf.tag).upper(): str(a.dxf.text) for a in e.attribs}
        # where the opening is: the swing arcs' span (hinge to closed leaf) when the block has
        # them, whether it is drawn around its centre or its hinge; else the middle of its extent
        span = door_span(raw_segments, raw_arcs) if role == "door" else None
        span_width = None
        if span is not None and 0.3 <= (span[1] - span[0]) * sx <= 4.0:
            middle = self.p(m.transform(Vec3((span[0] + span[1]) / 2, span[2], 0)))
            span_width = (span[1] - span[0]) * sx
        else:
            middle = self.p(m.transform(Vec3((x0 + x1) / 2, base.y, 0)))
        return BlockRef(name, layer, role, corners, axis, attribs, tuple(segments),
                        tuple(arcs), origin, middle, (x1 - x0) * sx, span_width)


def _dedupe(points: list[Pt]) -> list[Pt]:
    out: list[Pt] = []
    for q in points:
        if not out or math.dist(out[-1], q) > 1e-9:
            out.append(q)
    return out


def collect(
    doc: Any, layer_map: LayerMap, metres: float, progress: Progress | None = None
) -> Drawing:
    """Collect the modelspace of ``doc`` as primitives in metres.

    Entities that raise while being read (damaged ones) are counted as not read and noted in
    ``warnings``; the rest of the drawing is still read.
    """
    collector = _Collector(layer_map, metres)
    msp = doc.modelspace()
    total = max(len(msp), 1)
    failures: Counter[str] = Counter()
    for index, entity in enumerate(msp):
        layer = str(entity.dxf.get("layer", "0"))
        try:
            collector.take(entity, layer, 0)
        except Exception as exc:  # a damaged entity must not stop the import
            collector.out.not_read[(entity.dxftype(), layer)] += 1
            failures[f"{entity.dxftype()}: {type(exc).__name__}"] += 1
        if progress and index % 2000 == 0:
            progress("collecting", index / total)
    hidden = collector.out.hidden_layers
    if hidden:
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(hidden.items()))
        collector.out.warnings.append(
            f"layers frozen or off were not read: {listed}; name them in --layers to read them")
    for what, count in sorted(failures.items()):
        collector.out.warnings.append(f"{count} damaged entities skipped ({what})")
    if collector.exploded > MAX_EXPLODED:
        collector.out.warnings.append(
            f"stopped exploding blocks after {MAX_EXPLODED} entities; some blocks not read"
        )
    if progress:
        progress("collecting", 1.0)
    return collector.out
