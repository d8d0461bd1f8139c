"""Headers that keep the console's pages to its own assets and out of other sites' frames."""

from __future__ import annotations

from pdp_common.response_headers import Headers, ResponseHeaders
from starlette.types import Scope

POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)


NO_STORE = (b"cache-control", b"no-store")


class SecurityHeaders(ResponseHeaders):
    """ASGI middleware adding the headers to every answer; pages (not assets) are never cached."""

    def added(self, scope: Scope, headers: Headers) -> Headers:
        """Return the console's headers, with no-store on everything but the static assets."""
        is_static = str(scope.get("path", "")).startswith("/static/")
        return [*HEADERS] if is_static else [*HEADERS, NO_STORE]
