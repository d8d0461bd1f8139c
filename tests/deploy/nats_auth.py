"""A real nats-server run with the platform's generated users, and clients that record refusals."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import nats
import pytest
import pytest_asyncio
from nats.aio.client import Client
from pdp_common.events.streams import ensure_stream
from pdp_common.nats_credentials import NatsCredentials
from pdp_common.testing.nats_server import NatsServer

from deploy.nats import platform_events
from deploy.nats.authorization import render_conf
from deploy.nats.permissions import Permissions, ToolGrant, User
from deploy.nats.users import platform_users

ADMIN = "admin"
KGZ_INCIDENTS = "pdp.incidents.*.*.*.KGZ.*"
TOOLS = (
    ToolGrant("kgz-watch", (KGZ_INCIDENTS,)),
    ToolGrant("briefings-reader", ("pdp.briefings.>",), ("archive", "replay")),
)
REFUSAL_WAIT_SECONDS = 5.0


class AuthServer:
    """The server, the platform's users with their passwords, and an administrator."""

    def __init__(self) -> None:
        admin = User(ADMIN, "admin", Permissions(publish=(">",), subscribe=(">",)))
        self.users = {user.name: user for user in (*platform_users(TOOLS), admin)}
        self.passwords = {name: secrets.token_urlsafe(16) for name in self.users}
        config = render_conf(list(self.users.values()), self.passwords)
        self.server = NatsServer(extra_config=config)

    def credentials(self, user: str) -> NatsCredentials:
        """Return the user and password of ``user``."""
        return NatsCredentials(user=user, password=self.passwords[user])

    @asynccontextmanager
    async def connect(self, user: str) -> AsyncIterator[Refusals]:
        """Connect as ``user``; yield the client with the refusals the server sent it."""
        refusals = Refusals()
        nc = await nats.connect(
            self.server.url,
            connect_timeout=5,
            allow_reconnect=False,
            error_cb=refusals.record,
            **self.credentials(user).connect_options(),
        )
        refusals.nc = nc
        try:
            yield refusals
        finally:
            await nc.close()


class Refusals:
    """A client and the permission violations the server reported to it."""

    nc: Client

    def __init__(self) -> None:
        self.errors: list[str] = []
        self._changed = asyncio.Event()

    async def record(self, exc: Exception) -> None:
        """Keep an error the client reported."""
        self.errors.append(str(exc).lower())
        self._changed.set()

    async def wait_for(self, fragment: str, timeout: float = REFUSAL_WAIT_SECONDS) -> bool:
        """Wait until an error containing ``fragment`` (in any case) arrived; return whether."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        fragment = fragment.lower()
        while not any(fragment in error for error in self.errors):
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                return False
        return True


@pytest.fixture(scope="module")
def auth_server() -> Iterator[AuthServer]:
    """Start a nats-server whose users are the platform's, plus two tools and an administrator."""
    server = AuthServer()
    server.server.start()
    yield server
    server.server.close()


@pytest_asyncio.fixture
async def platform_streams(auth_server: AuthServer) -> AuthServer:
    """Make sure every stream of the platform exists, as the administrator."""
    async with auth_server.connect(ADMIN) as admin:
        js = admin.nc.jetstream()
        for stream in platform_events.all_streams():
            await ensure_stream(js, stream)
    return auth_server
