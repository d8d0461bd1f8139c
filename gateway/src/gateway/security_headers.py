"""Headers that tell browsers how to treat every answer of the gateway (OWASP API8:2023).

* ``X-Content-Type-Options: nosniff``: a JSON answer that carries ``<script>`` is never sniffed
  into HTML;
* ``X-Frame-Options: DENY``: no page may frame the gateway's answers or documentation;
* ``Referrer-Policy: no-referrer``: links followed from the documentation leak no URL;
* ``Content-Security-Policy: default-src 'none'; frame-ancestors 'none'`` on every answer but
  the HTML documentation pages (which load their own scripts and styles);
* ``Cache-Control: no-store`` unless the answer sets its own: API answers carry data a shared
  cache must not keep.
"""

from __future__ import annotations

from pdp_common.response_headers import Headers, ResponseHeaders
from starlette.types import Scope

ALWAYS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
DATA_POLICY = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
NO_STORE = (b"cache-control", b"no-store")


def security_headers(headers: Headers) -> Headers:
    """Return the security headers an answer starting with ``headers`` lacks."""
    present = {name.lower() for name, _ in headers}
    added = [header for header in ALWAYS if header[0] not in present]
    content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
    if not content_type.startswith(b"text/html") and DATA_POLICY[0] not in present:
        added.append(DATA_POLICY)
    if NO_STORE[0] not in present:
        added.append(NO_STORE)
    return added


def secured_headers(headers: Headers) -> Headers:
    """Return ``headers`` with the security headers added where the answer lacks them."""
    return [*headers, *security_headers(headers)]


class SecurityHeaders(ResponseHeaders):
    """ASGI middleware adding the security headers to every HTTP answer."""

    def added(self, scope: Scope, headers: Headers) -> Headers:
        """Return the security headers the answer lacks."""
        return security_headers(headers)
