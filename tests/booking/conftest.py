"""Fixtures of the booking tests: a PostgreSQL cluster for the session and fresh databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.booking.support import PostgresCluster, Seeded, Server, seed


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        yield cluster
    finally:
        cluster.stop()


def _url(request: pytest.FixtureRequest, folder: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{folder / 'booking.sqlite3'}"
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    return cluster.new_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL on each backend."""
    return _url(request, tmp_path)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Seeded, Server]]:
    """A seeded database on each backend and a 2-worker server on it (one per module)."""
    url = _url(request, tmp_path_factory.mktemp("served"))
    seeded = seed(url, lengths=(60, 45, 90, 25))  # overlapping grids for the races
    with Server(url, workers=2) as server:
        yield seeded, server
