"""Reading a DXF file tolerantly: ASCII through ``ezdxf.recover``, binary DXF, size limits."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from spacedesign.errors import DrawingImportError, MissingDependencyError

from .repair import close_truncated, is_truncated, renumber_duplicate_handles

__all__ = ["BINARY_SENTINEL", "DEFAULT_MAX_MEGABYTES", "Progress", "ReadResult", "read_drawing"]

Progress = Callable[[str, float], None]
"""A progress callback: ``progress(phase, fraction)`` with fraction in [0, 1]."""

BINARY_SENTINEL = b"AutoCAD Binary DXF\r\n\x1a\x00"
DEFAULT_MAX_MEGABYTES = 64.0
"""Files larger than this are refused unless the caller raises the limit (parsing runs at about
1 MB/s and needs about 30 times the file size in memory)."""


@dataclass
class ReadResult:
    """A drawing as read, with what the reader had to repair."""

    doc: Any
    binary: bool
    audit_errors: list[str]
    audit_fixes: int
    size_bytes: int
    repairs: list[str]
    """Repairs made to the bytes before ezdxf read them (truncation, duplicate handles)."""


class _ProgressStream:
    """A binary stream that reports how far ``readline`` has got."""

    def __init__(self, stream: BinaryIO, size: int, progress: Progress) -> None:
        self._stream = stream
        self._size = max(size, 1)
        self._progress = progress
        self._calls = 0

    def readline(self, limit: int = -1) -> bytes:
        self._calls += 1
        if self._calls % 20000 == 0:
            self._progress("reading", min(1.0, self._stream.tell() / self._size))
        return self._stream.readline(limit)

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._stream.seek(offset, whence)

    def tell(self) -> int:
        return self._stream.tell()


def _ezdxf() -> Any:
    try:
        import ezdxf
        import ezdxf.recover
    except ImportError as exc:  # pragma: no cover - the cad extra is part of `make install`
        raise MissingDependencyError("ezdxf", "cad") from exc
    return ezdxf


def read_drawing(
    path: str | Path,
    *,
    max_megabytes: float = DEFAULT_MAX_MEGABYTES,
    progress: Progress | None = None,
) -> ReadResult:
    """Read a DXF drawing, repairing what ``ezdxf.recover`` can repair.

    Parameters
    ----------
    path : str or Path
        The DXF file (ASCII R12 to R2018, or binary DXF).
    max_megabytes : float
        Refuse files larger than this (a clear message instead of minutes of parsing).
    progress : callable, optional
        Called as ``progress("reading", fraction)`` while the file is parsed.

    Raises
    ------
    DrawingImportError
        When the file is missing, empty, too large, not a DXF, or damaged beyond repair.
    """
    ezdxf = _ezdxf()
    file = str(path)
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise DrawingImportError(f"cannot read the drawing: {exc.strerror}", file=file) from exc
    if size == 0:
        raise DrawingImportError("the drawing is empty (0 bytes)", file=file)
    if size > max_megabytes * 1e6:
        raise DrawingImportError(
            f"the drawing is {size / 1e6:.1f} MB, more than the limit of {max_megabytes:g} MB; "
            "purge unused blocks and xrefs, or raise the limit with --max-size-mb",
            file=file,
            value=size,
        )
    from ezdxf.lldxf.const import DXFError

    with open(path, "rb") as stream:
        head = stream.read(len(BINARY_SENTINEL))
    binary = head == BINARY_SENTINEL
    if not binary and not _looks_like_dxf(path):
        raise DrawingImportError(
            "this is not a DXF drawing (no SECTION/ENTITIES structure found; "
            "DWG files must be saved as DXF first)",
            file=file,
        )
    repairs: list[str] = []
    quiet = logging.getLogger("ezdxf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # ezdxf logs every repair; the report lists them instead
    try:
        if binary:
            # ezdxf.recover reads only ASCII DXF; the binary reader is strict, so audit after
            doc = ezdxf.readfile(file)
            auditor = doc.audit()
        else:
            with open(path, "rb") as raw:
                data = raw.read()
            if is_truncated(data):
                data = close_truncated(data)
                repairs.append("the file ends early (no EOF): read up to the last complete "
                               "entity; anything after it is missing")
            doc, auditor = _recover(ezdxf, data, progress)
            if any("conflicting handle" in fix.message for fix in auditor.fixes):
                data, changed = renumber_duplicate_handles(data)
                doc, auditor = _recover(ezdxf, data, progress)
                repairs.append(f"{changed} entities repeated another entity's handle; "
                               "they were given new handles and read")
    except (DXFError, ValueError, UnicodeDecodeError, IndexError, KeyError, EOFError) as exc:
        kind = "binary DXF" if binary else "DXF"
        raise DrawingImportError(
            f"the {kind} file is damaged beyond repair: {exc}", file=file
        ) from exc
    finally:
        quiet.setLevel(level)
    if progress:
        progress("reading", 1.0)
    errors = [f"{err.message}" for err in auditor.errors]
    return ReadResult(doc, binary, errors, len(auditor.fixes), size, repairs)


def _recover(ezdxf: Any, data: bytes, progress: Progress | None) -> tuple[Any, Any]:
    stream: Any = io.BytesIO(data)
    if progress:
        stream = _ProgressStream(stream, len(data), progress)
    return ezdxf.recover.read(stream)  # type: ignore[no-any-return]


def _looks_like_dxf(path: str | Path) -> bool:
    """Return whether the first 64 kB look like DXF group-code/value pairs."""
    with open(path, "rb") as stream:
        head = stream.read(65536)
    if b"\x00" in head:
        return False
    upper = head.upper()
    return b"SECTION" in upper or b"ENTITIES" in upper or b"EOF" in upper
