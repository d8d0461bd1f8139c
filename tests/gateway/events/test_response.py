"""The stream's connection: heartbeats, a slow reader, limits, and the broker left clean."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest_asyncio
from nats.js import JetStreamContext
from pdp_common.events.streams import EVENTS_STREAM
from pdp_common.identity import Role
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.events.conftest import (
    REPORTED,
    WAIT_SECONDS,
    StreamingGateway,
    streaming_gateway,
)
from tests.gateway.events.sse import EventReader
from tests.gateway.upstream import LoopbackServer
from tests.shared.polling import eventually

SLOW_EVENTS = 800
PADDING = "x" * 8192


@pytest_asyncio.fixture
async def tight(
    database: DatabaseTarget,
    nats_url: str,
    upstreams: dict[str, LoopbackServer],
    identity_keys: tuple[bytes, bytes],
    tmp_path: Path,
) -> AsyncIterator[StreamingGateway]:
    """Run a gateway with frequent heartbeats, a small buffer and short limits."""
    overrides: dict[str, Any] = {
        "events_heartbeat_seconds": 0.2,
        "events_buffer_size": 4,
        "events_stall_seconds": 1.0,
        "events_max_streams_per_credential": 2,
        "events_max_connection_seconds": 3600.0,
    }
    async with streaming_gateway(
        database, nats_url, upstreams, identity_keys, tmp_path, **overrides
    ) as gateway:
        yield gateway


def ended(gateway: StreamingGateway, cause: str) -> float | None:
    """Return how many streams ended for ``cause``, from the gateway's metrics."""
    registry = gateway.state.metrics.registry
    return registry.get_sample_value("pdp_gateway_event_streams_ended_total", {"cause": cause})


def open_streams(gateway: StreamingGateway) -> float | None:
    """Return how many streams are open, from the gateway's metrics."""
    return gateway.state.metrics.registry.get_sample_value("pdp_gateway_event_streams_open")


async def readers(js: JetStreamContext) -> list[str]:
    """Return the names of the stream's consumers."""
    return [info.name for info in await js.consumers_info(EVENTS_STREAM)]


async def until_no_readers(js: JetStreamContext) -> None:
    await eventually(lambda: readers(js), until=lambda names: not names, timeout=WAIT_SECONDS)


class TestHeartbeats:
    async def test_an_idle_stream_sends_heartbeat_comments(self, tight: StreamingGateway) -> None:
        analyst = await tight.key(Role.ANALYST)
        async with tight.stream(analyst) as reader:
            async with asyncio.timeout(WAIT_SECONDS):
                while reader.heartbeats < 2:
                    block = await reader.next_block()
                    assert not block.is_event


class TestConsumers:
    async def test_a_disconnection_deletes_the_reader(self, tight: StreamingGateway) -> None:
        analyst = await tight.key(Role.ANALYST)
        async with tight.stream(analyst):
            assert len(await readers(tight.js)) == 1
        await until_no_readers(tight.js)

    async def test_a_credential_holds_a_few_streams_at_most(self, tight: StreamingGateway) -> None:
        analyst = await tight.key(Role.ANALYST)
        async with tight.stream(analyst), tight.stream(analyst):
            response = await tight.client.get("/api/v1/events/stream", headers=analyst)
            assert response.status_code == 429, response.text
            assert response.json()["type"].endswith("/event-streams-exhausted")
            assert response.headers["retry-after"]
        await until_no_readers(tight.js)
        async with tight.stream(analyst) as reader:
            assert isinstance(reader, EventReader)


class TestLostReader:
    async def test_a_stream_whose_consumer_is_gone_ends_and_resumes(
        self, tight: StreamingGateway
    ) -> None:
        analyst = await tight.key(Role.ANALYST)
        await tight.publish(REPORTED, {"sensitivity": "internal", "n": 1})
        last = await tight.sourced(1)
        async with tight.stream(analyst) as reader:
            (name,) = await readers(tight.js)
            await tight.js.delete_consumer(EVENTS_STREAM, name)
            async with asyncio.timeout(WAIT_SECONDS):
                async for block in reader.rest():
                    assert not block.is_event
        await tight.publish(REPORTED, {"sensitivity": "internal", "n": 2})
        async with tight.stream({"Last-Event-ID": str(last), **analyst}) as reader:
            async with asyncio.timeout(WAIT_SECONDS):
                (event,) = await reader.events(1)
        assert event.cloudevent()["data"]["n"] == 2
        assert ended(tight, "reader_lost") == 1


class TestShutdown:
    async def test_stopping_the_gateway_ends_open_streams(self, tight: StreamingGateway) -> None:
        analyst = await tight.key(Role.ANALYST)
        async with tight.stream(analyst) as reader:
            stopping = asyncio.create_task(tight.server.stop())
            async with asyncio.timeout(WAIT_SECONDS):
                async for block in reader.rest():
                    assert not block.is_event
                await stopping
        assert not await readers(tight.js)


class TestSlowReader:
    async def test_a_stalled_client_is_disconnected_after_a_bounded_read(
        self, tight: StreamingGateway
    ) -> None:
        analyst = await tight.key(Role.ANALYST)
        address = urlsplit(tight.url)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (address.hostname, address.port))
        stream_reader, writer = await asyncio.open_connection(sock=sock)
        request = (
            f"GET /api/v1/events/stream HTTP/1.1\r\nHost: {address.netloc}\r\n"
            f"X-API-Key: {analyst['X-API-Key']}\r\nAccept: text/event-stream\r\n\r\n"
        )
        writer.write(request.encode())
        await writer.drain()
        async with asyncio.timeout(WAIT_SECONDS):
            head = await stream_reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200")
        for number in range(SLOW_EVENTS):
            await tight.publish(REPORTED, {"sensitivity": "internal", "n": number, "pad": PADDING})
        last = await tight.sourced(SLOW_EVENTS)
        # The client reads nothing until the gateway gives up on it and deletes its reader.
        await until_no_readers(tight.js)
        async with asyncio.timeout(WAIT_SECONDS):
            received = await stream_reader.read()
        writer.close()
        ids = [int(line[4:]) for line in received.split(b"\n") if line.startswith(b"id: ")]
        assert ids, "some events arrived before the stall"
        assert ids == list(range(ids[0], ids[0] + len(ids)))
        assert ids[-1] < last, "the gateway stopped reading the stream once the client stalled"
        assert ended(tight, "stalled") == 1
        assert open_streams(tight) == 0


class TestTimeLimit:
    async def test_a_stream_ends_at_its_time_limit_and_resumes(
        self,
        database: DatabaseTarget,
        nats_url: str,
        upstreams: dict[str, LoopbackServer],
        identity_keys: tuple[bytes, bytes],
        tmp_path: Path,
    ) -> None:
        async with streaming_gateway(
            database,
            nats_url,
            upstreams,
            identity_keys,
            tmp_path,
            events_max_connection_seconds=0.5,
        ) as gateway:
            analyst = await gateway.key(Role.ANALYST)
            async with gateway.stream(analyst) as reader:
                async with asyncio.timeout(WAIT_SECONDS):
                    async for _ in reader.rest():
                        pass
            await until_no_readers(gateway.js)
            async with gateway.stream(analyst) as reader:
                await gateway.publish(REPORTED, {"sensitivity": "internal"})
                async with asyncio.timeout(WAIT_SECONDS):
                    assert len(await reader.events(1)) == 1
