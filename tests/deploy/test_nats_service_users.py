"""Each service's NATS user, and the gateway's, against a real nats-server run with the generated
configuration: it can do what the service does, and not what another service does."""

from __future__ import annotations

import nats.errors
import pytest
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pdp_common.events.advisories import advisory_subjects
from pdp_common.events.bus import Bus
from pdp_common.events.streams import (
    ADVISORY_STREAM,
    DEAD_LETTER_PREFIX,
    StreamSpec,
    advisory_stream,
    dead_letter_stream,
    ensure_stream,
    events_stream,
    stream_name,
)
from pdp_common.events.subjects import filter_subjects
from pdp_common.events.subscription import Subscription

from deploy.nats import platform_events
from deploy.nats.platform_events import SERVICE_MODULES, ServiceModule
from tests.deploy.nats_auth import ADMIN, AuthServer, auth_server, platform_streams

__all__ = ["auth_server", "platform_streams"]

REQUEST_TIMEOUT = 2.0
PRODUCING = [m for m in SERVICE_MODULES if m.producer is not None]
CONSUMING = [m for m in SERVICE_MODULES if m.load()]


def concrete(pattern: str) -> str:
    """Return a subject that ``pattern`` matches."""
    return ".".join("x" if token in ("*", ">") else token for token in pattern.split("."))


async def connected_bus(server: AuthServer, user: str) -> Bus:
    bus = Bus(server.server.url, name=user, credentials=server.credentials(user))
    bus.start()
    assert await bus.wait_connected(timeout=10)
    return bus


async def publish_as_admin(server: AuthServer, subject: str) -> None:
    async with server.connect(ADMIN) as admin:
        await admin.nc.jetstream().publish(subject, b"{}")


async def consume_one(js: JetStreamContext, sub: Subscription) -> None:
    """Create the service's durable consumer as it does, fetch one event and ack it."""
    await js.stream_info(sub.stream)
    config = ConsumerConfig(
        durable_name=sub.durable,
        ack_policy=AckPolicy.EXPLICIT,
        filter_subjects=sub.filter_subjects(),
    )
    await js.add_consumer(sub.stream, config)
    psub = await js.pull_subscribe_bind(sub.durable, sub.stream)
    [msg] = await psub.fetch(1, timeout=5)
    await js.get_msg(sub.stream, msg.metadata.sequence.stream)
    await msg.ack_sync(timeout=REQUEST_TIMEOUT)
    await psub.unsubscribe()


class TestServiceUsers:
    @pytest.mark.parametrize("module", PRODUCING, ids=lambda m: m.name)
    async def test_keeps_its_streams_and_publishes_its_events(
        self, auth_server: AuthServer, module: ServiceModule
    ) -> None:
        assert module.producer is not None
        bus = await connected_bus(auth_server, module.name)
        try:
            own = StreamSpec.for_producer(module.producer)
            for stream in (own, dead_letter_stream(), advisory_stream()):
                await ensure_stream(bus.js, stream)
            subject = f"pdp.{module.producer}.thing.happened.v1.KGZ.terrorism"
            ack = await bus.js.publish(subject, b"{}", timeout=REQUEST_TIMEOUT)
            assert ack.stream == own.name
        finally:
            await bus.close()

    @pytest.mark.parametrize("module", CONSUMING, ids=lambda m: m.name)
    async def test_runs_its_consumers_and_dead_letters(
        self, platform_streams: AuthServer, module: ServiceModule
    ) -> None:
        subscriptions = module.load()
        bus = await connected_bus(platform_streams, module.name)
        try:
            for sub in subscriptions:
                await publish_as_admin(platform_streams, concrete(sub.filter_subjects()[0]))
                await consume_one(bus.js, sub)
                ack = await bus.js.publish(
                    f"{DEAD_LETTER_PREFIX}.{sub.durable}", b"{}", timeout=REQUEST_TIMEOUT
                )
                assert ack.stream == dead_letter_stream().name
            advisories = ConsumerConfig(
                durable_name=f"{module.name.replace('-', '_')}_advisories",
                ack_policy=AckPolicy.EXPLICIT,
                filter_subjects=advisory_subjects(subscriptions),
            )
            await bus.js.add_consumer(ADVISORY_STREAM, advisories)
        finally:
            await bus.close()

    @pytest.mark.parametrize("module", PRODUCING, ids=lambda m: m.name)
    async def test_cannot_publish_another_producers_events(
        self, platform_streams: AuthServer, module: ServiceModule
    ) -> None:
        others = [m for m in PRODUCING if m.producer != module.producer]
        async with platform_streams.connect(module.name) as service:
            for other in others:
                subject = f"pdp.{other.producer}.thing.happened.v1.KGZ.terrorism"
                with pytest.raises((TimeoutError, nats.errors.Error)):
                    await service.nc.jetstream().publish(subject, b"{}", timeout=REQUEST_TIMEOUT)
                assert await service.wait_for(f'permissions violation for publish to "{subject}"')

    async def test_cannot_take_another_services_consumer(
        self, platform_streams: AuthServer
    ) -> None:
        async with platform_streams.connect("country-teams") as service:
            js = service.nc.jetstream(timeout=REQUEST_TIMEOUT)
            config = ConsumerConfig(durable_name="briefings_incidents")
            with pytest.raises((TimeoutError, nats.errors.Error)):
                await js.add_consumer(stream_name("incidents"), config)
            assert await service.wait_for("permissions violation for publish")
            await service.nc.publish(f"{DEAD_LETTER_PREFIX}.briefings_incidents", b"{}")
            await service.nc.flush()
            assert await service.wait_for(f'"{DEAD_LETTER_PREFIX}.briefings_incidents"')

    async def test_cannot_read_the_events_directly(self, platform_streams: AuthServer) -> None:
        async with platform_streams.connect("briefings") as service:
            await service.nc.subscribe("pdp.incidents.>")
            await service.nc.flush()
            assert await service.wait_for("permissions violation for subscription")


class TestGatewayUser:
    @pytest.mark.parametrize(
        "stream", platform_events.producer_streams(), ids=lambda stream: stream.name
    )
    async def test_reads_every_producers_stream_with_consumers_of_its_own(
        self, platform_streams: AuthServer, stream: StreamSpec
    ) -> None:
        await publish_as_admin(platform_streams, concrete(stream.subjects[0]))
        async with platform_streams.connect("gateway") as gateway:
            js = gateway.nc.jetstream(timeout=REQUEST_TIMEOUT)
            psub = await js.pull_subscribe(
                stream.subjects[0], durable="gateway_sse_test", stream=stream.name
            )
            messages = await psub.fetch(1, timeout=5)
            await messages[0].ack_sync(timeout=REQUEST_TIMEOUT)
            await js.delete_consumer(stream.name, "gateway_sse_test")
            assert gateway.errors == []

    async def test_follows_a_stream_live_with_an_ordered_consumer(
        self, platform_streams: AuthServer
    ) -> None:
        subject = "pdp.incidents.incident.reported.v1.KGZ.terrorism"
        async with platform_streams.connect("gateway") as gateway:
            js = gateway.nc.jetstream(timeout=REQUEST_TIMEOUT)
            sub = await js.subscribe(
                "pdp.incidents.*.*.*.KGZ.*",
                stream=stream_name("incidents"),
                ordered_consumer=True,
                deliver_policy=DeliverPolicy.NEW,
            )
            await publish_as_admin(platform_streams, subject)
            msg = await sub.next_msg(timeout=5)
            assert msg.subject == subject
            await sub.unsubscribe()
            assert gateway.errors == []

    async def test_cannot_take_a_services_consumer_nor_publish(
        self, platform_streams: AuthServer
    ) -> None:
        async with platform_streams.connect("gateway") as gateway:
            js = gateway.nc.jetstream(timeout=REQUEST_TIMEOUT)
            config = ConsumerConfig(name="briefings_incidents", filter_subject="pdp.incidents.>")
            with pytest.raises((TimeoutError, nats.errors.Error)):
                await js.add_consumer(stream_name("incidents"), config)
            assert await gateway.wait_for("permissions violation for publish")
            gateway.errors.clear()
            await gateway.nc.publish("pdp.incidents.thing.happened.v1.KGZ.terrorism", b"{}")
            await gateway.nc.flush()
            assert await gateway.wait_for("permissions violation for publish to")


async def fetched(psub: JetStreamContext.PullSubscription, subject: str) -> bool:
    """Fetch until a message on ``subject`` arrives (a sourced stream copies with a lag)."""
    for _ in range(20):
        try:
            messages = await psub.fetch(100, timeout=1)
        except TimeoutError:
            continue
        if subject in {m.subject for m in messages}:
            return True
    return False


class TestGatewayEventDelivery:
    async def test_keeps_the_stream_of_every_producers_events_and_reads_it(
        self, platform_streams: AuthServer
    ) -> None:
        subject = "pdp.incidents.incident.reported.v1.KGZ.terrorism"
        async with platform_streams.connect("gateway") as gateway:
            js = gateway.nc.jetstream(timeout=REQUEST_TIMEOUT)
            await ensure_stream(js, events_stream())
            await publish_as_admin(platform_streams, subject)
            config = ConsumerConfig(
                ack_policy=AckPolicy.NONE, filter_subjects=filter_subjects(countries=["KGZ"])
            )
            info = await js.add_consumer(events_stream().name, config)
            psub = await js.pull_subscribe_bind(info.name, events_stream().name)
            assert await fetched(psub, subject)
            await js.delete_consumer(events_stream().name, info.name)
            assert gateway.errors == []

    @pytest.mark.parametrize(
        "subscription",
        platform_events.GATEWAY_MODULE.load(),
        ids=lambda subscription: subscription.durable,
    )
    async def test_runs_its_own_durables(
        self, platform_streams: AuthServer, subscription: Subscription
    ) -> None:
        stream = next(
            s for s in platform_events.producer_streams() if s.name == subscription.stream
        )
        await publish_as_admin(platform_streams, subscription.filter_subjects()[0] + ".KGZ.x")
        async with platform_streams.connect("gateway") as gateway:
            await consume_one(gateway.nc.jetstream(timeout=REQUEST_TIMEOUT), subscription)
            assert gateway.errors == [], stream.name


class TestOperatorUser:
    async def test_tails_a_stream_with_an_ephemeral_consumer(
        self, platform_streams: AuthServer
    ) -> None:
        subject = "pdp.incidents.incident.verified.v1.TJK.border_incident"
        await publish_as_admin(platform_streams, subject)
        async with platform_streams.connect("operator") as operator:
            js = operator.nc.jetstream(timeout=REQUEST_TIMEOUT)
            config = ConsumerConfig(
                ack_policy=AckPolicy.NONE,
                filter_subjects=filter_subjects(countries=["TJK"], categories=["border_incident"]),
            )
            info = await js.add_consumer(stream_name("incidents"), config)
            psub = await js.pull_subscribe_bind(info.name, stream_name("incidents"))
            assert await fetched(psub, subject)
            assert operator.errors == []

    async def test_publishes_no_event(self, platform_streams: AuthServer) -> None:
        async with platform_streams.connect("operator") as operator:
            await operator.nc.publish("pdp.incidents.incident.reported.v1.KGZ.terrorism", b"{}")
            await operator.nc.flush()
            assert await operator.wait_for("permissions violation for publish to")
