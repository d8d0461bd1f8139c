"""A real partner feed server on 127.0.0.1: feeds the test sets (with ETag and Last-Modified,
answering 304 to a matching conditional GET), redirects and oversize answers."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LAST_MODIFIED = "Sun, 06 Dec 2026 00:00:00 GMT"


@dataclass
class Feed:
    """One feed the server publishes."""

    body: bytes
    media: str

    @property
    def etag(self) -> str:
        """Return the strong validator of this body."""
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class FeedServer:
    """The running server: its port, its feeds and the requests it answered."""

    port: int
    feeds: dict[str, Feed] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str], int]] = field(default_factory=list)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        """Return the URL of ``path`` on this server."""
        return f"http://{host}:{self.port}{path}"

    def publish(self, name: str, body: bytes, media: str) -> str:
        """Publish (or replace) the feed ``name``; return its URL."""
        self.feeds[name] = Feed(body, media)
        return self.url(f"/feed/{name}")


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            server.requests.append((self.path, dict(self.headers.items()), status))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path.startswith("/feed/"):
                feed = server.feeds.get(parts.path.removeprefix("/feed/"))
                if feed is None:
                    self._send(404, b"no such feed", {})
                    return
                validators = {"ETag": feed.etag, "Last-Modified": LAST_MODIFIED}
                if self.headers.get("If-None-Match") == feed.etag:
                    self._send(304, b"", validators)
                    return
                self._send(200, feed.body, validators | {"Content-Type": feed.media})
            elif parts.path == "/redirect":
                self._send(302, b"", {"Location": query["to"]})
            elif parts.path == "/big":
                body = b'{"items": [' + b" " * int(query["size"]) + b"]}"
                self._send(200, body, {"Content-Type": "application/json"})
            else:
                self._send(404, b"not found", {})

    return Handler


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    """Run a feed server on a free port of 127.0.0.1 in a thread; stop it afterwards."""
    state = FeedServer(port=0)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.port = int(httpd.server_address[1])
    thread = threading.Thread(target=httpd.serve_forever, name="feed-server", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
