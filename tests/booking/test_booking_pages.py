"""Server-rendered pages over HTTP: login, CSRF, clear form errors, reschedule, status, ja/en."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from spacedesign.booking.slots import TOKYO
from spacedesign.booking.store import BookingStore
from tests.booking.support import PASSWORD, Server, seed


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Server]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'booking.sqlite3'}"
    seeded = seed(url, coordinators=2)
    with Server(url, workers=1) as server:
        yield seeded, server


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


def _login(http: httpx.Client) -> None:
    token = _csrf(http.get("/login").text)
    response = http.post("/login", data={"username": "staff", "password": PASSWORD,
                                         "csrf_token": token, "next": "/staff/day"})
    assert response.status_code == 303 and response.headers["location"] == "/staff/day"


def test_public_week_shows_no_personal_data(site: tuple[Any, Server]) -> None:
    seeded, server = site
    with httpx.Client(base_url=server.base) as http:
        _login(http)
        form = http.get("/staff/book").text
        http.post("/staff/book", data={
            "csrf_token": _csrf(form), "mode": "onsite", "date": seeded.day.isoformat(),
            "start_time": "11:00", "end_time": "12:00", "room": "meeting", "coordinator": "2",
            "business_name": "秘密の商店", "contact_name": "中野 秘子", "phone": "0300000000"})
    public = httpx.get(f"{server.base}/week?start={seeded.day.isoformat()}").text
    assert "予約済" in public and "空き" in public
    assert "秘密の商店" not in public and "/staff/book?" not in public
    english = httpx.get(f"{server.base}/week?start={seeded.day.isoformat()}&lang=en").text
    assert '<html lang="en">' in english and "Taken" in english and "Free" in english


def test_login_rejects_bad_password_and_missing_csrf(site: tuple[Any, Server]) -> None:
    _, server = site
    with httpx.Client(base_url=server.base) as http:
        token = _csrf(http.get("/login").text)
        wrong = http.post("/login", data={"username": "staff", "password": "nope",
                                          "csrf_token": token})
        assert wrong.status_code == 401 and "パスワードが違います" in wrong.text
        forged = http.post("/login", data={"username": "staff", "password": PASSWORD})
        assert forged.status_code == 400
        assert http.get("/staff/day").status_code == 303  # still not logged in


def test_booking_form_errors_reschedule_and_status(site: tuple[Any, Server]) -> None:
    seeded, server = site
    day = seeded.day.isoformat()
    with httpx.Client(base_url=server.base) as http:
        _login(http)
        token = _csrf(http.get("/staff/book").text)
        base = {"csrf_token": token, "mode": "onsite", "date": day, "start_time": "09:00",
                "end_time": "10:00", "room": "consult2", "coordinator": "1",
                "business_name": "中野工房", "contact_name": "中野 一郎"}
        missing = http.post("/staff/book", data=base)
        assert missing.status_code == 422
        assert 'href="#phone"' in missing.text and 'aria-invalid="true"' in missing.text
        assert "電話番号" in missing.text
        assert 'value="中野工房"' in missing.text  # what was typed is kept
        no_csrf = http.post("/staff/book", data={**base, "csrf_token": "x", "phone": "03"})
        assert no_csrf.status_code == 400
        made = http.post("/staff/book", data={**base, "phone": "03-3380-1111",
                                              "topics": ["dx", "hr"], "needs": ["childcare"]})
        assert made.status_code == 303
        detail_url = made.headers["location"]
        booking_id = int(re.search(r"/staff/bookings/(\d+)", detail_url).group(1))
        detail = http.get(detail_url).text
        assert "予約しました" in detail and "DX" in detail and "お子さま連れ" in detail

        move = http.get(f"/staff/bookings/{booking_id}/reschedule").text
        moved = http.post(f"/staff/bookings/{booking_id}/reschedule", data={
            "csrf_token": _csrf(move), "mode": "onsite", "date": day, "start_time": "13:00",
            "end_time": "14:00", "room": "consult1", "coordinator": "1"})
        assert moved.status_code == 303
        outside = http.post(f"/staff/bookings/{booking_id}/reschedule", data={
            "csrf_token": _csrf(move), "mode": "onsite", "date": day, "start_time": "18:00",
            "end_time": "19:00", "room": "consult1", "coordinator": "1"})
        assert outside.status_code == 422 and "受付時間外です" in outside.text
        page = http.get(f"/staff/bookings/{booking_id}").text
        assert "13:00–14:00" in page and "rescheduled" in page

        early = http.post(f"/staff/bookings/{booking_id}/status",
                          data={"csrf_token": token, "status": "no_show"})
        assert early.status_code == 422 and "before it starts" in early.text  # not yet begun
        done = http.post(f"/staff/bookings/{booking_id}/status",
                         data={"csrf_token": token, "status": "cancelled"})
        assert done.status_code == 303
        assert "取消" in http.get(f"/staff/bookings/{booking_id}").text
        again = http.post(f"/staff/bookings/{booking_id}/status",  # cancelling twice: no-op
                          data={"csrf_token": token, "status": "cancelled"})
        assert again.status_code == 303
        illegal = http.post(f"/staff/bookings/{booking_id}/status",
                            data={"csrf_token": token, "status": "confirmed"})
        assert illegal.status_code == 422

        day_view = http.get(f"/staff/day?date={day}&coordinator=1").text
        assert "中野工房" in day_view and "相談室1" in day_view
        english_day = http.get(f"/staff/day?date={day}&coordinator=1&lang=en").text
        assert "Consultation room 1" in english_day and "相談室1" not in english_day
        http.get("/week?lang=ja")  # back to Japanese for the rest
        # the history is in Tokyo time: the audit time of the last change, converted
        detail_page = http.get(f"/staff/bookings/{booking_id}").text
        store = BookingStore.open(seeded.url)
        try:
            last = store.audit_log(booking_id)[-1]["at"]
        finally:
            store.close()
        tokyo = dt.datetime.fromisoformat(last).astimezone(TOKYO)
        assert f"{tokyo:%Y-%m-%d %H:%M} 日本時間" in detail_page and " UTC" not in detail_page
        calendar = http.get(f"/staff/bookings/{booking_id}.ics")
        assert calendar.headers["content-type"].startswith("text/calendar")
        assert http.get("/staff/bookings/999999").status_code == 404
