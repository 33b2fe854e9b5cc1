"""A structural, readable summary of an exported DXF for the golden test (tests/export/goldens).

Every modelspace and paperspace entity in file order with its type, layer and key geometry
rounded to 1 mm (0.1 mm for text heights), block definitions, layers, text styles and the
header variables the exporter sets. Handles, timestamps and GUIDs are left out, so the summary
changes only when the drawing does.
"""

from __future__ import annotations

from typing import Any

HEADER = ("$ACADVER", "$INSUNITS", "$MEASUREMENT", "$LUNITS", "$LWDISPLAY", "$DWGCODEPAGE",
          "$DIMSTYLE", "$DIMSCALE", "$DIMTXT", "$DIMASZ", "$DIMTSZ", "$DIMTXSTY", "$PROJECTNAME")


def _r(value: float, digits: int = 0) -> float:
    out = round(float(value), digits)
    return 0.0 if out == 0 else out


def _pt(p: Any) -> list[float]:
    return [_r(p[0]), _r(p[1])]


def _entity(e: Any) -> dict[str, Any]:
    kind = e.dxftype()
    out: dict[str, Any] = {"type": kind, "layer": e.dxf.layer}
    if e.dxf.hasattr("color"):
        out["color"] = e.dxf.color
    if kind == "LWPOLYLINE":
        out["closed"] = bool(e.closed)
        out["points"] = [_pt(p) for p in e.get_points("xy")]
    elif kind == "LINE":
        out["points"] = [_pt(e.dxf.start), _pt(e.dxf.end)]
    elif kind in ("CIRCLE", "ARC"):
        out["centre"], out["radius"] = _pt(e.dxf.center), _r(e.dxf.radius)
        if kind == "ARC":
            out["angles"] = [_r(e.dxf.start_angle, 2), _r(e.dxf.end_angle, 2)]
    elif kind == "TEXT":
        out.update(text=e.dxf.text, at=_pt(e.dxf.align_point if e.dxf.hasattr("align_point")
                                           else e.dxf.insert),
                   height=_r(e.dxf.height, 1), style=e.dxf.style)
    elif kind == "MTEXT":
        out.update(text=e.text, at=_pt(e.dxf.insert), height=_r(e.dxf.char_height, 1),
                   style=e.dxf.style)
    elif kind == "INSERT":
        out.update(block=e.dxf.name, at=_pt(e.dxf.insert), rotation=_r(e.dxf.rotation, 2),
                   yscale=_r(e.dxf.yscale, 3),
                   attribs={a.dxf.tag: a.dxf.text for a in e.attribs})
    elif kind == "HATCH":
        out["pattern"] = "SOLID" if e.dxf.solid_fill else e.dxf.pattern_name
        out["paths"] = [[_pt(v) for v in p.vertices] for p in e.paths
                        if hasattr(p, "vertices")]
    elif kind == "DIMENSION":
        out["measurement"] = _r(e.get_measurement())
        out["defpoints"] = [_pt(e.dxf.defpoint), _pt(e.dxf.defpoint2), _pt(e.dxf.defpoint3)]
    elif kind == "VIEWPORT":
        out.update(centre=_pt(e.dxf.center), size=[_r(e.dxf.width), _r(e.dxf.height)],
                   view_centre=_pt(e.dxf.view_center_point), view_height=_r(e.dxf.view_height))
    if e.has_xdata("SPACEDESIGN"):
        out["xdata"] = [tag.value for tag in e.get_xdata("SPACEDESIGN")]
    return out


def summarise(doc: Any) -> dict[str, Any]:
    """Return the JSON-ready summary of ``doc`` (see the module docstring)."""
    layouts = {"Model": [_entity(e) for e in doc.modelspace()]}
    for name in doc.layouts.names_in_taborder():
        if name != "Model":
            layout = doc.layouts.get(name)
            layouts[name] = {
                "paper": [_r(layout.dxf.paper_width), _r(layout.dxf.paper_height)],
                "entities": [_entity(e) for e in layout],
            }
    blocks = {
        block.name: [_entity(e) for e in block]
        for block in doc.blocks
        if not block.name.startswith("*")
    }
    return {
        "header": {key: doc.header.get(key) for key in HEADER},
        "layers": {layer.dxf.name: [layer.dxf.color, layer.dxf.lineweight, layer.dxf.linetype,
                                    layer.dxf.plot, layer.description]
                   for layer in doc.layers},
        "styles": {style.dxf.name: style.dxf.font for style in doc.styles},
        "blocks": blocks,
        "layouts": layouts,
    }
