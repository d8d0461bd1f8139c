"""Durable consumers made before subjects carried a country and a category keep going.

Events used to be published on their bare type (``pdp.sample.note.created.v1``); they are now
published on ``<type>.<country>.<category>``. A durable created with the old filter is brought to
the new one in place when its service starts, applies the bare-subject messages still in the
stream, and the new ones too.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import nats
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pdp_common.events.durables import passed_over
from pdp_common.events.envelope import encode
from pdp_common.events.outbox import build_envelope
from pdp_common.events.replay import replay_into
from pdp_common.events.streams import StreamSpec, ensure_stream
from pdp_common.events.subjects import type_filters
from pdp_common.testing.apps import Identities, running

from tests.shared.events.test_consumer import dead_letter_rows
from tests.shared.polling import eventually
from tests.shared.sample.service import (
    NoteCreated,
    SampleSettings,
    applied_texts,
    create_app,
    post_notes,
)

DURABLE = "sample_notes"
STREAM = "PDP_SAMPLE"
OLD_SUBJECT = NoteCreated.event_type


async def prepare_old_durable(url: str, text: str) -> None:
    """Create the stream, a durable with the old bare-type filter, and one old message."""
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        await ensure_stream(js, StreamSpec.for_producer("sample"))
        await js.add_consumer(
            STREAM,
            ConsumerConfig(
                durable_name=DURABLE,
                deliver_policy=DeliverPolicy.ALL,
                ack_policy=AckPolicy.EXPLICIT,
                filter_subjects=[OLD_SUBJECT],
            ),
        )
        envelope = build_envelope(NoteCreated(note_id=uuid.uuid4(), text=text))
        await js.publish(OLD_SUBJECT, encode(envelope), headers={"Nats-Msg-Id": envelope.id})
    finally:
        await nc.close()


async def publish(url: str, subject: str, text: str) -> None:
    nc = await nats.connect(url)
    try:
        envelope = build_envelope(NoteCreated(note_id=uuid.uuid4(), text=text))
        headers = {"Nats-Msg-Id": envelope.id}
        await nc.jetstream().publish(subject, encode(envelope), headers=headers)
    finally:
        await nc.close()


async def run_old_replica(url: str) -> list[str]:
    """Fetch with the old filter as a replica of the old code would, ack, and return subjects.

    The server passes over the messages on new subjects while it looks for the old ones."""
    nc = await nats.connect(url)
    try:
        psub = await nc.jetstream().pull_subscribe_bind(DURABLE, STREAM)
        messages = await psub.fetch(10, timeout=1)
        for msg in messages:
            await msg.ack()
        return [msg.subject for msg in messages]
    finally:
        await nc.close()


async def start_and_apply(settings: dict[str, Any], identities: Identities, text: str) -> None:
    """Start the service, post a note and wait until its consumer applied it."""
    app = create_app(SampleSettings(**settings))
    async with running(app) as client:
        await post_notes(client, identities, [text])
        await eventually(lambda: applied_texts(app), until=lambda v: text in v)


async def durable_filters(url: str) -> list[str]:
    nc = await nats.connect(url)
    try:
        info = await nc.jetstream().consumer_info(STREAM, DURABLE)
        return sorted(info.config.filter_subjects or [])
    finally:
        await nc.close()


async def stream_subjects(url: str) -> list[str]:
    nc = await nats.connect(url)
    try:
        info = await nc.jetstream().stream_info(STREAM, subjects_filter=">")
        return sorted(info.state.subjects or {})
    finally:
        await nc.close()


class TestSubjectMigration:
    async def test_old_durable_is_updated_in_place_and_applies_old_and_new_subjects(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        url = service_settings["nats_url"]
        await prepare_old_durable(url, "published before")
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await post_notes(client, identities, ["published after"])
            applied = await eventually(lambda: applied_texts(app), until=lambda v: len(v) == 2)
            filters = await durable_filters(url)
        assert sorted(applied) == ["published after", "published before"]
        assert filters == type_filters(NoteCreated.event_type)
        assert await stream_subjects(url) == [OLD_SUBJECT, f"{OLD_SUBJECT}._._"]

    async def test_replay_reapplies_old_and_new_subjects(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        await prepare_old_durable(service_settings["nats_url"], "old")
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await post_notes(client, identities, ["new"])
            await eventually(lambda: applied_texts(app), until=lambda v: len(v) == 2)
            consumer = app.state.platform.consumer(DURABLE)
            report = await replay_into(consumer, start_sequence=1, reapply=True)
            texts = await applied_texts(app)
        assert (report.applied, report.duplicates, report.ignored) == (2, 0, 0)
        assert sorted(texts) == ["new", "new", "old", "old"]

    async def test_events_an_old_durable_passed_over_during_a_rollout_are_applied(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        url = service_settings["nats_url"]
        await prepare_old_durable(url, "applied by the old code")
        await publish(url, f"{OLD_SUBJECT}.KGZ._", "published during the rollout")
        await publish(url, OLD_SUBJECT, "from a replica not yet upgraded")
        assert await run_old_replica(url) == [OLD_SUBJECT, OLD_SUBJECT]
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await post_notes(client, identities, ["published after"])
            applied = await eventually(lambda: applied_texts(app), until=lambda v: len(v) == 3)
        assert sorted(applied) == [
            "from a replica not yet upgraded",  # again: this service never applied it
            "published after",
            "published during the rollout",
        ]

    async def test_a_restarted_durable_keeps_its_start_on_later_starts(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        url = service_settings["nats_url"]
        await prepare_old_durable(url, "old")
        await publish(url, f"{OLD_SUBJECT}._._", "new")
        await run_old_replica(url)
        for text in ("first start", "second start"):
            await start_and_apply(service_settings, identities, text)
        assert await durable_filters(url) == type_filters(NoteCreated.event_type)


class TestPassedOver:
    def test_the_tokenized_filter_of_a_bare_type_was_passed_over(self) -> None:
        current = ConsumerConfig(filter_subjects=["pdp.a.b.c.v1", "pdp.a.b.d.v1.>"])
        wanted = ConsumerConfig(
            filter_subjects=[*type_filters("pdp.a.b.c.v1"), *type_filters("pdp.a.b.d.v1")]
        )
        assert passed_over(current, wanted) == ["pdp.a.b.c.v1.>"]

    def test_a_new_type_or_an_unchanged_filter_was_not(self) -> None:
        current = ConsumerConfig(filter_subject="pdp.a.b.c.v1")
        assert passed_over(current, ConsumerConfig(filter_subjects=["pdp.a.b.e.v1.>"])) == []
        same = ConsumerConfig(filter_subjects=type_filters("pdp.a.b.c.v1"))
        assert passed_over(same, same) == []


class TestAdvisoryDeadLetters:
    async def test_an_advisory_about_a_tokenized_subject_names_the_event_type(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        url = service_settings["nats_url"]
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await post_notes(client, identities, ["given up on"])
            await eventually(lambda: applied_texts(app))
            # What the server sends when a message used up its deliveries while its consumer's
            # process was gone (so that the consumer never recorded a dead letter itself).
            await publish_advisory(url, sequence=1)
            letters = await eventually(lambda: dead_letter_rows(app))
        assert [(x.subject, x.event_type, x.reason) for x in letters] == [
            (f"{OLD_SUBJECT}._._", OLD_SUBJECT, "max_deliveries")
        ]


async def publish_advisory(url: str, *, sequence: int) -> None:
    advisory = {
        "type": "io.nats.jetstream.advisory.v1.max_deliver",
        "stream": STREAM,
        "consumer": DURABLE,
        "stream_seq": sequence,
        "deliveries": 5,
    }
    nc = await nats.connect(url)
    try:
        subject = f"$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.{STREAM}.{DURABLE}"
        await nc.publish(subject, json.dumps(advisory).encode())
        await nc.flush()
    finally:
        await nc.close()
