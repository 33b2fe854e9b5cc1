"""Opening an HTML report in Debian's chromium through Playwright (no browser download)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@contextmanager
def open_report(report: Path) -> Iterator[tuple[Any, list[str], list[str]]]:
    """Yield (page, console errors, requested URLs) for ``report``; a screenshot is saved beside it."""
    assert CHROMIUM.exists() or shutil.which("chromium"), "Debian chromium is required"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        page.screenshot(path=str(report.with_name("report-screenshot.png")), full_page=False)
        try:
            yield page, errors, requests
        finally:
            browser.close()


def serious_axe_violations(page: Any) -> list[tuple[str, list[Any]]]:
    """Run axe-core (tools/node) on ``page``; return its serious and critical violations."""
    from tests.conftest import REPO

    script = REPO / "tools" / "node" / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        raise RuntimeError(f"{script} missing: run `make node-deps`")
    page.add_script_tag(content=script.read_text(encoding="utf-8"))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
            if v["impact"] in ("serious", "critical")]
