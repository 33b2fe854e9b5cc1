"""Semantic checks of a document that also has shape errors.

Pydantic rejects a document as a whole when one element has the wrong shape, so the semantic
audit (ids, references, geometry) would never run and a user fixing one problem would meet the
next only on the following run. Here the elements with shape errors are set aside, the rest is
validated and audited, and every problem found is reported at its place in the original file:
paths, lines and the paths quoted in messages are mapped back past the removed elements.
Problems caused only by the removal (a reference to a removed element) are left out.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pydantic

from spacedesign.errors import Problem
from spacedesign.io.reader import KeyPath, LineMap, SourceDocument

__all__ = ["audit_without_broken_elements"]

Auditor = Callable[[Any, LineMap], list[Problem]]
"""Validates a pruned document with the file model and audits it; returns its problems."""

_PATH_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_QUOTED_PATH = re.compile(
    r"\b[A-Za-z_][A-Za-z0-9_]*\[\d+\](?:(?:\.[A-Za-z_][A-Za-z0-9_]*)|\[\d+\])*"
)


def _element_path(loc: KeyPath) -> KeyPath | None:
    """Return the path of the list element an error is in, or None if it is in no element."""
    for end in range(len(loc), 0, -1):
        if isinstance(loc[end - 1], int):
            return loc[:end]
    return None


def _format(path: KeyPath) -> str:
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out


def _parse_path(text: str) -> KeyPath:
    return tuple(int(index) if index else name for name, index in _PATH_TOKEN.findall(text))


class _Removal:
    """The elements removed from a document and how paths of the rest map back."""

    def __init__(self, data: Any, paths: Iterable[KeyPath]) -> None:
        self.removed: dict[KeyPath, list[int]] = {}
        self.ids: set[str] = set()
        self.data = copy.deepcopy(data)
        kept: list[KeyPath] = []
        for path in sorted(set(paths), key=len):
            if not any(path[: len(k)] == k for k in kept):
                kept.append(path)
        for path in sorted(kept, key=lambda p: (-len(p), p[:-1], -int(p[-1]))):
            parent: Any = self.data
            for key in path[:-1]:
                parent = parent[key]
            element = parent.pop(int(path[-1]))
            if isinstance(element, dict) and isinstance(element.get("id"), str):
                self.ids.add(element["id"])
            self.removed.setdefault(path[:-1], []).append(int(path[-1]))
        for indices in self.removed.values():
            indices.sort()

    def original(self, path: Sequence[str | int]) -> KeyPath:
        """Map a path in the pruned document to the same element's path in the original."""
        out: list[str | int] = []
        for key in path:
            if isinstance(key, int):
                index = key
                for gone in self.removed.get(tuple(out), ()):
                    if gone <= index:
                        index += 1
                out.append(index)
            else:
                out.append(key)
        return tuple(out)


class _MappedLines(LineMap):
    def __init__(self, lines: LineMap, removal: _Removal) -> None:
        super().__init__({})
        self._base = lines
        self._removal = removal

    def line_of(self, path: Sequence[str | int]) -> int | None:
        return self._base.line_of(self._removal.original(path))


def audit_without_broken_elements(
    src: SourceDocument,
    errors: Sequence[Mapping[str, Any]],
    audit: Auditor,
) -> list[Problem]:
    """Audit what remains of a document once the elements with shape errors are set aside.

    Parameters
    ----------
    src : SourceDocument
        The document as read.
    errors : sequence of dict
        Pydantic's ``ValidationError.errors()`` for it.
    audit : callable
        ``audit(pruned_data, lines)``: validates the pruned data with the file model, converts it
        and returns the semantic problems; raises ``pydantic.ValidationError`` if it still fails.

    Returns
    -------
    list of Problem
        Semantic problems of the remaining elements, with paths and lines of the original file;
        empty when an error is not inside a list element (nothing sensible to set aside).
    """
    paths = []
    for error in errors:
        loc = tuple("from" if k == "from_" else k for k in error["loc"]
                    if isinstance(k, str | int))
        element = _element_path(loc)
        if element is None:
            return []
        paths.append(element)
    removal = _Removal(src.data, paths)
    try:
        problems = audit(removal.data, _MappedLines(src.lines, removal))
    except pydantic.ValidationError:
        return []
    mapped = []
    for problem in problems:
        if problem.code == "dangling-reference" and any(f'"{i}"' in problem.message
                                                        for i in removal.ids):
            continue
        path = _format(removal.original(_parse_path(problem.path))) if problem.path else ""
        message = _QUOTED_PATH.sub(
            lambda m: _format(removal.original(_parse_path(m.group(0)))), problem.message)
        mapped.append(Problem(problem.code, message, problem.file, problem.line, path,
                              problem.element, problem.severity))
    return mapped
