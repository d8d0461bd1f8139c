"""Consumers apply each event once, retry what is transient and dead-letter what is not."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import nats
import pytest
from cloudevents.core.bindings import http as ce_http
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from pdp_common.events.consumer import EventHandler, Subscription
from pdp_common.events.envelope import Envelope, encode
from pdp_common.events.outbox import build_envelope
from pdp_common.events.streams import ADVISORY_STREAM, DEAD_LETTER_STREAM
from pdp_common.platform_tables import dead_letters, inbox
from pdp_common.testing.apps import Identities, running
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

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


async def publish_raw(
    url: str, subject: str, payload: bytes, msg_id: str, headers: dict[str, str] | None = None
) -> None:
    nc = await nats.connect(url)
    try:
        headers = (headers or {}) | {"Nats-Msg-Id": msg_id}
        await nc.jetstream().publish(subject, payload, headers=headers)
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
        assert letters[0].subject == "pdp.sample.note.created.v1._._"  # as published
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


PARTNER_ATTRIBUTES: dict[str, Any] = {
    "id": "partner event 7",
    "source": "/partners/osh office 100%",
    "subject": 'Ош "центр" 50%',
    "type": "pdp.sample.note.created.v1",
    "time": datetime(2026, 11, 29, 8, 0, tzinfo=UTC),
    "datacontenttype": "application/json",
}
SDK_ENCODERS: dict[str, Callable[[CloudEvent, JSONFormat], ce_http.HTTPMessage]] = {
    "binary": ce_http.to_binary,
    "structured": ce_http.to_structured,
}


class TestEventsFromTheCloudEventsSdk:
    @pytest.mark.parametrize("mode", sorted(SDK_ENCODERS))
    async def test_sdk_event_is_applied_with_its_exact_attributes(
        self, mode: str, service_settings: dict[str, Any]
    ) -> None:
        received: list[Envelope[Any]] = []

        async def record(session: AsyncSession, envelope: Envelope[Any]) -> None:
            received.append(envelope)

        subscription = Subscription(
            durable="sample_partner_notes",
            stream="PDP_SAMPLE",
            handlers=[EventHandler(NoteCreated, record)],
        )
        app = create_app(SampleSettings(**service_settings), subscriptions=[subscription])
        note_id = _uuid()
        event = CloudEvent(PARTNER_ATTRIBUTES, data={"note_id": str(note_id), "text": "Ош"})
        message = SDK_ENCODERS[mode](event, JSONFormat())
        async with running(app):
            await eventually(lambda: _consumers_ready(app))
            await publish_raw(
                service_settings["nats_url"],
                "pdp.sample.note.created.v1",
                message.body,
                f"partner-{mode}",
                headers=message.headers,
            )
            await eventually(lambda: _copy(received))
        (envelope,) = received
        assert envelope.id == "partner event 7"
        assert envelope.source == "/partners/osh office 100%"
        assert envelope.subject == 'Ош "центр" 50%'
        assert envelope.type == "pdp.sample.note.created.v1"
        assert envelope.time == datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
        assert envelope.datacontenttype == "application/json"
        assert envelope.data == NoteCreated(note_id=note_id, text="Ош")

    async def test_malformed_percent_sequence_is_dead_lettered_and_later_ones_applied(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        event = CloudEvent(PARTNER_ATTRIBUTES, data={"note_id": str(_uuid()), "text": "x"})
        message = ce_http.to_binary(event, JSONFormat())
        headers = message.headers | {"ce-subject": "%D0%9E%D1%8"}
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await eventually(lambda: _consumers_ready(app))
            await publish_raw(
                service_settings["nats_url"],
                "pdp.sample.note.created.v1",
                message.body,
                "partner-malformed",
                headers=headers,
            )
            letters = await eventually(lambda: dead_letter_rows(app))
            await post_notes(client, identities, ["after the malformed one"])
            applied = await eventually(lambda: applied_texts(app))
        assert applied == ["after the malformed one"]
        assert [letter.reason for letter in letters] == ["undecodable"]
        assert letters[0].event_id == "partner-malformed"
        assert "header ce-subject: '%8' at offset 9" in letters[0].error
        assert letters[0].headers["ce-subject"] == "%D0%9E%D1%8"


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


async def _copy(items: list[Any]) -> list[Any]:
    return list(items)


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
