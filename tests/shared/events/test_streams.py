"""The aggregate stream of every producer's events, against a real nats-server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import nats
import pytest_asyncio
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, StreamSource
from pdp_common.events.streams import (
    EVENTS_STREAM,
    PRODUCERS,
    StreamSpec,
    ensure_stream,
    events_stream,
    stream_name,
)

from tests.shared.polling import eventually


@pytest_asyncio.fixture
async def js(nats_url: str) -> AsyncIterator[JetStreamContext]:
    nc = await nats.connect(nats_url)
    yield nc.jetstream()
    await nc.close()


async def messages_in(js: JetStreamContext, stream: str, count: int) -> list[str]:
    async def held() -> int:
        return (await js.stream_info(stream)).state.messages

    await eventually(held, until=lambda messages: messages >= count)
    subjects = []
    for sequence in range(1, count + 1):
        subjects.append((await js.get_msg(stream, sequence)).subject or "")
    return subjects


class TestEventsStream:
    def test_it_sources_every_producer_and_drops_the_oldest(self) -> None:
        config = events_stream(3, max_age=3600.0).config()
        assert [s.name for s in config.sources or []] == [stream_name(p) for p in PRODUCERS]
        assert config.subjects is None
        assert config.num_replicas == 3
        assert config.max_age == 3600.0
        assert config.discard == DiscardPolicy.OLD

    async def test_it_holds_every_producer_s_events_with_their_subjects(
        self, js: JetStreamContext
    ) -> None:
        await ensure_stream(js, StreamSpec.for_producer("incidents"))
        await js.publish("pdp.incidents.incident.reported.v1.KGZ.border_incident", b"1")
        await ensure_stream(js, events_stream())
        await ensure_stream(js, StreamSpec.for_producer("organizations"))
        await js.publish("pdp.organizations.agreement.upserted.v1._._", b"2")
        assert sorted(await messages_in(js, EVENTS_STREAM, 2)) == [
            "pdp.incidents.incident.reported.v1.KGZ.border_incident",
            "pdp.organizations.agreement.upserted.v1._._",
        ]

    async def test_ensuring_again_keeps_where_its_sources_started(
        self, js: JetStreamContext
    ) -> None:
        spec = events_stream()
        await ensure_stream(js, spec)
        info = await js.stream_info(EVENTS_STREAM)
        started = [StreamSource(name=s.name, opt_start_seq=5) for s in info.config.sources or []]
        config = spec.config()
        config.sources = started
        await js.update_stream(config)
        await ensure_stream(js, spec)
        sources = (await js.stream_info(EVENTS_STREAM)).config.sources or []
        assert [s.opt_start_seq for s in sources] == [5] * len(PRODUCERS)
