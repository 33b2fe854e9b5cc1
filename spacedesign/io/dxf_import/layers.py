"""Layer map: which layer holds walls, doors, windows, columns, rooms, labels or furniture.

A drawing made by someone else names its layers its own way. The default map recognises the
AIA/NCS names (``A-WALL``, ``A-DOOR``, ``A-GLAZ``, ``S-COLS``, ``A-AREA-IDEN``, ``A-FURN``),
classification-style names (``A-210 G - Existing Structure``, ``A-325G - Internal Doors``),
Japanese names (壁, 建具, 柱, 室名, 家具) and a few German/Danish words. Layers of the other
disciplines (``M-``, ``P-``, ``E-``, ``FP-``, ``C-``: mechanical, plumbing, electrical, fire
protection, civil) and area outlines that are not rooms (``A-AREA-GROS``, ``-OCCP``, ``-RENT``,
``-USBL``) are ignored by default; name them in a user map to read them. Layers that match no rule
(layer ``0`` among them) are read "by geometry": lines may be walls, arcs with a leaf may be
doors, texts may be room labels.

A user map (YAML) adds rules that win over the defaults::

    layers:                 # layer name or glob pattern (case-insensitive) -> role
      "Wand (neu)": wall
      "Doors/Windows": door
      "Table": furniture
      "Base": ignore
    unmatched: geometry     # role of layers no rule matches: geometry (default) or ignore
    defaults: true          # keep the built-in rules after the user's ones
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacedesign.errors import DrawingImportError

__all__ = ["ROLES", "LayerMap", "load_layer_map"]

ROLES = (
    "wall",
    "door",
    "window",
    "column",
    "room",
    "label",
    "furniture",
    "geometry",
    "ignore",
)
"""Every role a layer can have."""

# Ordered: the first matching rule decides. Patterns are searched case-insensitively.
_DEFAULT_RULES: tuple[tuple[str, str], ...] = (
    (r"defpoints|viewport|nplt|ttlb|title|border|frame|図枠|表題", "ignore"),
    (r"grid|通り芯|\bdims?\b|-dims|dimension|寸法|\bhatch-?patt", "ignore"),
    (r"virtual|power|electric|elec\b|light|設備|電気|vegetation|planting|植栽", "ignore"),
    # other disciplines (NCS/AIA designators): mechanical, plumbing, electrical, fire
    # protection, civil; their lines are ducts, pipes and site works, never rooms or walls
    (r"^(?:m|p|e|fp|c)-", "ignore"),
    # area outlines that are not rooms: gross, occupancy, rentable, usable (A-AREA-GROS ...)
    (r"-area-(?:gros|occp|rent|usbl|nusb|boma|bgro)", "ignore"),
    (r"^[gl]-|-flor-|accs|tact|träger|traeger|beam|balken|梁|overlay", "ignore"),
    (r"(door|glaz|wind)\w*-iden|door tag|建具記号", "ignore"),
    # pattern layers repeat the outlines drawn on the element's own layer (A-WALL-PATT)
    (r"-patt\b|\bpatt\b|poch[eé]|zone|改修範囲", "ignore"),
    (r"iden|text|\btxt\b|label|name|室名|文字|注記|beschrift|schrift|tekst", "label"),
    (r"\bcols?\b|-cols|column|pillar|stütze|stuetze|søjle|柱", "column"),
    (r"door|dør|tür|tuer|porte|扉|ドア|建具", "door"),
    (r"glaz|window|\bwind\b|fenster|vindue|窓|サッシ", "window"),
    (r"wall|wand|mauer|\bmur\b|muro|væg|壁|躯体|間仕切|structure|partition", "wall"),
    (r"furn|möbel|moebel|møbel|家具|什器|table|chair|desk|couch|bench|sofa|shel|locker",
     "furniture"),
    (r"hatch|schraff|ハッチ", "ignore"),
    (r"\barea\b|-area|\broom|\braum|\brum\b|\bspace|室", "room"),
    # classification codes without a telling word (CI/SfB-like: 21/22 walls, 28 frame,
    # 31 external openings, 32 internal openings)
    (r"^[a-z]-?2[12]\d", "wall"),
    (r"^[a-z]-?28\d", "column"),
    (r"^[a-z]-?31\d", "window"),
    (r"^[a-z]-?32\d", "door"),
)


@dataclass(frozen=True)
class LayerMap:
    """Maps DXF layer names to roles.

    Parameters
    ----------
    user_rules : tuple of (pattern, role)
        Glob patterns (case-insensitive) checked first, in order.
    use_defaults : bool
        Whether the built-in rules apply after the user's.
    unmatched : str
        Role of a layer no rule matches: ``"geometry"`` or ``"ignore"``.
    """

    user_rules: tuple[tuple[str, str], ...] = ()
    use_defaults: bool = True
    unmatched: str = "geometry"
    _cache: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def role(self, layer: str) -> str:
        """Return the role of ``layer`` (one of :data:`ROLES`)."""
        cached = self._cache.get(layer)
        if cached is not None:
            return cached
        found = self._find(layer)
        self._cache[layer] = found
        return found

    def explicit(self, layer: str) -> bool:
        """Return whether a user rule names ``layer`` (then it is read even when frozen)."""
        name = layer.strip().casefold()
        return any(fnmatch.fnmatchcase(name, pattern.casefold()) for pattern, _ in self.user_rules)

    def _find(self, layer: str) -> str:
        name = layer.strip()
        for pattern, role in self.user_rules:
            if fnmatch.fnmatchcase(name.casefold(), pattern.casefold()):
                return role
        if name == "0":
            return self.unmatched
        if self.use_defaults:
            # drop a trailing layer index that some exporters append ("Furniture 4")
            bare = re.sub(r"\s+\d+$", "", name)
            for pattern, role in _DEFAULT_RULES:
                if re.search(pattern, bare, flags=re.IGNORECASE):
                    return role
        return self.unmatched


def load_layer_map(path: str | Path | None) -> LayerMap:
    """Read a layer map YAML file (or return the default map for ``None``).

    Raises
    ------
    DrawingImportError
        When the file cannot be read or names an unknown role.
    """
    if path is None:
        return LayerMap()
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    file = str(path)
    try:
        with open(path, encoding="utf-8") as stream:
            data: Any = YAML(typ="safe").load(stream)
    except OSError as exc:
        raise DrawingImportError(f"cannot read the layer map: {exc.strerror}", file=file) from exc
    except YAMLError as exc:
        raise DrawingImportError(f"the layer map is not valid YAML: {exc}", file=file) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DrawingImportError("the layer map must be a mapping with a `layers:` key", file=file)
    unknown = set(data) - {"layers", "unmatched", "defaults"}
    if unknown:
        raise DrawingImportError(f"unknown key(s) {sorted(unknown)}", file=file)
    layers = data.get("layers") or {}
    if not isinstance(layers, dict):
        raise DrawingImportError("`layers:` must map layer names to roles", file=file,
                                 path="layers")
    rules: list[tuple[str, str]] = []
    for pattern, role in layers.items():
        if role not in ROLES:
            raise DrawingImportError(
                f"unknown role {role!r}; use one of {', '.join(ROLES)}",
                file=file,
                path=f"layers.{pattern}",
                value=role,
            )
        rules.append((str(pattern), str(role)))
    unmatched = data.get("unmatched", "geometry")
    if unmatched not in ("geometry", "ignore"):
        raise DrawingImportError(
            "`unmatched:` must be geometry or ignore", file=file, path="unmatched", value=unmatched
        )
    use_defaults = data.get("defaults", True)
    if not isinstance(use_defaults, bool):
        raise DrawingImportError("`defaults:` must be true or false", file=file, path="defaults")
    return LayerMap(tuple(rules), use_defaults, str(unmatched))
