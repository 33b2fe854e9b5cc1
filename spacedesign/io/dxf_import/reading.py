"""Reading a DXF file tolerantly: ASCII through ``ezdxf.recover``, binary DXF, size limits."""

from __future__ import annotations

import io
import logging
import os
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from spacedesign.errors import DrawingImportError, MissingDependencyError

from .repair import binary_to_ascii, close_truncated, is_truncated, renumber_duplicate_handles

__all__ = ["BINARY_SENTINEL", "DEFAULT_MAX_MEGABYTES", "Progress", "ReadResult", "format_size",
           "read_drawing"]

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
            f"the drawing is {format_size(size)}, more than the limit of "
            f"{format_size(max_megabytes * 1e6)}; "
            "purge unused blocks and xrefs, or raise the limit with --max-size-mb",
            file=file,
            value=size,
        )
    from ezdxf.lldxf.const import DXFError

    with open(path, "rb") as stream:
        head = stream.read(len(BINARY_SENTINEL))
    binary = head == BINARY_SENTINEL
    if not binary and not _looks_like_dxf(path):
        dwg = _dwg_version(path)
        raise DrawingImportError(
            f"not a DXF drawing: this is a DWG file ({dwg}); save it as DXF first" if dwg else
            "this is not a DXF drawing (no SECTION/ENTITIES structure found; "
            "DWG files must be saved as DXF first)",
            file=file,
        )
    repairs: list[str] = []
    quiet = logging.getLogger("ezdxf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # ezdxf logs every repair; the report lists them instead
    try:
        with open(path, "rb") as raw:
            data = raw.read()
        doc = None
        if binary:
            # ezdxf.recover reads only ASCII DXF: read strictly, and when that fails turn the
            # binary tags that can be read into ASCII DXF and recover that
            try:
                doc = ezdxf.readfile(file)
                auditor = doc.audit()
            except (DXFError, ValueError, UnicodeDecodeError, IndexError, KeyError, EOFError,
                    struct.error):
                data, note = binary_to_ascii(data)
                repairs.append(note)
        if doc is None:
            if is_truncated(data):
                data = close_truncated(data)
                if not binary:
                    repairs.append("the file ends early (no EOF): read up to the last "
                                   "complete entity; anything after it is missing")
            doc, auditor = _recover(ezdxf, data, progress)
            if any("conflicting handle" in fix.message for fix in auditor.fixes):
                data, changed = renumber_duplicate_handles(data)
                doc, auditor = _recover(ezdxf, data, progress)
                repairs.append(f"{changed} entities repeated another entity's handle; "
                               "they were given new handles and read")
    except (DXFError, ValueError, UnicodeDecodeError, IndexError, KeyError, EOFError,
            struct.error) as exc:
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


DWG_MAGIC = re.compile(rb"^AC1\d\d\d")
"""A DWG file starts with its version string (``AC1015``, ``AC1032`` ...)."""


def _looks_like_dxf(path: str | Path) -> bool:
    """Return whether the file is an ASCII DXF rather than a DWG or something else.

    A DWG is recognised by its ``AC10xx`` magic only; a stray NUL byte further on (some
    exporters pad with them) does not make a DXF a DWG.
    """
    with open(path, "rb") as stream:
        head = stream.read(65536)
    if DWG_MAGIC.match(head):
        return False
    upper = head.upper()
    return b"SECTION" in upper or b"ENTITIES" in upper or b"EOF" in upper


def _dwg_version(path: str | Path) -> str | None:
    with open(path, "rb") as stream:
        head = stream.read(6)
    return head.decode("ascii") if DWG_MAGIC.match(head) else None


def format_size(size: float) -> str:
    """Return a byte count for people: ``812 bytes``, ``10 kB``, ``1.4 MB``, ``100 MB``."""
    if size < 1000:
        return f"{size:.0f} bytes"
    if size < 1e6:
        return f"{size / 1e3:.3g} kB"
    if size < 1e9:
        return f"{size / 1e6:.3g} MB"
    return f"{size / 1e9:.3g} GB"
