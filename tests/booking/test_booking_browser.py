"""Headless Chromium (Debian's /usr/bin/chromium): keyboard-only booking and axe-core checks."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.booking.support import PASSWORD, Server, seed
from tests.conftest import REPO

AXE = REPO / "tools" / "node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise RuntimeError("Debian's chromium is required (make system-deps)")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Server]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'booking.sqlite3'}"
    seeded = seed(url, coordinators=1)
    with Server(url, workers=1) as server:
        yield seeded, server


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _tab_to(page: Any, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies the JS predicate ``el => ...``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate})(el); }}"):
            return
    raise AssertionError(f"keyboard focus never reached {predicate}")


def _login_and_book(page: Any, base: str, day: str) -> str:
    page.goto(f"{base}/login")
    _tab_to(page, "el => el.id === 'username'")
    page.keyboard.type("staff")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/week"), page.url

    page.goto(f"{base}/week?start={day}")
    _tab_to(page, "el => el.tagName === 'A' && el.getAttribute('href').includes('room=consult1')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/staff/book?" in page.url
    for field, value in (("business_name", "なかの工房"), ("contact_name", "中野 花子"),
                         ("phone", "03-3380-1234")):
        _tab_to(page, f"el => el.id === '{field}'")
        page.keyboard.type(value)
    _tab_to(page, "el => el.id === 'topics-sales'")
    page.keyboard.press("Space")
    _tab_to(page, "el => el.id === 'book-submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return str(page.url)


def test_keyboard_only_booking_without_javascript(site: tuple[Any, Server], browser: Any) -> None:
    seeded, server = site
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    page = context.new_page()
    url = _login_and_book(page, server.base, seeded.day.isoformat())
    assert re.search(r"/staff/bookings/\d+\?created=1", url), url
    body = page.inner_text("main")
    assert "予約しました" in body and "なかの工房" in body and "販路拡大" in body
    context.close()


def _serious_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in violations if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_violations(site: tuple[Any, Server], browser: Any) -> None:
    if not AXE.exists():
        raise RuntimeError(f"{AXE} missing: run `make node-deps`")
    seeded, server = site
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    day = seeded.day.isoformat()
    pages = [f"/week?start={day}", f"/week?start={day}&lang=en", "/login"]
    for path in pages:
        page.goto(server.base + path)
        assert _serious_violations(page) == [], path
    _login_and_book(page, server.base, day)
    detail = page.url
    staff_pages = [detail, f"/week?start={day}", f"/staff/day?date={day}", "/staff/book",
                   f"/staff/book?lang=en&date={day}"]
    for path in staff_pages:
        page.goto(path if path.startswith("http") else server.base + path)
        assert _serious_violations(page) == [], path
    # A form with errors (the slot is taken now) must be accessible too.
    page.goto(f"{server.base}/staff/book?date={day}&start_time=09:00&end_time=10:00"
              "&room=consult1&coordinator=1&mode=onsite&lang=ja")
    page.fill("#business_name", "二重予約テスト")
    page.fill("#contact_name", "中野 次郎")
    page.fill("#phone", "03-3380-9999")
    page.click("#book-submit")
    assert "すでに予約" in page.inner_text("#errors")
    assert _serious_violations(page) == [], "form with errors"
    context.close()


def test_chromium_path_is_debian() -> None:
    assert Path(_chromium()).resolve().is_file()
