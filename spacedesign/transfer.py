"""What a worker sends back for a finished scenario: a delta against the base plan, pickled lean.

:func:`compact` keeps only what a finished scenario changes in the base plan (a
:class:`Delta`), :func:`expand` puts the plan back together where the base plan is at hand,
and :func:`lean_dumps` pickles without the geometry the records cache. Used by
:mod:`spacedesign.executors` for its process pool and its Dask cluster.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import pickle
from functools import cached_property
from typing import Any

from spacedesign.generate.scenario import Evaluation
from spacedesign.model import Plan

__all__ = ["GROUPS", "Delta", "LeanPickler", "compact", "expand", "lean_dumps"]

GROUPS = ("walls", "columns", "openings", "rooms", "fixtures", "furniture", "zones")


@dataclasses.dataclass(frozen=True)
class Delta:
    """What a finished scenario changes in the base plan: sent back instead of the whole plan.

    The base plan's site and untouched levels stay behind, and so does every element a changed
    level shares with the base level: its element groups are sent as tuples of either an index
    into the base level's group or a new element (a whole level is about 65 kB; this is about
    a third, less again without the cached geometry, see :func:`lean_dumps`).
    :func:`expand` puts them back in the parent, equal to what the worker made.
    """

    evaluation: Evaluation
    levels: tuple[tuple[int, Any, tuple[tuple[Any, ...], ...]], ...]


def _shrink(group: tuple[Any, ...], old: tuple[Any, ...]) -> tuple[Any, ...]:
    index = {id(item): k for k, item in enumerate(old)}
    return tuple(index.get(id(item), item) for item in group)


def _grow(entries: tuple[Any, ...], old: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(old[e] if isinstance(e, int) else e for e in entries)


def compact(result: Evaluation | None, base: Plan) -> Evaluation | Delta | None:
    """Return what to send for ``result``: a :class:`Delta` against ``base`` if it can.

    A result whose plan has other levels than ``base`` (or None) is sent as it is.

    Parameters
    ----------
    result : Evaluation or None
        A finished scenario of ``base``.
    base : Plan
        The base plan, which the receiver holds too.
    """
    if result is None or len(result.plan.levels) != len(base.levels):
        return result
    changed = []
    for i, (level, old) in enumerate(zip(result.plan.levels, base.levels, strict=True)):
        if level is old:
            continue
        groups = tuple(_shrink(getattr(level, g), getattr(old, g)) for g in GROUPS)
        empty: dict[str, Any] = dict.fromkeys(GROUPS, ())
        bare = dataclasses.replace(level, **empty)
        changed.append((i, bare, groups))
    stripped = result.plan.with_changes(levels=(), site=None)
    return Delta(dataclasses.replace(result, plan=stripped), tuple(changed))


def expand(result: Evaluation | Delta | None, base: Plan) -> Evaluation | None:
    """Return the finished scenario :func:`compact` made ``result`` of, equal to the original.

    Parameters
    ----------
    result : Evaluation, Delta or None
        What :func:`compact` returned (after a round trip through pickle).
    base : Plan
        The receiver's copy of the base plan (equal to the sender's).
    """
    if not isinstance(result, Delta):
        return result
    levels = list(base.levels)
    for i, bare, groups in result.levels:
        old = base.levels[i]
        filled: dict[str, Any] = {g: _grow(entries, getattr(old, g))
                                  for g, entries in zip(GROUPS, groups, strict=True)}
        levels[i] = dataclasses.replace(bare, **filled)
    plan = result.evaluation.plan.with_changes(levels=tuple(levels), site=base.site)
    return dataclasses.replace(result.evaluation, plan=plan)


_CACHES: dict[type, frozenset[str]] = {}
_NEWOBJ: Any = copyreg.__newobj__  # type: ignore[attr-defined]
"""``cls.__new__(cls)``: pickle writes it as its NEWOBJ opcode (then sets the state dict)."""


def _caches(kind: type) -> frozenset[str]:
    """Names of the ``cached_property`` attributes of a dataclass pickled the default way."""
    names = _CACHES.get(kind)
    if names is None:
        plain = (dataclasses.is_dataclass(kind) and kind.__reduce_ex__ is object.__reduce_ex__
                 and kind.__reduce__ is object.__reduce__
                 and getattr(kind, "__getstate__", None) is getattr(object, "__getstate__", None)
                 and not hasattr(kind, "__setstate__"))
        names = _CACHES[kind] = frozenset(
            name for klass in kind.__mro__ for name, value in vars(klass).items()
            if plain and isinstance(value, cached_property))
    return names


class LeanPickler(pickle.Pickler):
    """A pickler that leaves out what records cache (``cached_property`` values).

    The records' cached shapely geometry (a wall's footprint, a shape's polygon) pickles as
    WKB and is rebuilt on loading, which costs more than the rest of the record; the parent
    does not use it, and whoever does gets it rebuilt from the same fields on first use.
    """

    def reducer_override(self, obj: Any) -> Any:
        """Reduce a record that holds cached values to its class and its other state."""
        names = _caches(type(obj))
        state = getattr(obj, "__dict__", None) if names else None
        if state is None or names.isdisjoint(state):
            return NotImplemented
        return _NEWOBJ, (type(obj),), {k: v for k, v in state.items() if k not in names}


def lean_dumps(obj: Any) -> bytes:
    """Pickle ``obj`` without the records' caches (:class:`LeanPickler`).

    ``pickle.loads`` gives it back equal: the caches are not dataclass fields.
    """
    buffer = io.BytesIO()
    LeanPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buffer.getvalue()
