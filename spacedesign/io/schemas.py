"""JSON Schemas of the file formats, generated from the boundary models.

The committed copies live in ``spacedesign/schemas/``; ``python -m spacedesign.io.schemas
--write`` (``make schemas``) regenerates them and a test fails when they drift.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from spacedesign.io.schema import FORMATS

__all__ = ["SCHEMA_DIR", "generate_schemas", "schema_file_name"]

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def schema_file_name(fmt: str) -> str:
    """Return the schema file name of a format, e.g. ``plan-1.schema.json``."""
    kind, version = fmt.removeprefix("spacedesign.").split("/")
    return f"{kind}-{version}.schema.json"


def generate_schemas() -> dict[str, dict[str, Any]]:
    """Return ``{file name: JSON Schema}`` for every format."""
    out = {}
    for fmt, model in FORMATS.items():
        schema = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://spacedesign.invalid/schemas/{schema_file_name(fmt)}"
        out[schema_file_name(fmt)] = schema
    return out


def render(schema: dict[str, Any]) -> str:
    """Return the canonical text of a schema file."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    """Write (``--write``) or check the committed schemas; return an exit status."""
    write = "--write" in argv
    stale = []
    for name, schema in generate_schemas().items():
        target = SCHEMA_DIR / name
        text = render(schema)
        if write:
            SCHEMA_DIR.mkdir(exist_ok=True)
            target.write_text(text, encoding="utf-8")
        elif not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(name)
    if stale:
        sys.stderr.write(f"schemas out of date: {', '.join(stale)}; run `make schemas`\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
