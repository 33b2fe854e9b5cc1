"""Element ids: keep the ids a drawing states when they are usable, generate the rest."""

from __future__ import annotations

import re

__all__ = ["IdPool"]

_USABLE = re.compile(r"^[A-Za-z0-9_.\-\u3000-\u9fff]{1,64}$")


class IdPool:
    """Hands out ids that are unique within one plan (walls, rooms, openings... share ids)."""

    def __init__(self) -> None:
        self.used: set[str] = {"outside"}
        self.counters: dict[str, int] = {}

    def take(self, prefix: str, wanted: str | None = None) -> str:
        """Return ``wanted`` if it is a fresh, plain id, else the next free ``<prefix><n>``."""
        if wanted and _USABLE.match(wanted) and wanted not in self.used:
            self.used.add(wanted)
            return wanted
        n = self.counters.get(prefix, 0)
        while True:
            n += 1
            candidate = f"{prefix}{n}"
            if candidate not in self.used:
                self.counters[prefix] = n
                self.used.add(candidate)
                return candidate
