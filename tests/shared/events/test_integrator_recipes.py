"""The recipes of docs/events.md, run with plain nats-py against a real nats-server.

A tool follows one country with a durable consumer, moves its filters in place, replays from a
time or a stream sequence, and relies on the broker dropping a re-published event id.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import nats
import pytest
import pytest_asyncio
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pdp_common.events.streams import StreamSpec, ensure_stream
from pdp_common.events.subjects import filter_subjects, type_filters

STREAM = "PDP_INCIDENTS"
VERIFIED = "pdp.incidents.incident.verified.v1"
REPORTED = "pdp.incidents.incident.reported.v1"
EVENTS = [  # (subject, country) in stream order: sequences 1 to 5
    (VERIFIED, "KGZ"),  # published before the subject scheme: the bare type
    (f"{VERIFIED}.KGZ.border_incident", "KGZ"),
    (f"{VERIFIED}.TJK.border_incident", "TJK"),
    (f"{REPORTED}.KGZ.water_energy_dispute", "KGZ"),
    (f"{VERIFIED}.KGZ.drug_trafficking", "KGZ"),
]


@pytest_asyncio.fixture
async def js(nats_url: str) -> AsyncIterator[JetStreamContext]:
    """Return a JetStream context on a stream holding ``EVENTS``."""
    nc = await nats.connect(nats_url)
    context = nc.jetstream()
    await ensure_stream(context, StreamSpec.for_producer("incidents"))
    for subject, country in EVENTS:
        await publish(context, subject, country, str(uuid.uuid4()))
    yield context
    await nc.close()


async def publish(js: JetStreamContext, subject: str, country: str, event_id: str) -> int:
    event_type = ".".join(subject.split(".")[:5])
    event = {"specversion": "1.0", "id": event_id, "type": event_type, "data": {"country": country}}
    ack = await js.publish(subject, json.dumps(event).encode(), headers={"Nats-Msg-Id": event_id})
    return int(ack.seq)


async def read_all(psub: JetStreamContext.PullSubscription) -> list[tuple[int, str]]:
    """Return (stream sequence, subject) of every message up to the end of the stream."""
    read: list[tuple[int, str]] = []
    for _ in range(20):  # bounded: a handful of messages
        try:
            messages = await psub.fetch(256, timeout=0.5)
        except TimeoutError:
            break
        read += [(msg.metadata.sequence.stream, msg.subject) for msg in messages]
        if messages[-1].metadata.num_pending == 0:
            break
    return read


async def replay(js: JetStreamContext, **fields: Any) -> list[tuple[int, str]]:
    """Read the stream with an ephemeral consumer configured by ``fields``, as the guide does."""
    config = ConsumerConfig(ack_policy=AckPolicy.NONE, inactive_threshold=60.0, **fields)
    psub = await js.pull_subscribe("", stream=STREAM, config=config)
    try:
        return await read_all(psub)
    finally:
        await psub.unsubscribe()


class TestFollowingOneCountry:
    async def test_a_durable_on_one_country_gets_only_that_country(
        self, js: JetStreamContext
    ) -> None:
        await js.add_consumer(
            STREAM,
            ConsumerConfig(
                durable_name="my_tool",
                ack_policy=AckPolicy.EXPLICIT,
                filter_subjects=[f"{VERIFIED}.KGZ.*"],
            ),
        )
        psub = await js.pull_subscribe_bind("my_tool", STREAM)
        messages = await psub.fetch(10, timeout=2)
        for msg in messages:
            await msg.ack()
        assert [m.subject for m in messages] == [EVENTS[1][0], EVENTS[4][0]]

    async def test_a_tool_moves_its_durable_to_the_new_subjects_without_losing_any(
        self, js: JetStreamContext
    ) -> None:
        old = ConsumerConfig(
            durable_name="old_tool", ack_policy=AckPolicy.EXPLICIT, filter_subjects=[VERIFIED]
        )
        await js.add_consumer(STREAM, old)
        psub = await js.pull_subscribe_bind("old_tool", STREAM)
        first = await psub.fetch(10, timeout=1)  # passes over the new subjects
        for msg in first:
            await msg.ack()
        assert [m.subject for m in first] == [VERIFIED]  # the bare subject only
        await psub.unsubscribe()

        # As the guide says: make the durable again from the first message on the new subjects.
        start = (await js.get_msg(STREAM, seq=1, subject=f"{VERIFIED}.>", next=True)).seq
        await js.delete_consumer(STREAM, "old_tool")
        await js.add_consumer(
            STREAM,
            old.evolve(
                filter_subjects=type_filters(VERIFIED),
                deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
                opt_start_seq=start,
            ),
        )
        psub = await js.pull_subscribe_bind("old_tool", STREAM)
        rest = await psub.fetch(10, timeout=1)
        assert (start, [m.subject for m in rest]) == (2, [EVENTS[1][0], EVENTS[2][0], EVENTS[4][0]])

    async def test_one_theme_across_countries(self, js: JetStreamContext) -> None:
        read = await replay(js, filter_subjects=filter_subjects(categories=["border_incident"]))
        assert [subject for _, subject in read] == [EVENTS[1][0], EVENTS[2][0]]

    async def test_overlapping_filters_are_refused(self, js: JetStreamContext) -> None:
        with pytest.raises(nats.js.errors.BadRequestError):
            await js.add_consumer(
                STREAM,
                ConsumerConfig(
                    durable_name="overlap",
                    filter_subjects=[f"{VERIFIED}.>", f"{VERIFIED}.KGZ.*"],
                ),
            )


class TestReplay:
    async def test_from_a_stream_sequence(self, js: JetStreamContext) -> None:
        read = await replay(js, deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=4)
        assert read == [(4, EVENTS[3][0]), (5, EVENTS[4][0])]

    async def test_from_a_time(self, js: JetStreamContext) -> None:
        since = datetime.now(UTC) - timedelta(minutes=5)
        read = await replay(
            js,
            deliver_policy=DeliverPolicy.BY_START_TIME,
            opt_start_time=since,
            filter_subjects=type_filters(VERIFIED),
        )
        assert [sequence for sequence, _ in read] == [1, 2, 3, 5]

    async def test_a_time_after_the_last_event_reads_nothing(self, js: JetStreamContext) -> None:
        later = datetime.now(UTC) + timedelta(minutes=5)
        read = await replay(js, deliver_policy=DeliverPolicy.BY_START_TIME, opt_start_time=later)
        assert read == []


class TestDeduplication:
    async def test_an_event_id_published_again_is_stored_once(self, js: JetStreamContext) -> None:
        event_id = str(uuid.uuid4())
        first = await publish(js, f"{VERIFIED}.UZB._", "UZB", event_id)
        again = await publish(js, f"{VERIFIED}.UZB._", "UZB", event_id)
        assert again == first
        assert (await js.stream_info(STREAM)).state.messages == len(EVENTS) + 1
