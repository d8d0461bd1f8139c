"""Subscriptions as a table of typed handlers, one per event type."""

from __future__ import annotations

import uuid
from typing import Any

import nats
import pytest
from pdp_common.events.consumer import EventHandler, Subscription
from pdp_common.events.envelope import Envelope, EventData, encode
from pdp_common.events.outbox import build_envelope
from pdp_common.events.registry import event
from pdp_common.platform_tables import inbox
from pdp_common.testing.apps import running
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.shared.events.test_consumer import publish_raw
from tests.shared.polling import eventually
from tests.shared.sample.service import NoteCreated, SampleSettings, create_app

DURABLE = "sample_typed_notes"


@event("pdp.sample.note.renamed.v1")
class NoteRenamed(EventData):
    note_id: uuid.UUID
    text: str


class NoteArchived(EventData):
    """An event type this platform does not register (``event_type`` stays empty)."""

    note_id: uuid.UUID


async def on_note_created(session: AsyncSession, envelope: Envelope[NoteCreated]) -> None:
    """Apply nothing; the tests look at what the handler received."""


async def on_note_renamed(session: AsyncSession, envelope: Envelope[NoteRenamed]) -> None:
    """Apply nothing; the tests look at what the handler received."""


class TestEventHandler:
    def test_typed_gives_the_envelope_with_the_handlers_event_as_data(self) -> None:
        handler = EventHandler(NoteCreated, on_note_created)
        note = NoteCreated(note_id=uuid.uuid4(), text="typed")
        raw = build_envelope(note)
        typed = handler.typed(raw)
        assert typed.data == note
        assert isinstance(typed.data, NoteCreated)
        assert typed.id == raw.id

    def test_unregistered_event_is_refused(self) -> None:
        async def on_note_archived(session: AsyncSession, envelope: Envelope[NoteArchived]) -> None:
            """Apply nothing."""

        with pytest.raises(ValueError, match="NoteArchived is not a registered event"):
            EventHandler(NoteArchived, on_note_archived)

    def test_handler_of_another_event_is_a_type_error(self) -> None:
        # mypy (strict, warn_unused_ignores) reports the mismatch that this ignore silences.
        handler = EventHandler(NoteRenamed, on_note_created)  # type: ignore[arg-type]
        assert handler.event is NoteRenamed


class TestSubscription:
    def subscription(self, **options: Any) -> Subscription:
        return Subscription(
            durable=DURABLE,
            stream="PDP_SAMPLE",
            handlers=[
                EventHandler(NoteRenamed, on_note_renamed),
                EventHandler(NoteCreated, on_note_created),
            ],
            **options,
        )

    def test_each_event_type_finds_its_handler(self) -> None:
        subscription = self.subscription()
        created = subscription.handler_for(NoteCreated.event_type)
        renamed = subscription.handler_for(NoteRenamed.event_type)
        assert created is not None
        assert created.handler is on_note_created
        assert renamed is not None
        assert renamed.handler is on_note_renamed

    def test_unknown_event_type_has_no_handler(self) -> None:
        assert self.subscription().handler_for("pdp.sample.note.archived.v1") is None

    def test_filter_subjects_are_the_handled_event_types_bare_and_tokenized(self) -> None:
        assert self.subscription().filter_subjects() == [
            "pdp.sample.note.created.v1",
            "pdp.sample.note.created.v1.>",
            "pdp.sample.note.renamed.v1",
            "pdp.sample.note.renamed.v1.>",
        ]

    def test_explicit_subjects_replace_the_handled_event_types(self) -> None:
        subscription = self.subscription(subjects=("pdp.sample.>",))
        assert subscription.filter_subjects() == ["pdp.sample.>"]

    def test_event_type_handled_twice_is_refused(self) -> None:
        with pytest.raises(ValueError, match=r"handles pdp\.sample\.note\.created\.v1 twice"):
            Subscription(
                durable=DURABLE,
                stream="PDP_SAMPLE",
                handlers=[
                    EventHandler(NoteCreated, on_note_created),
                    EventHandler(NoteCreated, on_note_created),
                ],
            )


class TestTypedDelivery:
    async def test_each_handler_gets_only_its_event_type_typed_and_unknown_is_acked(
        self, service_settings: dict[str, Any]
    ) -> None:
        received: list[tuple[str, EventData]] = []

        async def on_created(session: AsyncSession, envelope: Envelope[NoteCreated]) -> None:
            received.append(("created", envelope.data))

        async def on_renamed(session: AsyncSession, envelope: Envelope[NoteRenamed]) -> None:
            received.append(("renamed", envelope.data))

        subscription = Subscription(
            durable=DURABLE,
            stream="PDP_SAMPLE",
            subjects=("pdp.sample.>",),
            handlers=[EventHandler(NoteCreated, on_created), EventHandler(NoteRenamed, on_renamed)],
        )
        app = create_app(SampleSettings(**service_settings), subscriptions=[subscription])
        note_id = uuid.uuid4()
        created = NoteCreated(note_id=note_id, text="first")
        renamed = NoteRenamed(note_id=note_id, text="second")
        unknown = build_envelope(created).model_copy(
            update={"type": "pdp.sample.note.archived.v1", "data": {"note_id": str(note_id)}}
        )
        url = service_settings["nats_url"]
        async with running(app):
            await eventually(lambda: _ready(app))
            await publish_raw(url, unknown.type, encode(unknown), "archived")
            for data in (created, renamed):
                envelope = build_envelope(data)
                await publish_raw(url, data.event_type, encode(envelope), envelope.id)
            await eventually(lambda: _copy(received), until=lambda items: len(items) == 2)
            await eventually(lambda: _settled(url), until=lambda settled: settled)
            async with app.state.platform.db.read_sessions() as session:
                applied = set((await session.execute(select(inbox.c.event_type))).scalars())
        assert received == [("created", created), ("renamed", renamed)]
        assert [type(data) for _, data in received] == [NoteCreated, NoteRenamed]
        assert applied == {NoteCreated.event_type, NoteRenamed.event_type}


async def _ready(app: Any) -> bool:
    return all(consumer.ready.is_set() for consumer in app.state.platform.consumers)


async def _copy(items: list[Any]) -> list[Any]:
    return list(items)


async def _settled(url: str) -> bool:
    nc = await nats.connect(url)
    try:
        info = await nc.jetstream().consumer_info("PDP_SAMPLE", DURABLE)
    finally:
        await nc.close()
    return bool(info.num_pending == 0 and info.num_ack_pending == 0)
