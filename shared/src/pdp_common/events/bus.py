"""The connection to NATS: connects in the background, reconnects forever, drains on close.

The bus takes one server or several (the seeds of a cluster): it connects to one of them and, when
that server goes away, reconnects to another seed or to a server the cluster announced."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence

import nats
import structlog
from nats.aio.client import Client
from nats.js import JetStreamContext

from pdp_common.nats_credentials import NatsCredentials
from pdp_common.nats_servers import display_server, parse_nats_servers
from pdp_common.settings import ServiceSettings

log = structlog.get_logger(__name__)

ConnectedListener = Callable[[], Awaitable[None]]


class BusUnavailable(ConnectionError):
    """NATS is not connected right now."""


class Bus:
    """A NATS connection that keeps trying until it is up, so a service starts without NATS.

    ``servers`` is one URL, a comma-separated list of URLs, or a sequence of URLs;
    ``credentials`` the NATS user, password and TLS files (none by default)."""

    def __init__(
        self,
        servers: str | Sequence[str],
        *,
        name: str,
        connect_timeout: float = 2.0,
        credentials: NatsCredentials | None = None,
    ) -> None:
        self.servers = parse_nats_servers(
            servers if isinstance(servers, str) else ",".join(servers)
        )
        self.url = ",".join(display_server(server) for server in self.servers)
        self.name = name
        self.credentials = credentials or NatsCredentials()
        self._connect_timeout = connect_timeout
        self._nc: Client | None = None
        self._js: JetStreamContext | None = None
        self._task: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()
        self._listeners: list[ConnectedListener] = []
        self._notifications: set[asyncio.Task[None]] = set()

    @classmethod
    def for_service(cls, settings: ServiceSettings) -> Bus:
        """Return the bus of the service configured by ``settings``: its servers, its user."""
        return cls(
            settings.nats_servers,
            name=settings.service_name,
            credentials=settings.nats_credentials(),
        )

    @property
    def is_connected(self) -> bool:
        """Tell whether the connection is up right now."""
        return self._nc is not None and self._nc.is_connected

    @property
    def connected_server(self) -> str | None:
        """Return the server the connection is up to right now (no credentials), if any."""
        if self._nc is None or self._nc.connected_url is None:
            return None
        return display_server(self._nc.connected_url.geturl())

    @property
    def nc(self) -> Client:
        """Return the NATS client; raise BusUnavailable before the first connection."""
        if self._nc is None:
            raise BusUnavailable("NATS is not connected")
        return self._nc

    @property
    def js(self) -> JetStreamContext:
        """Return the JetStream context; raise BusUnavailable before the first connection."""
        if self._js is None:
            raise BusUnavailable("NATS is not connected")
        return self._js

    def on_connected(self, listener: ConnectedListener) -> None:
        """Call ``listener`` in the background after the first connection and every reconnection.

        A broker that comes back may have lost its store: listeners re-create what the service
        needs there (streams) and wake whatever waits for the broker (the outbox relay)."""
        self._listeners.append(listener)

    def _notify_connected(self) -> None:
        for listener in self._listeners:
            task = asyncio.create_task(self._run_listener(listener))
            self._notifications.add(task)
            task.add_done_callback(self._notifications.discard)

    @staticmethod
    async def _run_listener(listener: ConnectedListener) -> None:
        try:
            await listener()
        except Exception as exc:
            log.warning("nats connection listener failed", error=str(exc))

    def start(self) -> None:
        """Start connecting in the background."""
        if self._task is None:
            self._task = asyncio.create_task(self._connect_loop(), name=f"nats-connect-{self.name}")

    async def wait_connected(self, timeout: float | None = None) -> bool:
        """Wait until the first connection is made; return whether it was."""
        try:
            await asyncio.wait_for(self._connected.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def _connect_loop(self) -> None:
        delay = 0.2
        while self._nc is None:
            try:
                nc = await nats.connect(
                    servers=list(self.servers),
                    name=self.name,
                    connect_timeout=int(max(1, self._connect_timeout)),
                    reconnect_time_wait=1,
                    max_reconnect_attempts=-1,
                    allow_reconnect=True,
                    error_cb=self._on_error,
                    disconnected_cb=self._on_disconnected,
                    reconnected_cb=self._on_reconnected,
                    **self.credentials.connect_options(),
                )
            except (OSError, TimeoutError, nats.errors.Error) as exc:
                if not self._is_refusal(exc):
                    log.warning("nats not reachable", url=self.url, error=str(exc), retry_in=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            self._nc = nc
            self._js = nc.jetstream()
            self._connected.set()
            log.info("nats connected", server=self.connected_server)
            self._notify_connected()

    def _is_refusal(self, exc: BaseException) -> bool:
        """Log a refusal by the server, of the user or of what it tried; tell whether it was one."""
        message = str(exc).lower()
        if "authorization violation" in message or "authentication" in message:
            log.error("nats refused the credentials", url=self.url, user=self.credentials.user)
            return True
        if "permissions violation" in message:
            # the user's permissions (deploy/nats/permissions.py) do not allow what was tried
            log.error("nats permissions violation", user=self.credentials.user, error=str(exc))
            return True
        return False

    async def _on_error(self, exc: Exception) -> None:
        if not self._is_refusal(exc):
            log.warning("nats error", error=str(exc))

    async def _on_disconnected(self) -> None:
        log.warning("nats disconnected", servers=self.url)

    async def _on_reconnected(self) -> None:
        log.info("nats reconnected", server=self.connected_server)
        self._notify_connected()

    async def close(self) -> None:
        """Stop connecting, drain subscriptions and pending publishes, and close."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for task in list(self._notifications):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._nc is not None and not self._nc.is_closed:
            try:
                await asyncio.wait_for(self._nc.drain(), timeout=5)
            except (TimeoutError, nats.errors.Error, OSError) as exc:
                log.warning("nats drain incomplete", error=str(exc))
                await self._nc.close()
        self._nc = None
        self._js = None
        self._connected.clear()
