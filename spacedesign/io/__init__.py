"""Files ↔ model: plans, scenarios, programs and FLP instances in YAML or JSON (DESIGN.md §4)."""

from spacedesign.io.convert import plan_to_data, program_to_data
from spacedesign.io.documents import (
    Document,
    dump_yaml,
    load_document,
    load_flp,
    load_plan,
    load_program,
    resolve_program_plan,
    save_document,
    to_data,
    validate_file,
)

__all__ = [
    "Document",
    "dump_yaml",
    "load_document",
    "load_flp",
    "load_plan",
    "load_program",
    "plan_to_data",
    "program_to_data",
    "resolve_program_plan",
    "save_document",
    "to_data",
    "validate_file",
]
