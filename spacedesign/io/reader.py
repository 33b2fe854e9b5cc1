"""Reading YAML or JSON documents into plain Python data, keeping line numbers.

Every failure to read becomes a :class:`~spacedesign.errors.DocumentError` naming the file, the
problem and a stable code: a missing, unreadable or empty file, something that is not a regular
file (a pipe or a device), binary content, a file too large, nesting too deep or a syntax error
with its line. Nothing here hangs on hostile input: only regular files are opened, the read is
bounded, size and depth are checked before parsing and alias expansion is bounded.

Parsing uses ruamel's C parser (YAML 1.2; JSON is a subset), falling back to the pure round-trip
parser for the few valid documents libyaml's scanner refuses. Line numbers come from a second,
round-trip parse that runs only when a problem needs a line: valid documents are parsed once.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from spacedesign.errors import DocumentError

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "LineMap",
    "SourceDocument",
    "parse_text",
    "read_document",
]

MAX_BYTES = 4 * 1024 * 1024
"""Largest document accepted (4 MiB). The Nakano model is about 30 kB and a plan imported from a
large office drawing a few hundred kB; a 4 MiB document still parses in a few seconds."""

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted."""

MAX_NODES = 2_000_000
"""Most values a document may expand to (guards against alias bombs)."""

KeyPath = tuple[str | int, ...]


class LineMap:
    """1-based line numbers of the values of a document, by key path.

    Parameters
    ----------
    lines : Mapping, optional
        Line of each key path.
    source : callable, optional
        Called once, on the first lookup, to compute ``lines`` (so that documents without
        problems never pay for a round-trip parse).
    """

    def __init__(
        self,
        lines: Mapping[KeyPath, int] | None = None,
        *,
        source: Callable[[], Mapping[KeyPath, int]] | None = None,
    ) -> None:
        self._lines = lines
        self._source = source

    @property
    def lines(self) -> Mapping[KeyPath, int]:
        """The line of every key path that has one."""
        if self._lines is None:
            self._lines = self._source() if self._source is not None else {}
            self._source = None
        return self._lines

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """Return the line of ``path`` or of its nearest ancestor that has one.

        Parameters
        ----------
        path : sequence of str or int
            Key path, e.g. ``("levels", 0, "rooms", 3)``.

        Returns
        -------
        int or None
            The 1-based line, or None when neither the path nor an ancestor has one.
        """
        lines = self.lines
        key = tuple(path)
        while True:
            line = lines.get(key)
            if line is not None:
                return line
            if not key:
                return None
            key = key[:-1]


class SourceDocument:
    """A parsed document: plain data plus where each value came from.

    Attributes
    ----------
    file : str
        The file name used in messages.
    data : object
        Plain dicts, lists and scalars.
    lines : LineMap
        The line of each value.
    """

    def __init__(self, file: str, data: Any, lines: LineMap) -> None:
        self.file = file
        self.data = data
        self.lines = lines


def _scan_depth(text: str) -> int:
    """Return an upper bound of the nesting depth from brackets and indentation.

    Brackets inside comments and quoted scalars do not count.
    """
    depth = best = 0
    quote = ""
    previous = "\n"
    skip_to_newline = False
    escaped = False
    for char in text:
        if skip_to_newline:
            if char == "\n":
                skip_to_newline = False
                previous = char
            continue
        if quote:
            if quote == '"' and char == "\\" and not escaped:
                escaped = True
                continue
            if char == quote and not escaped:
                quote = ""
            escaped = False
        elif char == "#" and previous in " \t\n":
            skip_to_newline = True
        elif char in "'\"" and previous in " \t\n:,[{-":
            quote = char
        elif char in "[{":
            depth += 1
            best = max(best, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
        previous = char
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
                f"the document expands to more than {MAX_NODES} values (aliases?)",
                file=self.file, code="too-many-values",
            )
        if len(path) > MAX_DEPTH:
            raise DocumentError(f"nesting deeper than {MAX_DEPTH} levels", file=self.file,
                                code="too-deep")
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


def _load(text: str, *, file: str, typ: str) -> Any:
    yaml = YAML(typ=typ, pure=False)
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "syntax error"
        raise DocumentError(f"not valid YAML/JSON: {problem}", file=file, line=line,
                            code="syntax-error") from None
    except YAMLError as exc:
        raise DocumentError(f"not valid YAML/JSON: {exc}", file=file, code="syntax-error") from None
    except RecursionError:
        raise DocumentError("nesting too deep to read", file=file, code="too-deep") from None
    except (ValueError, OverflowError) as exc:
        # e.g. an integer of more than 4300 digits, or an impossible date
        raise DocumentError(f"a value cannot be read: {str(exc).split(';')[0]}", file=file,
                            code="bad-value") from None


def _line_numbers(text: str, file: str) -> Mapping[KeyPath, int]:
    flattener = _Flattener(file)
    flattener.convert(_load(text, file=file, typ="rt"), ())
    return flattener.lines


def parse_text(text: str, *, file: str) -> SourceDocument:
    """Parse YAML (or JSON, a subset of YAML 1.2) text into a :class:`SourceDocument`.

    Parameters
    ----------
    text : str
        The document.
    file : str
        Its name, for messages.

    Returns
    -------
    SourceDocument
        Plain data; line numbers are computed on first use.

    Raises
    ------
    DocumentError
        When the text is empty, too deeply nested, expands to too many values or is not
        YAML/JSON.
    """
    if not text.strip():
        raise DocumentError("the file is empty", file=file, code="file-empty")
    if _scan_depth(text) > MAX_DEPTH:
        raise DocumentError(f"nesting deeper than {MAX_DEPTH} levels", file=file, code="too-deep")
    try:
        raw = _load(text, file=file, typ="safe")
    except DocumentError as fast_error:
        if fast_error.code != "syntax-error":
            raise
        # libyaml's scanner rejects some valid YAML 1.2 (``[9:00-12:00]``, a colon inside a
        # plain scalar in a flow list): the round-trip parser decides, and reports real errors.
        flattener = _Flattener(file)
        data = flattener.convert(_load(text, file=file, typ="rt"), ())
        return SourceDocument(file=file, data=data, lines=LineMap(flattener.lines))
    data = _Flattener(file).convert(raw, ())
    return SourceDocument(file=file, data=data,
                          lines=LineMap(source=lambda: _line_numbers(text, file)))


def _mebibytes(size: int) -> str:
    return f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size / 1024:.0f} kiB"


def _unreadable(file: str, exc: OSError) -> DocumentError:
    if isinstance(exc, FileNotFoundError):
        return DocumentError("no such file", file=file, code="file-missing")
    if isinstance(exc, PermissionError):
        return DocumentError("permission denied (cannot read the file)", file=file,
                             code="file-unreadable")
    return DocumentError(f"cannot read the file: {exc.strerror or exc}", file=file,
                         code="file-unreadable")


def _read_regular_file(path: Path, file: str) -> bytes:
    """Read at most ``MAX_BYTES + 1`` bytes of a regular file; never blocks on a pipe."""
    try:
        if path.is_dir():
            raise DocumentError("is a folder, not a file", file=file, code="not-a-file")
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise _unreadable(file, exc) from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError("is not a regular file (a pipe, device or socket); save the "
                                "document to a file first", file=file, code="not-a-file")
        too_large = (f"the file is {_mebibytes(info.st_size)}; documents are at most "
                     f"{_mebibytes(MAX_BYTES)}")
        if info.st_size > MAX_BYTES:
            raise DocumentError(too_large, file=file, code="file-too-large")
        try:
            blob = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise _unreadable(file, exc) from None
    if len(blob) > MAX_BYTES:
        raise DocumentError(too_large, file=file, code="file-too-large")
    return blob


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
        When the file is missing, unreadable, not a regular file, empty, binary, too large, too
        deeply nested or not YAML/JSON; its ``code`` says which.
    """
    file = str(path)
    blob = _read_regular_file(Path(path), file)
    if b"\x00" in blob:
        raise DocumentError("binary content, not a YAML or JSON text file", file=file,
                            code="file-binary")
    try:
        text = blob.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = blob[: exc.start].count(b"\n") + 1
        raise DocumentError(
            "not UTF-8 text (binary content or another encoding)", file=file, line=line,
            code="not-utf8",
        ) from None
    return parse_text(text, file=file)
