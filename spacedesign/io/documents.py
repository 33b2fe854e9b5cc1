"""Loading, validating and saving documents: plans, scenarios, programs and FLP instances.

The ``format`` key decides the kind (DESIGN.md §4). Loading goes file → plain data
(:mod:`~spacedesign.io.reader`) → file model (:mod:`~spacedesign.io.schema`, pydantic) → record
(:mod:`~spacedesign.io.convert`) → semantic audit (:mod:`~spacedesign.io.audit`). Every problem
found on the way is collected, with file, line, key path and element id.
"""

from __future__ import annotations

import json
import os
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

import pydantic
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from spacedesign.errors import DocumentError, Problem, ValidationError
from spacedesign.io import audit, convert
from spacedesign.io import schema as s
from spacedesign.io.partial import audit_without_broken_elements
from spacedesign.io.reader import KeyPath, LineMap, SourceDocument, read_document
from spacedesign.model import FlpInstance, Plan, Program

__all__ = [
    "Document",
    "load_document",
    "load_flp",
    "load_plan",
    "load_program",
    "resolve_program_plan",
    "save_document",
    "to_data",
    "validate_file",
]

Document = Plan | Program | FlpInstance

_CODES = {
    "extra_forbidden": "unknown-key",
    "missing": "missing-key",
    "non_finite": "non-finite",
    "finite_number": "non-finite",
    "invalid_polygon": "invalid-polygon",
    "invalid_point": "invalid-point",
    "invalid_line": "invalid-line",
    "unknown_key": "unknown-key",
    "literal_error": "invalid-value",
}


def _pydantic_problems(src: SourceDocument, exc: pydantic.ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc: KeyPath = tuple(
            "from" if k == "from_" else k for k in err["loc"] if isinstance(k, str | int)
        )
        kind = err["type"]
        code = _CODES.get(kind, "wrong-type")
        if kind == "extra_forbidden":
            message = f"unknown key {loc[-1]!r} (put user data under props:)"
        elif kind == "missing":
            message = f"missing required key {loc[-1]!r}"
        else:
            message = err["msg"].removeprefix("Value error, ")
            if "input" in err and kind not in {"non_finite", "invalid_polygon"}:
                shown = repr(err["input"])
                if len(shown) < 60 and shown not in message:
                    message = f"{message} (got {shown})"
        problems.append(audit.problem_for(src.file, src.lines, loc, code, message, src.data))
    return problems


def _parse(src: SourceDocument) -> tuple[Document | None, list[Problem]]:
    data = src.data
    if not isinstance(data, dict):
        return None, [Problem("not-a-mapping", "the document must be a mapping with a "
                              "'format' key", src.file, 1)]
    fmt = data.get("format")
    model = s.FORMATS.get(fmt) if isinstance(fmt, str) else None
    if model is None:
        known = ", ".join(s.FORMATS)
        if fmt is None:
            message = f"missing the 'format' key (one of: {known})"
        else:
            message = f"format {fmt!r} is not one of: {known}"
        return None, [audit.problem_for(src.file, src.lines, ("format",), "unknown-format",
                                        message, data)]
    try:
        parsed = model.model_validate(data)
    except pydantic.ValidationError as exc:
        shape_problems = _pydantic_problems(src, exc)

        def audit_rest(pruned: Any, lines: LineMap) -> list[Problem]:
            return _audit(model.model_validate(pruned), src.file, lines)[1]

        errors = exc.errors()
        return None, shape_problems + audit_without_broken_elements(src, errors, audit_rest)
    return _audit(parsed, src.file, src.lines)


def _audit(parsed: Any, file: str, lines: LineMap) -> tuple[Document, list[Problem]]:
    """Convert a validated file model to its record and run the semantic audit."""
    if isinstance(parsed, s.PlanFile):
        plan = convert.plan_from_file(parsed)
        return plan, audit.audit_plan(plan, file=file, lines=lines)
    if isinstance(parsed, s.ProgramFile):
        program = convert.program_from_file(parsed)
        return program, audit.audit_program(program, file=file, lines=lines, exists=Path.exists)
    assert isinstance(parsed, s.FlpFile)
    instance = convert.flp_from_file(parsed)
    return instance, audit.audit_flp(instance, file=file, lines=lines)


def validate_file(path: str | Path) -> list[Problem]:
    """Return every problem of a document (errors and warnings); empty when it is clean.

    Parameters
    ----------
    path : str or Path
        A plan, scenario, program or FLP instance file (YAML or JSON).

    Returns
    -------
    list of Problem
        Each with a stable code, the file, line, key path, element id and message.
    """
    try:
        src = read_document(path)
    except DocumentError as exc:
        return [Problem(exc.code, exc.message, exc.file, exc.line)]
    return _parse(src)[1]


def load_document(path: str | Path) -> Document:
    """Load a plan, scenario, program or FLP instance, as decided by its ``format`` key.

    Parameters
    ----------
    path : str or Path
        A YAML or JSON file.

    Returns
    -------
    Plan or Program or FlpInstance
        The record the ``format`` key names.

    Raises
    ------
    DocumentError
        When the file cannot be read as YAML/JSON.
    ValidationError
        When it has problems of severity ``error``; ``.problems`` lists all of them.
    """
    src = read_document(path)
    document, problems = _parse(src)
    if document is None or any(p.severity == "error" for p in problems):
        raise ValidationError(problems, file=src.file)
    return document


def _load_kind(path: str | Path, kind: type[Any], what: str) -> Any:
    document = load_document(path)
    if not isinstance(document, kind):
        raise ValidationError(
            [Problem("wrong-format", f"expected {what}, found another kind of document",
                     str(path), None, "format")], file=str(path))
    return document


def load_plan(path: str | Path) -> Plan:
    """Load a plan (``spacedesign.plan/1``) or scenario (``spacedesign.scenario/1``) file.

    Parameters
    ----------
    path : str or Path
        A YAML or JSON file.

    Returns
    -------
    Plan
        The plan or scenario.

    Raises
    ------
    DocumentError, ValidationError
        As :func:`load_document`, and when the file holds another kind of document.
    """
    plan: Plan = _load_kind(path, Plan, "a plan or scenario")
    return plan


def load_program(path: str | Path) -> Program:
    """Load a program file (``spacedesign.program/1``).

    Parameters
    ----------
    path : str or Path
        A YAML or JSON file.

    Returns
    -------
    Program
        The program.

    Raises
    ------
    DocumentError, ValidationError
        As :func:`load_document`, and when the file holds another kind of document.
    """
    program: Program = _load_kind(path, Program, "a program")
    return program


def load_flp(path: str | Path) -> FlpInstance:
    """Load a facility layout instance (``spacedesign.flp/1``).

    Parameters
    ----------
    path : str or Path
        A YAML or JSON file.

    Returns
    -------
    FlpInstance
        The instance.

    Raises
    ------
    DocumentError, ValidationError
        As :func:`load_document`, and when the file holds another kind of document.
    """
    instance: FlpInstance = _load_kind(path, FlpInstance, "a facility layout instance")
    return instance


def resolve_program_plan(program: Program, program_path: str | Path) -> Path:
    """Return the path of the plan a program refers to (relative to the program file).

    Parameters
    ----------
    program : Program
        A program whose ``plan`` names the base plan.
    program_path : str or Path
        Where the program was read from.

    Returns
    -------
    Path
        The base plan's path.
    """
    if program.plan is None:
        raise ValidationError([Problem("missing-key", "the program names no plan",
                                       str(program_path), None, "plan")], file=str(program_path))
    return Path(program_path).parent / program.plan


def to_data(document: Document) -> dict[str, Any]:
    """Return a document as plain, JSON-ready data in its file layout.

    Parameters
    ----------
    document : Plan or Program or FlpInstance
        Any document.

    Returns
    -------
    dict
        Plain data, as :func:`save_document` writes it.
    """
    if isinstance(document, Plan):
        return convert.plan_to_data(document)
    if isinstance(document, Program):
        return convert.program_to_data(document)
    return convert.flp_to_data(document)


def _flow_points(node: Any) -> Any:
    """Render numeric lists ([x, y] points, rows) in flow style, like the hand-written files."""
    if isinstance(node, dict):
        out = CommentedMap()
        for k, v in node.items():
            out[k] = _flow_points(v)
        return out
    if isinstance(node, list):
        seq = CommentedSeq(_flow_points(v) for v in node)
        if all(isinstance(v, int | float | str) for v in node):
            seq.fa.set_flow_style()
        return seq
    return node


def dump_yaml(data: dict[str, Any]) -> str:
    """Return ``data`` as YAML text with points written inline (``[x, y]``).

    Parameters
    ----------
    data : dict
        Plain data.

    Returns
    -------
    str
        YAML text.
    """
    yaml = YAML(typ="rt")
    yaml.width = 120
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = StringIO()
    yaml.dump(_flow_points(data), buffer)
    return buffer.getvalue()


def save_document(document: Document, path: str | Path) -> Path:
    """Write a document as YAML (``.yaml``/``.yml``) or JSON (``.json``), atomically.

    The file is written to a temporary sibling and renamed into place, so an existing file is
    never left half-written.
    """
    target = Path(path)
    data = to_data(document)
    if target.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    else:
        text = dump_yaml(data)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
