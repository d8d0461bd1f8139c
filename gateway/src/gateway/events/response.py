"""The ``text/event-stream`` response: heartbeats, a limit on stalled sends, clean endings.

Built on sse-starlette's :class:`~sse_starlette.EventSourceResponse`, which sends a heartbeat
comment every few seconds, stops when the client disconnects or the server shuts down, and gives
up a send that does not complete in time. A send only completes once the connection has room
(the server's flow control), so a client that stops reading stalls the stream; past the stall
limit the gateway closes the connection instead of holding the stream open.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import anyio
import structlog
from sse_starlette import EventSourceResponse, ServerSentEvent
from sse_starlette.sse import SendTimeoutError
from starlette.types import Receive, Scope, Send

log = structlog.get_logger(__name__)

HEARTBEAT = ServerSentEvent(comment="heartbeat", sep="\n")
HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


def _heartbeat() -> ServerSentEvent:
    return HEARTBEAT


class EventStreamResponse(EventSourceResponse):
    """Stream ``chunks``, with a heartbeat every ``heartbeat_seconds`` and a ``stall_seconds``
    limit on each send."""

    def __init__(
        self,
        chunks: AsyncIterator[bytes],
        *,
        heartbeat_seconds: float,
        stall_seconds: float,
        on_close: Callable[[], Awaitable[None]],
        on_stall: Callable[[], None] = lambda: None,
    ) -> None:
        self.on_close = on_close
        self.on_stall = on_stall
        super().__init__(
            chunks,
            headers=HEADERS,
            ping=heartbeat_seconds,
            ping_message_factory=_heartbeat,
            send_timeout=stall_seconds,
            sep="\n",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except SendTimeoutError:
            self.on_stall()
            log.info("event stream closed: the client stopped reading")
        except OSError:
            log.info("event stream closed: the connection went away")
        finally:
            with anyio.CancelScope(shield=True):
                await self.on_close()
