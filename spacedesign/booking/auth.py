"""Passwords, API tokens, session cookies and CSRF tokens.

* Passwords: argon2id (argon2-cffi), never stored in clear.
* API tokens: 256 random bits shown once; the database keeps their SHA-256 only (a fast hash is
  right for high-entropy secrets and keeps every API call cheap).
* Sessions: a signed, timestamped cookie (itsdangerous) carrying the user id and a random
  CSRF secret; forms carry ``csrf_token`` = HMAC(secret, form purpose) and the server compares
  it in constant time. Anonymous visitors (the login form) get the same through a pre-session
  cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

__all__ = [
    "SESSION_MAX_AGE",
    "SessionData",
    "csrf_token",
    "csrf_valid",
    "hash_password",
    "load_session",
    "new_api_token",
    "new_session",
    "token_digest",
    "verify_password",
]

SESSION_MAX_AGE = 12 * 3600
TOKEN_PREFIX = "sdb_"


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``."""
    return str(_hasher().hash(password))


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash`` (False for any malformed hash)."""
    from argon2.exceptions import Argon2Error, InvalidHashError

    try:
        return bool(_hasher().verify(stored_hash, password))
    except (Argon2Error, InvalidHashError):
        return False


def new_api_token() -> str:
    """Return a fresh bearer token (``sdb_`` + 43 URL-safe characters)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SessionData:
    """What the session cookie carries: the user (None before login) and the CSRF secret."""

    user_id: int | None
    csrf_secret: str


def _serializer(secret_key: str) -> Any:
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(secret_key, salt="spacedesign.booking.session")


def new_session(secret_key: str, user_id: int | None) -> tuple[SessionData, str]:
    """Return a new session (fresh CSRF secret) and its signed cookie value."""
    data = SessionData(user_id, secrets.token_urlsafe(16))
    cookie = _serializer(secret_key).dumps({"u": user_id, "c": data.csrf_secret})
    return data, str(cookie)


def load_session(secret_key: str, cookie: str | None) -> SessionData | None:
    """Return the session in a cookie, or None when it is missing, forged or expired."""
    from itsdangerous import BadSignature

    if not cookie:
        return None
    try:
        raw = _serializer(secret_key).loads(cookie, max_age=SESSION_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("c"), str):
        return None
    user = raw.get("u")
    return SessionData(user if isinstance(user, int) else None, raw["c"])


def csrf_token(session: SessionData, purpose: str = "form") -> str:
    """Return the CSRF token forms of this session must carry."""
    mac = hmac.new(session.csrf_secret.encode(), purpose.encode(), hashlib.sha256)
    return mac.hexdigest()


def csrf_valid(session: SessionData | None, submitted: str | None, purpose: str = "form") -> bool:
    """Whether a submitted CSRF token belongs to the session."""
    if session is None or not submitted:
        return False
    return hmac.compare_digest(csrf_token(session, purpose), submitted)
