"""CSRF protection of every form: a random nonce in a cookie and its HMAC in the form.

The nonce lives in an HttpOnly, SameSite=Strict cookie set on the first page; every form carries
``HMAC(secret, nonce)`` in a hidden field, and every POST is refused unless the field matches the
cookie. A page on another site can neither read the cookie nor compute the field.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

CSRF_COOKIE = "pdp_console_csrf"
CSRF_FIELD = "csrf_token"


def nonce_of(request: Request) -> str:
    """Return this browser's nonce, making one when it has none yet."""
    existing = request.cookies.get(CSRF_COOKIE)
    if existing and 16 <= len(existing) <= 128:
        return existing
    made: str = request.state.__dict__.setdefault("csrf_nonce", secrets.token_urlsafe(24))
    return made


def form_token(secret: str, nonce: str) -> str:
    """Return the value a form must carry for this nonce."""
    return hmac.new(secret.encode(), nonce.encode(), hashlib.sha256).hexdigest()


def is_valid(secret: str, request: Request, submitted: str | None) -> bool:
    """Tell whether a submitted form token belongs to this browser's nonce."""
    nonce = request.cookies.get(CSRF_COOKIE)
    if not nonce or not submitted:
        return False
    return hmac.compare_digest(form_token(secret, nonce), submitted)


def remember_nonce(request: Request, response: Response, *, secure: bool) -> None:
    """Set the nonce cookie when this request made a new one."""
    made = request.state.__dict__.get("csrf_nonce")
    if made and request.cookies.get(CSRF_COOKIE) != made:
        response.set_cookie(
            CSRF_COOKIE, made, httponly=True, samesite="strict", secure=secure, path="/"
        )
