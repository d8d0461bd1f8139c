"""Consumers apply each event once, retry what is transient and dead-letter what is not."""

from __future__ import annotations

import json
from typing import Any

import nats
from pdp_common.events.envelope import encode
from pdp_common.events.outbox import build_envelope
from pdp_common.events.streams import ADVISORY_STREAM, DEAD_LETTER_STREAM
from pdp_common.platform_tables import dead_letters, inbox
from pdp_common.testing.apps import Identities, running
from sqlalchemy import select

from tests.shared.polling import eventually
from tests.shared.sample.service import (
    NoteCreated,
    SampleSettings,
    applied_texts,
    count_rows,
    create_app,
    post_notes,
)


async def dead_letter_rows(app: Any) -> list[Any]:
    async with app.state.platform.db.read_sessions() as session:
        return list(
            (await session.execute(select(dead_letters).order_by(dead_letters.c.created_at))).all()
        )


async def publish_raw(url: str, subject: str, payload: bytes, msg_id: str) -> None:
    nc = await nats.connect(url)
    try:
        await nc.jetstream().publish(subject, payload, headers={"Nats-Msg-Id": msg_id})
    finally:
        await nc.close()


async def stream_count(url: str, stream: str) -> int:
    nc = await nats.connect(url)
    try:
        return int((await nc.jetstream().stream_info(stream)).state.messages)
    finally:
        await nc.close()


class TestIdempotentConsumer:
    async def test_event_delivered_twice_is_applied_once(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await post_notes(client, identities, ["twice"])
            await eventually(lambda: applied_texts(app))
            async with app.state.platform.db.read_sessions() as session:
                event_id = (await session.execute(select(inbox.c.event_id))).scalar_one()
            # The same event again, beyond the broker's de-duplication (another message id).
            envelope = build_envelope(NoteCreated(note_id=_uuid(), text="twice"))
            again = envelope.model_copy(update={"id": event_id})
            await publish_raw(
                service_settings["nats_url"],
                "pdp.sample.note.created.v1",
                encode(again),
                "other-id",
            )
            await post_notes(client, identities, ["after"])
            await eventually(lambda: applied_texts(app), until=lambda v: "after" in v)
            assert await applied_texts(app) == ["twice", "after"]
            assert await count_rows(app, inbox) == 2


class TestDeadLetters:
    async def test_poison_message_is_dead_lettered_and_later_ones_applied(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await post_notes(client, identities, ["before"])
            await post_notes(client, identities, ["poison pill"])
            await post_notes(client, identities, ["after"])
            applied = await eventually(lambda: applied_texts(app), until=lambda v: len(v) == 2)
            letters = await eventually(lambda: dead_letter_rows(app))
        assert applied == ["before", "after"]
        assert len(letters) == 1
        assert letters[0].reason == "poison"
        assert "PoisonText" in letters[0].error
        assert letters[0].event_type == "pdp.sample.note.created.v1"
        assert json.loads(letters[0].payload)["data"]["text"] == "poison pill"

    async def test_dead_letters_are_copied_to_stream_and_advisory_captured(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        url = service_settings["nats_url"]
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await post_notes(client, identities, ["poison again"])
            await eventually(lambda: dead_letter_rows(app))
            assert await eventually(lambda: stream_count(url, DEAD_LETTER_STREAM)) == 1
            assert await eventually(lambda: stream_count(url, ADVISORY_STREAM)) >= 1
            assert len(await dead_letter_rows(app)) == 1

    async def test_undecodable_message_is_dead_lettered(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await eventually(lambda: _consumers_ready(app))
            await publish_raw(
                service_settings["nats_url"], "pdp.sample.note.created.v1", b"{not json", "junk-1"
            )
            await post_notes(client, identities, ["fine"])
            await eventually(lambda: applied_texts(app))
            letters = await eventually(lambda: dead_letter_rows(app))
        assert [letter.reason for letter in letters] == ["undecodable"]

    async def test_invalid_event_data_is_dead_lettered(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app):
            await eventually(lambda: _consumers_ready(app))
            envelope = build_envelope(NoteCreated(note_id=_uuid(), text="x"))
            broken = envelope.model_copy(update={"data": {"note_id": "not-a-uuid"}})
            await publish_raw(
                service_settings["nats_url"], "pdp.sample.note.created.v1", encode(broken), "bad-1"
            )
            letters = await eventually(lambda: dead_letter_rows(app))
        assert letters[0].reason == "invalid"


class TestTransientFailures:
    async def test_transient_failure_is_retried_then_applied(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await post_notes(client, identities, ["transient-once"])
            assert await eventually(lambda: applied_texts(app)) == ["transient-once"]
            assert await dead_letter_rows(app) == []

    async def test_message_reaching_max_deliveries_is_dead_lettered(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        settings = SampleSettings(**service_settings, consumer_max_deliver=2)
        app = create_app(settings)
        async with running(app) as client:
            await post_notes(client, identities, ["always-transient"])
            await post_notes(client, identities, ["next"])
            letters = await eventually(lambda: dead_letter_rows(app))
            assert await eventually(lambda: applied_texts(app)) == ["next"]
        assert letters[0].reason == "max_deliveries"
        assert letters[0].deliveries == 2


async def _consumers_ready(app: Any) -> bool:
    return all(c.ready.is_set() for c in app.state.platform.consumers)


def _uuid() -> Any:
    from pdp_common.db import new_id

    return new_id()


async def test_an_empty_fetch_settles_nothing_and_keeps_the_consumer_running(
    service_settings: dict[str, Any], identities: Identities
) -> None:
    app = create_app(SampleSettings(**service_settings))
    async with running(app) as client:
        consumer = app.state.platform.consumers[0]
        assert await consumer.handle_batch([]) is True
        await post_notes(client, identities, ["after-an-empty-fetch"])
        assert await eventually(lambda: applied_texts(app)) == ["after-an-empty-fetch"]
