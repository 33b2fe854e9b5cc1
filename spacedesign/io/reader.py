"""Reading YAML or JSON documents into plain Python data, keeping line numbers.

Every failure to read becomes a :class:`~spacedesign.errors.DocumentError` naming the file and
the problem: a missing or empty file, binary content, a file too large, nesting too deep or a
syntax error with its line. Nothing here hangs on hostile input: size and depth are checked
before parsing and alias expansion is bounded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from spacedesign.errors import DocumentError

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "LineMap", "SourceDocument", "read_document"]

MAX_BYTES = 16 * 1024 * 1024
"""Largest document accepted (16 MiB); the Nakano model is about 30 kB."""

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted."""

MAX_NODES = 2_000_000
"""Most values a document may expand to (guards against alias bombs)."""

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class LineMap:
    """1-based line numbers of the values of a document, by key path."""

    lines: Mapping[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """Return the line of ``path`` or of its nearest ancestor that has one."""
        key = tuple(path)
        while True:
            line = self.lines.get(key)
            if line is not None:
                return line
            if not key:
                return None
            key = key[:-1]


@dataclass(frozen=True)
class SourceDocument:
    """A parsed document: plain data plus where each value came from."""

    file: str
    data: Any
    lines: LineMap


def _scan_depth(text: str) -> int:
    """Return an upper bound of the nesting depth from brackets and indentation."""
    depth = best = 0
    for char in text:
        if char in "[{":
            depth += 1
            best = max(best, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    indent_levels = 0
    for raw in text.splitlines():
        stripped = raw.lstrip(" -")
        if stripped and not stripped.startswith("#"):
            indent_levels = max(indent_levels, (len(raw) - len(stripped)) // 2)
    return max(best, indent_levels // 2)


class _Flattener:
    """Turns ruamel nodes into plain dict/list/scalars and records line numbers."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[KeyPath, int] = {}
        self.count = 0

    def convert(self, node: Any, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise DocumentError(
                f"the document expands to more than {MAX_NODES} values (aliases?)", file=self.file
            )
        if len(path) > MAX_DEPTH:
            raise DocumentError(f"nesting deeper than {MAX_DEPTH} levels", file=self.file)
        if isinstance(node, CommentedMap):
            result: dict[str, Any] = {}
            for key, value in node.items():
                child = (*path, str(key))
                try:
                    self.lines[child] = int(node.lc.key(key)[0]) + 1
                except (KeyError, TypeError, AttributeError):
                    pass
                result[str(key)] = self.convert(value, child)
            return result
        if isinstance(node, CommentedSeq):
            items = []
            for index, value in enumerate(node):
                child = (*path, index)
                try:
                    self.lines[child] = int(node.lc.item(index)[0]) + 1
                except (KeyError, TypeError, AttributeError, IndexError):
                    pass
                items.append(self.convert(value, child))
            return items
        if isinstance(node, Mapping):
            return {str(k): self.convert(v, (*path, str(k))) for k, v in node.items()}
        if isinstance(node, list | tuple):
            return [self.convert(v, (*path, i)) for i, v in enumerate(node)]
        if isinstance(node, bool) or node is None:
            return node
        if isinstance(node, int):
            return int(node)
        if isinstance(node, float):
            return float(node)
        if isinstance(node, str):
            return str(node)
        return node


def parse_text(text: str, *, file: str) -> SourceDocument:
    """Parse YAML (or JSON, a subset of YAML 1.2) text into a :class:`SourceDocument`."""
    if not text.strip():
        raise DocumentError("the file is empty", file=file)
    if _scan_depth(text) > MAX_DEPTH:
        raise DocumentError(f"nesting deeper than {MAX_DEPTH} levels", file=file)
    yaml = YAML(typ="rt")
    try:
        raw = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "syntax error"
        raise DocumentError(f"not valid YAML/JSON: {problem}", file=file, line=line) from None
    except YAMLError as exc:
        raise DocumentError(f"not valid YAML/JSON: {exc}", file=file) from None
    except RecursionError:
        raise DocumentError("nesting too deep to read", file=file) from None
    flattener = _Flattener(file)
    data = flattener.convert(raw, ())
    return SourceDocument(file=file, data=data, lines=LineMap(flattener.lines))


def read_document(path: str | Path) -> SourceDocument:
    """Read and parse a YAML or JSON file.

    Parameters
    ----------
    path : str or Path
        The file to read.

    Returns
    -------
    SourceDocument
        The plain data and the line of every value.

    Raises
    ------
    DocumentError
        When the file is missing, empty, binary, too large, too deeply nested or not YAML/JSON.
    """
    file = str(path)
    target = Path(path)
    if not target.exists():
        raise DocumentError("no such file", file=file)
    if target.is_dir():
        raise DocumentError("is a folder, not a file", file=file)
    size = target.stat().st_size
    if size > MAX_BYTES:
        raise DocumentError(
            f"the file is {size / 1e6:.1f} MB; documents are at most {MAX_BYTES / 1e6:.0f} MB",
            file=file,
        )
    blob = target.read_bytes()
    if b"\x00" in blob[:65536]:
        raise DocumentError("binary content, not a YAML or JSON text file", file=file)
    try:
        text = blob.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = blob[: exc.start].count(b"\n") + 1
        raise DocumentError(
            "not UTF-8 text (binary content or another encoding)", file=file, line=line
        ) from None
    return parse_text(text, file=file)
