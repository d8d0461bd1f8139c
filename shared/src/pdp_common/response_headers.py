"""ASGI middleware that adds headers to every HTTP answer as it starts.

A subclass says which headers an answer gets (:meth:`ResponseHeaders.added`), from the request's
scope and the headers the answer already has; the middleware does the ASGI plumbing once.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Headers = list[tuple[bytes, bytes]]


class ResponseHeaders:
    """Add the headers :meth:`added` names to every HTTP answer; other traffic passes through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def added(self, scope: Scope, headers: Headers) -> Headers:
        """Return the headers to append to an answer that starts with ``headers``."""
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                message = {**message, "headers": [*headers, *self.added(scope, headers)]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
