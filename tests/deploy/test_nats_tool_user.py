"""A read-only tool user, against a real nats-server run with the generated configuration: it reads
what it is granted, through a core subscription or a JetStream consumer, and nothing else, and it
publishes nothing."""

from __future__ import annotations

import contextlib
import json
from collections.abc import MutableMapping
from typing import Any

import nats.errors
import nats.js.errors
import pytest
import structlog.testing
from nats.aio.client import Client
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pdp_common.events.bus import Bus
from pdp_common.events.streams import stream_name

from tests.deploy.nats_auth import (
    ADMIN,
    KGZ_INCIDENTS,
    AuthServer,
    Refusals,
    auth_server,
    platform_streams,
)
from tests.shared.polling import eventually

__all__ = ["auth_server", "platform_streams"]

INCIDENTS = stream_name("incidents")
BRIEFINGS = stream_name("briefings")
KGZ_SUBJECT = "pdp.incidents.incident.reported.v1.KGZ.terrorism"
TJK_SUBJECT = "pdp.incidents.incident.reported.v1.TJK.terrorism"
TOOL = "kgz-watch"
CONSUMER = "kgz_watch"
REQUEST_TIMEOUT = 2.0


async def publish_as_admin(server: AuthServer, *subjects: str) -> None:
    async with server.connect(ADMIN) as admin:
        js = admin.nc.jetstream()
        for subject in subjects:
            await js.publish(subject, json.dumps({"subject": subject}).encode())


async def stream_messages(server: AuthServer, stream: str) -> int:
    async with server.connect(ADMIN) as admin:
        return int((await admin.nc.jetstream().stream_info(stream)).state.messages)


async def delete_consumer(server: AuthServer, stream: str, consumer: str) -> None:
    async with server.connect(ADMIN) as admin:
        with contextlib.suppress(nats.js.errors.NotFoundError):
            await admin.nc.jetstream().delete_consumer(stream, consumer)


def tool_consumer(filter_subject: str, name: str = CONSUMER) -> ConsumerConfig:
    """Return a consumer as a tool creates one: named, with one filter subject."""
    return ConsumerConfig(
        name=name,
        durable_name=name,
        filter_subject=filter_subject,
        deliver_policy=DeliverPolicy.ALL,
        ack_policy=AckPolicy.EXPLICIT,
    )


async def refused_request(tool: Refusals, subject: str) -> bool:
    """Tell whether a request to ``subject`` is refused (a violation, no answer)."""
    try:
        await tool.nc.request(subject, b"{}", timeout=REQUEST_TIMEOUT)
    except (TimeoutError, nats.errors.Error):
        return await tool.wait_for("permissions violation")
    return False


async def received(nc: Client, subject: str, count: int) -> list[str]:
    """Subscribe to ``subject`` and return the subjects of the first ``count`` messages."""
    sub = await nc.subscribe(subject)
    await nc.flush()
    return [m.subject for m in [await sub.next_msg(timeout=5) for _ in range(count)]]


class TestToolPublishing:
    async def test_a_core_publish_is_refused_and_not_stored(
        self, platform_streams: AuthServer
    ) -> None:
        before = await stream_messages(platform_streams, INCIDENTS)
        async with platform_streams.connect(TOOL) as tool:
            await tool.nc.publish(KGZ_SUBJECT, b"{}")
            await tool.nc.flush()
            assert await tool.wait_for(f'permissions violation for publish to "{KGZ_SUBJECT}"')
        assert await stream_messages(platform_streams, INCIDENTS) == before

    async def test_a_jetstream_publish_is_refused(self, platform_streams: AuthServer) -> None:
        async with platform_streams.connect(TOOL) as tool:
            with pytest.raises((TimeoutError, nats.errors.Error)):
                await tool.nc.jetstream().publish(KGZ_SUBJECT, b"{}", timeout=REQUEST_TIMEOUT)
            assert await tool.wait_for("permissions violation for publish")

    async def test_the_bus_logs_the_refusal(self, platform_streams: AuthServer) -> None:
        bus = Bus(
            platform_streams.server.url,
            name=TOOL,
            credentials=platform_streams.credentials(TOOL),
        )
        with structlog.testing.capture_logs() as logs:
            bus.start()
            assert await bus.wait_connected(timeout=10)
            try:
                await bus.nc.publish(KGZ_SUBJECT, b"{}")
                await bus.nc.flush()

                async def violations() -> list[MutableMapping[str, Any]]:
                    return [e for e in logs if e["event"] == "nats permissions violation"]

                found = await eventually(violations, timeout=5)
            finally:
                await bus.close()
        assert found[0]["user"] == TOOL

    async def test_deleting_a_stream_is_refused(self, platform_streams: AuthServer) -> None:
        async with platform_streams.connect(TOOL) as tool:
            assert await refused_request(tool, f"$JS.API.STREAM.DELETE.{INCIDENTS}")


class TestToolCoreSubscriptions:
    async def test_receives_its_subjects(self, platform_streams: AuthServer) -> None:
        async with platform_streams.connect(TOOL) as tool:
            sub = await tool.nc.subscribe(KGZ_INCIDENTS)
            await tool.nc.flush()
            await publish_as_admin(platform_streams, TJK_SUBJECT, KGZ_SUBJECT)
            msg = await sub.next_msg(timeout=5)
            assert msg.subject == KGZ_SUBJECT
            assert tool.errors == []

    @pytest.mark.parametrize(
        "subject",
        [TJK_SUBJECT, "pdp.incidents.>", "pdp.briefings.>", ">", "_INBOX.>", "pdp.deadletter.>"],
    )
    async def test_other_subjects_are_refused(
        self, platform_streams: AuthServer, subject: str
    ) -> None:
        async with platform_streams.connect(TOOL) as tool:
            sub = await tool.nc.subscribe(subject)
            await tool.nc.flush()
            assert await tool.wait_for(f'permissions violation for subscription to "{subject}"')
            await publish_as_admin(platform_streams, TJK_SUBJECT)
            with pytest.raises(TimeoutError):
                await sub.next_msg(timeout=0.5)


class TestToolConsumers:
    async def test_reads_its_subjects_through_its_consumer(
        self, platform_streams: AuthServer
    ) -> None:
        await delete_consumer(platform_streams, INCIDENTS, CONSUMER)
        await publish_as_admin(platform_streams, TJK_SUBJECT, KGZ_SUBJECT)
        async with platform_streams.connect(TOOL) as tool:
            js = tool.nc.jetstream(timeout=REQUEST_TIMEOUT)
            await js.add_consumer(INCIDENTS, tool_consumer(KGZ_INCIDENTS))
            psub = await js.pull_subscribe_bind(CONSUMER, INCIDENTS)
            messages = await psub.fetch(100, timeout=2)
            assert {m.subject for m in messages} == {KGZ_SUBJECT}
            for msg in messages:
                await msg.ack_sync(timeout=REQUEST_TIMEOUT)
            info = await js.consumer_info(INCIDENTS, CONSUMER)
            assert info.num_ack_pending == 0
            assert tool.errors == []

    @pytest.mark.parametrize(
        ("stream", "filter_subject", "name"),
        [
            (INCIDENTS, "pdp.incidents.>", CONSUMER),
            (INCIDENTS, "pdp.incidents.*.*.*.*.*", CONSUMER),
            (INCIDENTS, TJK_SUBJECT, CONSUMER),
            (INCIDENTS, KGZ_INCIDENTS, "another_name"),
            (INCIDENTS, KGZ_INCIDENTS, "briefings_incidents"),
            (BRIEFINGS, "pdp.briefings.>", CONSUMER),
        ],
    )
    async def test_a_consumer_outside_its_grant_is_refused(
        self, platform_streams: AuthServer, stream: str, filter_subject: str, name: str
    ) -> None:
        async with platform_streams.connect(TOOL) as tool:
            js = tool.nc.jetstream(timeout=REQUEST_TIMEOUT)
            with pytest.raises((TimeoutError, nats.errors.Error)):
                await js.add_consumer(stream, tool_consumer(filter_subject, name))
            assert await tool.wait_for("permissions violation for publish")

    async def test_a_consumer_without_a_filter_subject_is_refused(
        self, platform_streams: AuthServer
    ) -> None:
        async with platform_streams.connect(TOOL) as tool:
            js = tool.nc.jetstream(timeout=REQUEST_TIMEOUT)
            config = ConsumerConfig(name=CONSUMER, ack_policy=AckPolicy.EXPLICIT)
            with pytest.raises((TimeoutError, nats.errors.Error)):
                await js.add_consumer(INCIDENTS, config)
            assert await tool.wait_for("permissions violation for publish")

    async def test_a_filter_other_than_the_request_subjects_is_refused(
        self, platform_streams: AuthServer
    ) -> None:
        """The server checks that the consumer's filter is the one its request subject names."""
        await delete_consumer(platform_streams, INCIDENTS, CONSUMER)
        request = {"stream_name": INCIDENTS, "config": tool_consumer("pdp.incidents.>").as_dict()}
        subject = f"$JS.API.CONSUMER.CREATE.{INCIDENTS}.{CONSUMER}.{KGZ_INCIDENTS}"
        async with platform_streams.connect(TOOL) as tool:
            reply = await tool.nc.request(subject, json.dumps(request).encode(), timeout=5)
        assert "error" in json.loads(reply.data), reply.data

    async def test_fetching_from_a_service_consumer_is_refused(
        self, platform_streams: AuthServer
    ) -> None:
        async with platform_streams.connect(TOOL) as tool:
            subject = f"$JS.API.CONSUMER.MSG.NEXT.{INCIDENTS}.briefings_incidents"
            assert await refused_request(tool, subject)


class TestToolConsumerNames:
    async def test_a_tool_with_several_consumers_may_use_each(
        self, platform_streams: AuthServer
    ) -> None:
        async with platform_streams.connect("briefings-reader") as tool:
            js = tool.nc.jetstream(timeout=REQUEST_TIMEOUT)
            for name in ("archive", "replay"):
                await delete_consumer(platform_streams, BRIEFINGS, name)
                info = await js.add_consumer(BRIEFINGS, tool_consumer("pdp.briefings.>", name))
                assert info.name == name
            assert tool.errors == []
