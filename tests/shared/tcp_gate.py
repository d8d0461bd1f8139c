"""A TCP relay on a loopback port in front of a real server, that a test can shut: while shut,
it drops the connections it carries and refuses new ones (the server itself keeps running)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from types import TracebackType


class TcpGate:
    """Relay 127.0.0.1:``port`` to ``host``:``target_port``; :meth:`shut` and :meth:`open`."""

    def __init__(self, host: str, target_port: int) -> None:
        self.host = host
        self.target_port = target_port
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._shut_at: float | None = None

    async def __aenter__(self) -> TcpGate:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.shut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def shut(self) -> None:
        """Drop every relayed connection and refuse new ones until :meth:`open`."""
        self._shut_at = time.monotonic()
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    def open(self) -> None:
        """Relay new connections again."""
        self._shut_at = None

    async def shut_for(self) -> float:
        """Return for how many seconds the gate has been shut (0 when open)."""
        return 0.0 if self._shut_at is None else time.monotonic() - self._shut_at

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._shut_at is not None:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(self.host, self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}
        await asyncio.gather(
            self._pipe(reader, up_writer), self._pipe(up_reader, writer), return_exceptions=True
        )

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.transport.abort()
