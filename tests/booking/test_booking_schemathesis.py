"""schemathesis against /openapi.json of a running server: no 5xx response (kept small)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.booking.support import Server

EXAMPLES = 6


@pytest.mark.timeout(180)
def test_no_server_errors(served: tuple[Any, Server]) -> None:
    """On both databases (PostgreSQL refuses NUL characters that SQLite accepts)."""
    seeded, server = served
    schema = schemathesis.openapi.from_url(server.base + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    failures: list[str] = []
    calls = 0

    def check(case: Any) -> None:
        nonlocal calls
        for headers in ({"Authorization": f"Bearer {seeded.token}"}, {}):
            response = case.call(base_url=server.base, headers=headers, timeout=30)
            calls += 1
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.path} {response.status_code}: "
                                f"{response.request.url} {case.body!r}")

    for operation in operations:
        run = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                       suppress_health_check=list(HealthCheck))(
            given(case=operation.as_strategy())(check))
        run()
    assert calls >= len(operations) * 2
    assert failures == []
