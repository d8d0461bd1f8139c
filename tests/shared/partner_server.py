"""A real HTTP server on 127.0.0.1 standing for a partner: feeds, redirects, slow and huge answers,
and a webhook receiver that records what it was sent."""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

STALL_SECONDS = 5.0
"""The longest a stalling route holds its answer back (the tests' timeouts are far shorter)."""


@dataclass
class Received:
    """One request the receiver got."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class PartnerServer:
    """The running server: its port, what it received, and the status ``/hook`` answers next."""

    port: int
    received: list[Received] = field(default_factory=list)
    hook_statuses: list[int] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    webhook_secret: str | None = None
    verified: list[Received] = field(default_factory=list)

    scheme: str = "http"

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """Return the URL of ``path`` on this server, written with ``host``."""
        return f"{self.scheme}://{host}:{self.port}{path}"


def _handler(server: PartnerServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        current: Received

        def log_message(self, format: str, *args: object) -> None:
            return

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._route()

        def do_POST(self) -> None:
            self._route()

        def _route(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            self.current = Received(self.command, self.path, dict(self.headers.items()), body)
            server.received.append(self.current)
            route = getattr(self, "route_" + parts.path.strip("/").replace("-", "_"), None)
            if route is None:
                self._send(404, b"not found")
                return
            route(query)

        def route_feed(self, query: dict[str, str]) -> None:
            self._send(200, b'{"items": []}', {"Content-Type": "application/json"})

        def route_echo(self, query: dict[str, str]) -> None:
            shown = json.dumps(dict(self.headers.items())).encode()
            self._send(200, shown, {"Content-Type": "application/json"})

        def route_cookie(self, query: dict[str, str]) -> None:
            self._send(200, b"ok", {"Set-Cookie": "session=secret; Path=/"})

        def route_redirect(self, query: dict[str, str]) -> None:
            status = int(query.get("status", "302"))
            self._send(status, b"", {"Location": query["to"]})

        def route_loop(self, query: dict[str, str]) -> None:
            self._send(302, b"", {"Location": "/loop"})

        def route_big(self, query: dict[str, str]) -> None:
            # No Content-Length: the body ends when the connection closes.
            size = int(query.get("size", "100000"))
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"x" * 1024
            for _ in range(size // len(chunk)):
                try:
                    self.wfile.write(chunk)
                except OSError:
                    return
            self.close_connection = True

        def route_big_declared(self, query: dict[str, str]) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "1000000000")
            self.end_headers()
            self.close_connection = True

        def route_stall(self, query: dict[str, str]) -> None:
            server.release.wait(STALL_SECONDS)
            self._send(200, b"late")

        def route_drip(self, query: dict[str, str]) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                if server.release.wait(0.05):
                    return
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return

        def route_verified_hook(self, query: dict[str, str]) -> None:
            # Verified by the independent standardwebhooks implementation, as a receiver would.
            request = self.current
            try:
                Webhook(server.webhook_secret or "").verify(request.body, request.headers)
            except (WebhookVerificationError, ValueError) as exc:
                self._send(401, str(exc).encode())
                return
            server.verified.append(request)
            self._send(204, b"")

        def route_hook(self, query: dict[str, str]) -> None:
            status = server.hook_statuses.pop(0) if server.hook_statuses else 204
            self._send(status, b"")

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        return  # a refused TLS handshake is what some tests expect


@contextmanager
def partner_server(tls: ssl.SSLContext | None = None) -> Iterator[PartnerServer]:
    """Run a partner server on a free port of 127.0.0.1 in a thread (over TLS when ``tls`` is
    given); stop it afterwards."""
    state = PartnerServer(port=0)
    httpd = _QuietServer(("127.0.0.1", 0), _handler(state))
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
        state.scheme = "https"
    httpd.daemon_threads = True
    state.port = int(httpd.server_address[1])
    thread = threading.Thread(target=httpd.serve_forever, name="partner-server", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=STALL_SECONDS + 1)
