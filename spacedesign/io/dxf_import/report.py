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

__all__ = ["AREA_LABEL_TOLERANCE", "ImportReport"]

AREA_LABEL_TOLERANCE = 0.10
"""A room whose area differs from its area label by more than this share gets a warning."""


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
    unnamed_rooms: list[dict[str, Any]] = field(default_factory=list)
    rooms_of_unknown_use: list[str] = field(default_factory=list)

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
        self.labelled_areas = []
        for r in level.rooms:
            if "label_area" not in r.props:
                continue
            label, area = float(r.props["label_area"]), r.polygon.area
            differs = label > 0 and abs(area - label) > AREA_LABEL_TOLERANCE * label
            self.labelled_areas.append({"room": r.id, "name": r.name, "label_area": label,
                                        "area": round(area, 2), "differs": differs})
            if differs:
                self.warn(f"room {r.id} {r.name}: its label says {label:g} m² but the room "
                          f"measures {area:.2f} m² ({(area - label) / label:+.0%}); the drawing "
                          "may leave it open, split it, or the label may be out of date")
        self.unnamed_rooms = [{"room": r.id, "area": round(r.polygon.area, 2), "use": r.use,
                               "use_from": r.props.get("use_from", "none")}
                              for r in level.rooms if r.props.get("unnamed")]
        self.rooms_of_unknown_use = [f"{r.id} {r.name}" for r in level.rooms
                                     if r.use == "other" and not r.props.get("unnamed")]
        unknown = [u for u in self.unnamed_rooms if u["use"] == "other"]
        if self.unnamed_rooms:
            self.warn(f"{len(self.unnamed_rooms)} room(s) have no name label "
                      f"({', '.join(u['room'] for u in self.unnamed_rooms[:12])}"
                      f"{', ...' if len(self.unnamed_rooms) > 12 else ''}); "
                      f"{len(unknown)} of them have use `other` and no capacity: name them "
                      "and set their use in the plan")
        if self.rooms_of_unknown_use:
            self.warn(f"{len(self.rooms_of_unknown_use)} named room(s) have a name that tells no "
                      f"use ({', '.join(self.rooms_of_unknown_use[:8])}"
                      f"{', ...' if len(self.rooms_of_unknown_use) > 8 else ''}); they get use "
                      "`other` and no capacity")
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
            "unnamed_rooms": self.unnamed_rooms,
            "rooms_of_unknown_use": self.rooms_of_unknown_use,
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
            mark = "  <- differs by more than 10 %" if item["differs"] else ""
            out.append(f"area label {item['name']}: label {item['label_area']:g} m², "
                       f"polygon {item['area']:.2f} m²{mark}")
        if self.texts_in_no_room:
            out.append("texts in no room: " + ", ".join(self.texts_in_no_room))
        if self.rooms_without_doors:
            out.append("rooms without doors: " + ", ".join(self.rooms_without_doors))
        out.extend(f"warning: {w}" for w in self.warnings)
        return out
