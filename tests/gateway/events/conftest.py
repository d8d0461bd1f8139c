"""Fixtures of the event stream tests: the gateway served by uvicorn, a real nats-server, and
events published on the producers' streams as the services would."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import nats
import nats.js.errors
import pytest_asyncio
from fastapi import FastAPI
from gateway.events.sharing import sharing
from gateway.main import create_app
from gateway.state import Gateway
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import StreamState
from pdp_common.contracts.organizations import AgreementUpserted, ConsentRecorded
from pdp_common.events.envelope import CLOUDEVENTS_JSON, RawEnvelope, encode, source_of
from pdp_common.events.streams import (
    EVENTS_STREAM,
    PRODUCERS,
    StreamSpec,
    ensure_stream,
    stream_name,
)
from pdp_common.events.subjects import publish_subject
from pdp_common.identity import Clearance, Role
from pdp_common.sharing_copy import SharingCopy
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.conftest import ADMIN_KEY, gateway_settings
from tests.gateway.events.sse import EventReader
from tests.gateway.upstream import LoopbackServer
from tests.shared.polling import eventually

WAIT_SECONDS = 20.0
REPORTED = "pdp.incidents.incident.reported.v1"
VERIFIED = "pdp.incidents.incident.verified.v1"
ALERT = "pdp.incidents.alert.raised.v1"
AGREEMENT = "pdp.organizations.agreement.upserted.v1"


@dataclass
class StreamingGateway:
    """The gateway under test on a loopback port, and the broker its events come from."""

    app: FastAPI
    server: LoopbackServer
    client: httpx.AsyncClient
    nc: Client
    js: JetStreamContext

    @property
    def url(self) -> str:
        """Return the gateway's base URL."""
        return self.server.url

    @property
    def state(self) -> Gateway:
        """Return the gateway's running parts."""
        gateway: Gateway = self.app.state.gateway
        return gateway

    async def key(
        self, *roles: Role, org: str = "UNRCCA", clearance: Clearance = Clearance.INTERNAL
    ) -> dict[str, str]:
        """Issue an API key and return headers carrying it."""
        body = {
            "name": f"{org} {'/'.join(roles)}",
            "org": org,
            "roles": [r.value for r in roles],
            "clearance": clearance.value,
        }
        response = await self.client.post(
            "/api/v1/api-keys", json=body, headers={"X-API-Key": ADMIN_KEY}
        )
        assert response.status_code == 201, response.text
        return {"X-API-Key": response.json()["key"]}

    async def publish(
        self, event_type: str, data: dict[str, Any], *, subject: str | None = None
    ) -> str:
        """Publish an event on its producer's stream, as a service's relay would; return its id."""
        envelope = RawEnvelope(
            id=str(uuid.uuid4()),
            source=source_of(event_type),
            type=event_type,
            time=datetime.now(UTC),
            data=data,
        )
        producer = event_type.split(".")[1].replace("_", "-")
        await self.js.publish(
            subject or publish_subject(event_type, data),
            encode(envelope),
            stream=stream_name(producer),
            headers={"Nats-Msg-Id": envelope.id, "content-type": CLOUDEVENTS_JSON},
        )
        return envelope.id

    async def sourced(self, count: int) -> int:
        """Wait until the aggregate stream holds ``count`` events; return its last sequence."""

        async def state() -> StreamState | None:
            try:
                return (await self.js.stream_info(EVENTS_STREAM)).state
            except nats.js.errors.NotFoundError:
                return None

        held = await eventually(
            state, until=lambda s: s is not None and s.messages >= count, timeout=WAIT_SECONDS
        )
        assert held is not None
        return held.last_seq

    @asynccontextmanager
    async def stream(self, headers: dict[str, str], **params: Any) -> AsyncIterator[EventReader]:
        """Open the event stream (200 expected) and yield a reader of its events."""
        async with self.client.stream(
            "GET", "/api/v1/events/stream", headers=headers, params=params
        ) as response:
            assert response.status_code == 200, (await response.aread()).decode()
            reader = EventReader(response)
            first = await reader.next_block()
            assert first.retry is not None
            yield reader

    async def store_agreement(self, data: AgreementUpserted) -> None:
        """Put an agreement in the gateway's copy of sharing terms."""
        async with self.state.platform.db.transaction() as session:
            await SharingCopy(session, sharing).upsert_agreement(data)

    async def store_consent(self, data: ConsentRecorded) -> None:
        """Put a consent in the gateway's copy of sharing terms."""
        async with self.state.platform.db.transaction() as session:
            await SharingCopy(session, sharing).upsert_consent(data)


async def ensure_producer_streams(js: JetStreamContext) -> None:
    """Create the producers' streams, as the services do when they start."""
    for producer in PRODUCERS:
        await ensure_stream(js, StreamSpec.for_producer(producer))


@asynccontextmanager
async def streaming_gateway(
    target: DatabaseTarget,
    nats_url: str,
    upstreams: dict[str, LoopbackServer],
    identity_keys: tuple[bytes, bytes],
    tmp_path: Path,
    **overrides: Any,
) -> AsyncIterator[StreamingGateway]:
    """Run the gateway with NATS on a loopback port until the aggregate stream is in place."""
    values: dict[str, Any] = {
        "nats_url": nats_url,
        "nats_enabled": True,
        # These tests publish made-up event data, which the webhook fan-out would dead-letter.
        "event_webhooks_enabled": False,
        "events_fetch_seconds": 0.5,
        "events_heartbeat_seconds": 30.0,
    }
    settings = gateway_settings(target, upstreams, identity_keys, tmp_path, **(values | overrides))
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    await ensure_producer_streams(js)
    app = create_app(settings)
    server = LoopbackServer(lambda: app, "gateway", lifespan="on")
    await server.start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=WAIT_SECONDS) as client:
            gateway = StreamingGateway(app, server, client, nc, js)
            await gateway.sourced(0)
            yield gateway
    finally:
        await server.stop()
        await nc.close()


@pytest_asyncio.fixture
async def streaming(
    database: DatabaseTarget,
    nats_url: str,
    upstreams: dict[str, LoopbackServer],
    identity_keys: tuple[bytes, bytes],
    tmp_path: Path,
) -> AsyncIterator[StreamingGateway]:
    """Run the streaming gateway on each database backend."""
    async with streaming_gateway(database, nats_url, upstreams, identity_keys, tmp_path) as gateway:
        yield gateway
