"""The signed-in person: their bearer token in an HttpOnly cookie, and what it says about them.

The console never trusts the token's claims for access: the gateway checks the token and the
services decide what it may see. The claims read here (unverified) only shape the pages: the
name in the header, the sensitivity choices up to the clearance, which buttons to offer.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from typing import Any

from pdp_common.identity import Clearance, Role
from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "pdp_console_session"
_ROLE_VALUES = frozenset(role.value for role in Role)


@dataclass(frozen=True)
class Viewer:
    """The person a page is rendered for."""

    token: str
    subject: str
    org: str
    roles: frozenset[Role]
    clearance: Clearance
    expires_at: float

    @property
    def clearances(self) -> list[Clearance]:
        """Return the sensitivity levels this person may ask for, lowest first."""
        return [c for c in Clearance if c.rank <= self.clearance.rank]


def _claims(token: str) -> dict[str, Any] | None:
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (ValueError, UnicodeDecodeError):
        return None
    return claims if isinstance(claims, dict) else None


def viewer_from_token(token: str, *, now: float | None = None) -> Viewer | None:
    """Return who a token names, or None when it cannot be read or has expired."""
    claims = _claims(token)
    if claims is None:
        return None
    try:
        expires_at = float(claims["exp"])
        viewer = Viewer(
            token=token,
            subject=str(claims["sub"]),
            org=str(claims.get("org", "")),
            roles=frozenset(Role(r) for r in claims.get("roles", []) if r in _ROLE_VALUES),
            clearance=Clearance(claims.get("clearance", Clearance.PUBLIC)),
            expires_at=expires_at,
        )
    except (KeyError, ValueError, TypeError):
        return None
    return viewer if expires_at > (now if now is not None else time.time()) else None


def current_viewer(request: Request) -> Viewer | None:
    """Return the person signed in on this request, if any."""
    token = request.cookies.get(SESSION_COOKIE)
    return viewer_from_token(token) if token else None


def start_session(response: Response, token: str, *, max_age: int, secure: bool) -> None:
    """Keep the token in an HttpOnly, SameSite=Strict cookie for its lifetime."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )


def end_session(response: Response) -> None:
    """Forget the token."""
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
