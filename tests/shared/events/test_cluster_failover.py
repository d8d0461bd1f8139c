"""A service on a three-node NATS cluster: a killed node is left for another, R3 streams go on.

Real nats-server cluster on loopback; the node the client is connected to is killed with SIGKILL.
"""

from __future__ import annotations

from typing import Any

import nats.errors
import nats.js.errors
from nats.js import JetStreamContext
from nats.js.api import StreamInfo
from pdp_common.events.bus import Bus
from pdp_common.events.streams import StreamSpec, ensure_stream
from pdp_common.testing.apps import Identities, running
from pdp_common.testing.nats_cluster import NatsCluster

from tests.shared.polling import eventually
from tests.shared.sample.service import SampleSettings, applied_texts, create_app

SUBJECT = "pdp.failover.note.created.v1"
FAILOVER_SECONDS = 90.0
"""A deadline, generous for a loaded machine: a cluster that lost a node elects new leaders
first, and JetStream requests time out meanwhile."""


async def _publish(js: JetStreamContext, data: bytes, msg_id: str) -> bool:
    """Publish once with a message id (so a retry is not stored twice); tell whether it was."""
    try:
        await js.publish(SUBJECT, data, timeout=2.0, headers={"Nats-Msg-Id": msg_id})
    except (nats.errors.Error, nats.js.errors.Error, TimeoutError):
        return False
    return True


async def _stream_info(js: JetStreamContext, name: str) -> StreamInfo | None:
    """Return the stream's info, or None while no leader answers."""
    try:
        return await js.stream_info(name)
    except (nats.errors.Error, nats.js.errors.Error, TimeoutError):
        return None


async def _connected_elsewhere(bus: Bus, killed: str) -> str | None:
    server = bus.connected_server
    return server if server not in (None, killed) else None


class TestBusFailover:
    async def test_fails_over_to_another_node_and_keeps_publishing_to_an_r3_stream(
        self, nats_cluster: NatsCluster
    ) -> None:
        bus = Bus(nats_cluster.urls, name="failover")
        bus.start()
        try:
            assert await bus.wait_connected(timeout=10)
            spec = StreamSpec.for_producer("failover", replicas=3)
            await ensure_stream(bus.js, spec)
            assert await _publish(bus.js, b"before", "before")
            first = bus.connected_server
            assert first in nats_cluster.urls

            nats_cluster.kill(nats_cluster.index_of(first))

            second = await eventually(
                lambda: _connected_elsewhere(bus, first), timeout=FAILOVER_SECONDS
            )
            assert second in nats_cluster.urls
            assert await eventually(
                lambda: _publish(bus.js, b"after", "after"), timeout=FAILOVER_SECONDS
            )
            # The stream may still be electing a leader on the nodes left: ask until it answers.
            info = await eventually(
                lambda: _stream_info(bus.js, spec.name),
                until=lambda i: i is not None and i.state.messages == 2,
                timeout=FAILOVER_SECONDS,
            )
            assert info is not None
            assert info.config.num_replicas == 3
        finally:
            await bus.close()

    async def test_connects_through_a_later_seed_when_the_first_is_down(
        self, nats_cluster: NatsCluster
    ) -> None:
        nats_cluster.kill(0)
        bus = Bus(",".join(nats_cluster.urls), name="seeds")
        bus.start()
        try:
            assert await bus.wait_connected(timeout=FAILOVER_SECONDS)
            assert bus.connected_server in nats_cluster.urls[1:]
        finally:
            await bus.close()


class TestServiceOnCluster:
    async def test_readiness_names_the_new_node_and_writes_reach_the_consumer(
        self,
        service_settings: dict[str, Any],
        identities: Identities,
        nats_cluster: NatsCluster,
    ) -> None:
        settings = service_settings | {"nats_url": nats_cluster.url, "stream_replicas": 3}
        app = create_app(SampleSettings(**settings))
        async with running(app) as client:
            ready = await eventually(
                lambda: client.get("/readyz"), until=lambda r: r.json()["status"] == "ok"
            )
            first = ready.json()["nats"]["server"]
            assert first in nats_cluster.urls
            stream = await app.state.platform.bus.js.stream_info("PDP_SAMPLE")
            assert stream.config.num_replicas == 3

            nats_cluster.kill(nats_cluster.index_of(first))
            for text in ("during-1", "during-2"):
                r = await client.post(
                    "/api/v1/notes", json={"text": text}, headers=identities.headers()
                )
                assert r.status_code == 201, r.text

            moved = await eventually(
                lambda: client.get("/readyz"),
                until=lambda r: r.json()["nats"]["server"] not in (None, first),
                timeout=FAILOVER_SECONDS,
            )
            assert moved.json()["nats"]["server"] in nats_cluster.urls
            applied = await eventually(
                lambda: applied_texts(app), until=lambda v: len(v) == 2, timeout=FAILOVER_SECONDS
            )
            assert sorted(applied) == ["during-1", "during-2"]
