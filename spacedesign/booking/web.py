"""The FastAPI application: JSON API under ``/api`` and server-rendered pages for the desk.

Run it with ``spacedesign booking serve`` or ``uvicorn --factory
spacedesign.booking.web:app_from_env`` (the database comes from ``SPACEDESIGN_DB`` or the
default location). Logs carry request paths and booking numbers only, never personal data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from spacedesign.booking import auth
from spacedesign.booking.db import (
    DatabaseUnavailableError,
    database_error,
    schema_is_current,
    unavailable,
)
from spacedesign.booking.i18n import LANGS, translator
from spacedesign.booking.records import error_text
from spacedesign.booking.store import BookingStore
from spacedesign.errors import BookingError, NotFoundError, RuleViolationError, SlotTakenError

__all__ = ["PageContext", "app_from_env", "create_app", "error_status"]

SESSION_COOKIE = "sd_session"
LANG_COOKIE = "sd_lang"
log = logging.getLogger("spacedesign.booking")


def error_status(exc: BookingError) -> int:
    """HTTP status of a store error: 404, 409, 422, 503 or 400."""
    if isinstance(exc, DatabaseUnavailableError):
        return 503
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, SlotTakenError):
        return 409
    if isinstance(exc, RuleViolationError):
        return 422
    return 400


def _templates() -> Any:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    folder = Path(__file__).with_name("templates")
    return Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]))


@dataclass
class PageContext:
    """Language, session and user of one page request."""

    request: Request
    lang: str
    session: auth.SessionData
    new_cookie: str | None
    user: str | None

    @property
    def store(self) -> BookingStore:
        """The store of the application."""
        return self.request.app.state.store  # type: ignore[no-any-return]

    @property
    def t(self) -> dict[str, str]:
        """Texts in the page language."""
        return translator(self.lang)

    def render(self, template: str, title: str, status: int = 200, **values: Any) -> HTMLResponse:
        """Render ``template`` with the common values and set cookies when needed."""
        params = dict(self.request.query_params)
        params["lang"] = "ja" if self.lang == "en" else "en"
        other = f"{self.request.url.path}?{urlencode(params)}"
        lang_q = "?lang=en" if self.lang == "en" else ""
        html = self.request.app.state.templates.get_template(template).render(
            lang=self.lang, t=self.t, title=title, user=self.user, csrf=self.csrf(),
            lang_q=lang_q, lang_amp="&lang=en" if self.lang == "en" else "",
            other_lang_url=other, errors=values.pop("errors", None),
            field_errors=values.pop("field_errors", {}), notice=values.pop("notice", None),
            **values)
        response = HTMLResponse(html, status_code=status)
        self.finish(response)
        return response

    def finish(self, response: Response) -> Response:
        """Attach the session and language cookies to ``response``."""
        if self.new_cookie:
            response.set_cookie(SESSION_COOKIE, self.new_cookie, max_age=auth.SESSION_MAX_AGE,
                                httponly=True, samesite="lax",
                                secure=self.request.url.scheme == "https")
        if self.request.query_params.get("lang") in LANGS:
            response.set_cookie(LANG_COOKIE, self.lang, max_age=365 * 86400, samesite="lax")
        return response

    def csrf(self) -> str:
        """Return the CSRF token of this session."""
        return auth.csrf_token(self.session)

    def login_as(self, user_id: int | None) -> None:
        """Start a fresh session (new CSRF secret) for ``user_id`` (None: log out)."""
        self.session, self.new_cookie = auth.new_session(self.request.app.state.secret, user_id)
        self.user = self.store.user_name(user_id) if user_id is not None else None


def page_context(request: Request) -> PageContext:
    """Read language, session and user from the request (a new session if none)."""
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "ja"
    lang = lang if lang in LANGS else "ja"
    secret = request.app.state.secret
    session = auth.load_session(secret, request.cookies.get(SESSION_COOKIE))
    new_cookie = None
    if session is None:
        session, new_cookie = auth.new_session(secret, None)
    user = request.app.state.store.user_name(session.user_id) if session.user_id else None
    return PageContext(request, lang, session, new_cookie, user)


def unavailable_response(request: Request, exc: DatabaseUnavailableError) -> Response:
    """HTTP 503 for a locked or unreachable database: JSON under /api, else a plain page.

    The page is rendered without touching the database (no session or user lookup).
    """
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    headers = {"Retry-After": "5"}
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "the booking database is temporarily unavailable; "
                             "please try again in a moment", "field": None},
                            status_code=503, headers=headers)
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "ja"
    lang = lang if lang in LANGS else "ja"
    t = translator(lang)
    html = request.app.state.templates.get_template("message.html").render(
        lang=lang, t=t, title=t["unavailable_title"], user=None, csrf="",
        lang_q="?lang=en" if lang == "en" else "", lang_amp="&lang=en" if lang == "en" else "",
        other_lang_url=f"{request.url.path}?lang={'ja' if lang == 'en' else 'en'}",
        errors=None, field_errors={}, notice=None, message=t["unavailable"])
    return HTMLResponse(html, status_code=503, headers=headers)


def create_app(store: BookingStore) -> FastAPI:
    """Build the web application on ``store``."""
    from spacedesign.booking import api, pages, pages_manage

    if not schema_is_current(store.engines):
        raise BookingError("the booking database is not initialised or is out of date; "
                           "run `spacedesign booking init`")
    app = FastAPI(
        title="spacedesign booking",
        summary="Consultation booking of the Nakano SME support desk",
        version="1",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.store = store
    app.state.secret = store.secret_key()
    app.state.templates = _templates()
    app.state.token_cache = {}

    @app.exception_handler(BookingError)
    async def _booking_error(request: Request, exc: BookingError) -> Response:
        status = error_status(exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": error_text(exc), "field": exc.path or None},
                                status_code=status)
        context = page_context(request)
        return context.render("message.html", context.t["errors_title"], status=status,
                              message=error_text(exc))

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def _database_down(request: Request, exc: Exception) -> Response:
        return unavailable_response(request, unavailable(exc))

    @app.exception_handler(DBAPIError)
    async def _database_error(request: Request, exc: Exception) -> Response:
        # never the SQL, its parameters or PostgreSQL's DETAIL (which repeats the row)
        log.error("%s %s: %s", request.method, request.url.path, database_error(exc))
        return JSONResponse({"detail": "internal database error", "field": None},
                            status_code=500)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(pages_manage.router)
    return app


def app_from_env() -> FastAPI:
    """Build the app for uvicorn from the store at ``SPACEDESIGN_DB`` / the default location."""
    return create_app(BookingStore.open())
