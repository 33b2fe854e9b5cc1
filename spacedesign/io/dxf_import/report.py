"""The import report: what was read, what was not, and what looks doubtful."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacedesign.model import Level

    from .collect import Drawing, TextLabel
    from .layers import LayerMap
    from .reading import ReadResult
    from .units import Units

__all__ = ["ImportReport"]


@dataclass
class ImportReport:
    """Everything the importer has to say about one drawing (JSON-ready via :meth:`to_dict`)."""

    source: str
    dxf_version: str
    binary: bool
    encoding: str
    units: dict[str, Any]
    audit: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    entities: dict[str, dict[str, int]] = field(default_factory=dict)
    layers: dict[str, dict[str, Any]] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)
    texts_in_no_room: list[str] = field(default_factory=list)
    rooms_without_doors: list[str] = field(default_factory=list)
    labelled_areas: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def start(cls, source: str, doc: Any, read: ReadResult, units: Units) -> ImportReport:
        """Begin a report with what the reader learnt about the file."""
        report = cls(
            source=source,
            dxf_version=str(doc.dxfversion),
            binary=read.binary,
            encoding=str(doc.encoding),
            units={"name": units.name, "metres_per_unit": units.metres, "source": units.source,
                   "reason": units.reason},
            audit={"errors": len(read.audit_errors), "fixes": read.audit_fixes},
        )
        for message in read.repairs:
            report.warn(message)
        for message in read.audit_errors[:5]:
            report.warn(f"DXF audit: {message}")
        if len(read.audit_errors) > 5:
            report.warn(f"DXF audit: {len(read.audit_errors) - 5} more errors")
        return report

    def warn(self, message: str) -> None:
        """Add a warning (shown by the CLI and kept in the plan's props)."""
        if message not in self.warnings:
            self.warnings.append(message)

    def finish(self, d: Drawing, level: Level, orphans: list[TextLabel],
               layer_map: LayerMap) -> None:
        """Fill in the counts once the level is built."""
        by_type: dict[str, Counter[str]] = {}
        by_layer: dict[str, Counter[str]] = {}
        for counter, key in ((d.read, "read"), (d.not_read, "not_read")):
            for (kind, layer), n in counter.items():
                by_type.setdefault(kind, Counter())[key] += n
                by_layer.setdefault(layer, Counter())[key] += n
        self.entities = {k: {"read": v["read"], "not_read": v["not_read"]}
                         for k, v in sorted(by_type.items())}
        self.layers = {name: {"role": layer_map.role(name), "read": v["read"],
                              "not_read": v["not_read"]} for name, v in sorted(by_layer.items())}
        self.found = {
            "walls": len(level.walls),
            "walls_with_measured_thickness": sum(
                1 for w in level.walls if not w.props.get("thickness_assumed")),
            "rooms": len(level.rooms),
            "named_rooms": sum(1 for r in level.rooms if not r.props.get("unnamed")),
            "doors": sum(1 for o in level.openings if o.kind == "door"),
            "windows": sum(1 for o in level.openings if o.kind == "window"),
            "openings": sum(1 for o in level.openings if o.kind == "opening"),
            "columns": len(level.columns),
            "furniture": len(level.furniture),
        }
        self.texts_in_no_room = [t.text for t in orphans]
        with_doors = {ref for o in level.openings if o.kind in ("door", "opening")
                      for ref in (*(o.connects or ()), *o.props.get("side_rooms", ()))}
        self.rooms_without_doors = [f"{r.id} {r.name}" if r.name != r.id else r.id
                                    for r in level.rooms if r.id not in with_doors]
        self.labelled_areas = [
            {"room": r.id, "name": r.name, "label_area": r.props["label_area"],
             "area": round(r.polygon.area, 2)}
            for r in level.rooms if "label_area" in r.props
        ]
        if not level.walls:
            self.warn("no walls found: check the layer map (--layers) if the drawing has them")
        if not level.rooms:
            self.warn("no rooms found: no closed room outlines and the walls enclose nothing")

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON-ready data."""
        return {
            "source": self.source,
            "dxf_version": self.dxf_version,
            "binary": self.binary,
            "encoding": self.encoding,
            "units": self.units,
            "audit": self.audit,
            "found": self.found,
            "entities": self.entities,
            "layers": self.layers,
            "texts_in_no_room": self.texts_in_no_room,
            "rooms_without_doors": self.rooms_without_doors,
            "labelled_areas": self.labelled_areas,
            "warnings": self.warnings,
        }

    def lines(self) -> list[str]:
        """Return the report as lines of plain text for a terminal."""
        out = [f"{self.source}: DXF {self.dxf_version}{' (binary)' if self.binary else ''}, "
               f"units {self.units['name']} ({self.units['source']})"]
        out.append("found: " + ", ".join(f"{v} {k.replace('_', ' ')}"
                                         for k, v in self.found.items()))
        out.append("entities (read / not read):")
        for kind, n in self.entities.items():
            out.append(f"  {kind:<12} {n['read']:>6} / {n['not_read']}")
        out.append("layers (role: read / not read):")
        for name, n in self.layers.items():
            out.append(f"  {name} ({n['role']}): {n['read']} / {n['not_read']}")
        for item in self.labelled_areas:
            out.append(f"area label {item['name']}: label {item['label_area']} m², "
                       f"polygon {item['area']:.2f} m²")
        if self.texts_in_no_room:
            out.append("texts in no room: " + ", ".join(self.texts_in_no_room))
        if self.rooms_without_doors:
            out.append("rooms without doors: " + ", ".join(self.rooms_without_doors))
        out.extend(f"warning: {w}" for w in self.warnings)
        return out
