"""The committed JSON Schemas match the boundary models, and shipped files satisfy them."""

from __future__ import annotations

import json

from spacedesign.io.schemas import SCHEMA_DIR, generate_schemas, main, render


def test_committed_schemas_match_the_models():
    generated = generate_schemas()
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json")) == sorted(generated)
    for name, schema in generated.items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == render(schema), (
            f"{name} drifted from the models: run `make schemas`"
        )
    assert main([]) == 0


def test_schemas_forbid_unknown_keys():
    plan = json.loads((SCHEMA_DIR / "plan-1.schema.json").read_text())
    assert plan["additionalProperties"] is False
    room = plan["$defs"]["RoomIn"]
    assert room["additionalProperties"] is False
    assert set(room["required"]) >= {"id", "name", "use", "polygon"}
    ramp = plan["$defs"]["RampIn"]
    assert "from" in ramp["properties"] and "from_" not in ramp["properties"]
