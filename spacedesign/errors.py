"""The exception tree of spacedesign.

The library raises these; only the CLI (``spacedesign.cli``) and the web layer
(``spacedesign.booking.web``) turn them into user-facing messages and exit codes.

::

    SpacedesignError
    ├── InputError (ValueError)          input the program rejects; names file, element, problem
    │   ├── DocumentError                the file cannot be read as a document at all
    │   ├── ValidationError              one or more problems found while validating a document
    │   └── DrawingImportError           a DXF drawing cannot be turned into a plan
    ├── GeometryError (ValueError)       a geometric operation got impossible input
    ├── SolverError                      an optimiser could not produce a feasible answer
    ├── ExportError                      an exporter could not write its output
    ├── MissingDependencyError (ImportError)  an optional extra is not installed
    └── BookingError                     the booking store refused an operation
        ├── NotFoundError                no such room, coordinator, booking or user
        ├── SlotTakenError               the time is already held or confirmed (HTTP 409)
        └── RuleViolationError           an availability rule forbids it (HTTP 422)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BookingError",
    "DocumentError",
    "DrawingImportError",
    "ExportError",
    "GeometryError",
    "InputError",
    "MissingDependencyError",
    "NotFoundError",
    "Problem",
    "RuleViolationError",
    "SlotTakenError",
    "SolverError",
    "SpacedesignError",
    "ValidationError",
]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input document.

    Attributes
    ----------
    code : str
        Stable machine-readable code, e.g. ``"unknown-key"`` or ``"polygon-self-intersecting"``.
    message : str
        Plain-language description of what is wrong.
    file : str or None
        The file the problem is in.
    line : int or None
        1-based line number, when known.
    path : str
        Key path inside the document, e.g. ``levels[0].rooms[3]``.
    element : str or None
        The ``id`` of the element concerned, when it has one.
    severity : str
        ``"error"`` (the document is rejected) or ``"warning"``.
    """

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    path: str = ""
    element: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        subject = self.path
        if self.element is not None:
            subject = f'{subject} (id "{self.element}")' if subject else f'(id "{self.element}")'
        prefix = f"{where}: {subject}: " if subject else f"{where}: "
        tag = "warning: " if self.severity == "warning" else ""
        return f"{prefix}{tag}{self.message}"

    def to_dict(self) -> dict[str, Any]:
        """Return the problem as a JSON-ready mapping."""
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "path": self.path,
            "element": self.element,
            "message": self.message,
        }


class SpacedesignError(Exception):
    """Root of every error the library raises on purpose.

    Parameters
    ----------
    message : str
        What went wrong, in plain words.
    file, element, path : str, optional
        Where it went wrong.
    line : int, optional
        1-based line in ``file``.
    value : object, optional
        The offending value.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        path: str = "",
        element: str | None = None,
        value: object = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.path = path
        self.element = element
        self.value = value

    def __str__(self) -> str:
        if self.file is None and not self.path and self.element is None:
            return self.message
        return str(
            Problem(
                code="error",
                message=self.message,
                file=self.file,
                line=self.line,
                path=self.path,
                element=self.element,
            )
        )


class InputError(SpacedesignError, ValueError):
    """Input the program rejects (a file, an option, a value)."""


class DocumentError(InputError):
    """The file cannot be read as a document at all (empty, binary, too large, bad syntax).

    Parameters
    ----------
    message : str
        What went wrong, in plain words.
    code : str, optional
        Stable machine-readable code of the failure, e.g. ``"file-missing"``,
        ``"file-too-large"`` or ``"syntax-error"`` (default ``"unreadable"``).
    **where
        ``file``, ``line``, ``path``, ``element`` as for :class:`SpacedesignError`.
    """

    def __init__(self, message: str, *, code: str = "unreadable", **where: Any) -> None:
        super().__init__(message, **where)
        self.code = code


class ValidationError(InputError):
    """A document was read but has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[Problem], *, file: str | None = None) -> None:
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        first = str(errors[0]) if errors else "invalid document"
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        super().__init__(first + more, file=file)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems if p.severity == "error")


class DrawingImportError(InputError):
    """A DXF drawing could not be turned into a plan."""


class GeometryError(SpacedesignError, ValueError):
    """A geometric operation received impossible input."""


class SolverError(SpacedesignError):
    """An optimiser could not produce a feasible answer."""


class ExportError(SpacedesignError):
    """An exporter could not write its output."""


class MissingDependencyError(SpacedesignError, ImportError):  # type: ignore[misc]
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"this needs the optional package {module!r}; install it with "
            f"`pip install 'spacedesign[{extra}]'` (or run `make install`)"
        )
        self.module = module
        self.extra = extra


class BookingError(SpacedesignError):
    """The booking store refused an operation."""


class NotFoundError(BookingError):
    """No such room, coordinator, booking or user."""


class SlotTakenError(BookingError):
    """The requested time is already held or confirmed."""


class RuleViolationError(BookingError):
    """An availability rule (window, notice, horizon, closure) forbids the request."""
