"""The relay publishes committed rows from memory at once, polls for everything else, and deletes
the rows the broker acknowledged."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pdp_common import metrics
from pdp_common.db import new_id
from pdp_common.events import relay as relay_module
from pdp_common.events.bus import BusUnavailable
from pdp_common.events.outbox import outbox_row
from pdp_common.events.relay import OutboxRelay
from pdp_common.platform_tables import outbox
from pdp_common.testing.apps import Identities, running
from sqlalchemy import insert, select

from tests.shared.events.test_delivery import stream_messages
from tests.shared.polling import eventually
from tests.shared.sample.service import (
    NoteCreated,
    SampleSettings,
    applied_texts,
    count_rows,
    create_app,
    post_notes,
)


def published(service: str = "sample") -> float:
    return float(metrics.EVENTS_PUBLISHED.labels(service)._value.get())


class TestFromMemory:
    async def test_committed_rows_are_published_without_polling(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**{**service_settings, "relay_poll_seconds": 3600}))
        async with running(app) as client:
            relay = app.state.platform.relay
            await post_notes(client, identities, ["first", "second"])
            applied = await eventually(lambda: applied_texts(app), until=lambda v: len(v) == 2)
            assert sorted(applied) == ["first", "second"]
            assert await eventually(relay.backlog, until=lambda n: n == 0) == 0
            assert await eventually(lambda: _held(relay), until=lambda n: n == 0) == 0
        assert await stream_messages(service_settings["nats_url"]) == 2

    async def test_rolled_back_write_hands_nothing_over(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**{**service_settings, "relay_poll_seconds": 3600}))
        async with running(app) as client:
            r = await client.post(
                "/api/v1/notes", json={"text": "fail-after-event"}, headers=identities.headers()
            )
            assert r.status_code == 500, r.text
            assert app.state.platform.relay.held == 0
            assert await count_rows(app, outbox) == 0

    async def test_polling_does_not_publish_rows_held_in_memory_again(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**{**service_settings, "relay_poll_seconds": 0.005}))
        async with running(app) as client:
            relay = app.state.platform.relay
            before = published()
            texts = [f"note-{i}" for i in range(30)]
            await post_notes(client, identities, texts)
            applied = await eventually(lambda: applied_texts(app), until=lambda v: len(v) == 30)
            assert sorted(applied) == sorted(texts)
            assert await eventually(relay.backlog, until=lambda n: n == 0) == 0
            assert published() - before == 30


class TestLeftToPolling:
    async def test_rows_beyond_the_memory_bound_are_polled(
        self,
        service_settings: dict[str, Any],
        identities: Identities,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setattr(relay_module, "MAX_HELD", 0)
        app = create_app(SampleSettings(**{**service_settings, "relay_poll_seconds": 0.05}))
        async with running(app) as client:
            await post_notes(client, identities, ["polled"])
            assert app.state.platform.relay.held == 0
            assert await eventually(lambda: applied_texts(app)) == ["polled"]
            assert await eventually(app.state.platform.relay.backlog, until=lambda n: n == 0) == 0

    async def test_rows_committed_while_the_relay_is_stopped_wait_for_its_start(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            relay = app.state.platform.relay
            await relay.stop()
            await post_notes(client, identities, ["while-stopped"])
            assert relay.held == 0
            assert await relay.backlog() == 1
            relay.start()
            assert await eventually(lambda: applied_texts(app)) == ["while-stopped"]
            assert await eventually(relay.backlog, until=lambda n: n == 0) == 0


class TestOutboxRows:
    async def test_acknowledged_rows_are_deleted_whichever_path_published_them(
        self,
        service_settings: dict[str, Any],
        identities: Identities,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        app = create_app(SampleSettings(**{**service_settings, "relay_poll_seconds": 0.05}))
        async with running(app) as client:
            await post_notes(client, identities, ["from-memory-1", "from-memory-2"])
            assert await eventually(lambda: count_rows(app, outbox), until=lambda n: n == 0) == 0
            monkeypatch.setattr(relay_module, "MAX_HELD", 0)
            await post_notes(client, identities, ["polled-1", "polled-2"])
            assert app.state.platform.relay.held == 0
            assert await eventually(lambda: count_rows(app, outbox), until=lambda n: n == 0) == 0
            applied = await eventually(lambda: applied_texts(app), until=lambda v: len(v) == 4)
            assert sorted(applied) == ["from-memory-1", "from-memory-2", "polled-1", "polled-2"]
        assert await stream_messages(service_settings["nats_url"]) == 4

    async def test_a_failed_publish_keeps_the_row_and_counts_the_attempt(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app):
            relay = app.state.platform.relay
            await relay.stop()
            routed = outbox_row(NoteCreated(note_id=new_id(), text="routed"))
            unrouted = outbox_row(NoteCreated(note_id=new_id(), text="unrouted"))
            unrouted["subject"] = "pdp.unrouted.note.created.v1"  # no stream takes it
            async with app.state.platform.db.transaction() as session:
                await session.execute(insert(outbox), [routed, unrouted])
            for attempt in (1, 2):
                with pytest.raises(BusUnavailable, match="events not acknowledged"):
                    await relay.publish_pending()
                async with app.state.platform.db.read_sessions() as session:
                    stmt = select(outbox.c.id, outbox.c.attempts, outbox.c.last_error)
                    (left,) = (await session.execute(stmt)).all()
                assert (left.id, left.attempts) == (unrouted["id"], attempt)
                assert left.last_error
            assert await eventually(lambda: applied_texts(app)) == ["routed"]
        assert await stream_messages(service_settings["nats_url"]) == 1


async def _held(relay: Any) -> int:
    return int(relay.held)


class UndeletingRelay(OutboxRelay):
    """A relay that publishes but can never delete the rows, as if it died after the ack."""

    async def forget_published(self, session: Any, ids: list[Any]) -> None:
        raise RuntimeError("the process died before deleting the published rows")


async def test_rows_published_from_memory_but_never_deleted_are_stored_and_applied_once(
    service_settings: dict[str, Any], identities: Identities
) -> None:
    app = create_app(SampleSettings(**service_settings))
    async with running(app) as client:
        platform = app.state.platform
        await platform.relay.stop()
        dying = UndeletingRelay(platform.db, platform.bus, service="sample", poll_seconds=3600)
        platform.db.set_outbox_listener(dying)
        dying.start()
        await post_notes(client, identities, ["acked-not-deleted"])
        assert await eventually(lambda: applied_texts(app)) == ["acked-not-deleted"]
        await dying.stop()
        assert await count_rows(app, outbox) == 1
        platform.db.set_outbox_listener(platform.relay)
        platform.relay.start()
        assert await eventually(lambda: count_rows(app, outbox), until=lambda n: n == 0) == 0
        assert await applied_texts(app) == ["acked-not-deleted"]
    assert await stream_messages(service_settings["nats_url"]) == 1


class CommitNeverReported(OutboxRelay):
    """A relay told that rows are committing, but not yet that they committed: the moment a
    poll could read them before the commit hands them over."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.polled = asyncio.Event()
        """Set once a poll has finished: the background loop's first one has run by then."""

    def committed(self, rows: Any) -> None:
        return None

    async def publish_pending(self) -> int:
        published = await super().publish_pending()
        self.polled.set()
        return published


class TestCommitting:
    async def test_a_poll_leaves_rows_being_committed_to_memory(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**{**service_settings, "relay_poll_seconds": 3600}))
        async with running(app) as client:
            platform = app.state.platform
            await platform.relay.stop()
            relay = CommitNeverReported(
                platform.db, platform.bus, service="sample", poll_seconds=3600
            )
            platform.db.set_outbox_listener(relay)
            relay.start()
            try:
                # The loop's first poll must be over, or it may publish the row itself once
                # the commit is rolled back below, leaving nothing to the poll under test.
                await asyncio.wait_for(relay.polled.wait(), 30)
                await post_notes(client, identities, ["between commit and hand-over"])
                assert await count_rows(app, outbox) == 1
                assert await relay.publish_pending() == 0
                async with platform.db.read_sessions() as session:
                    rows = (await session.execute(select(outbox.c.id))).all()
                relay.rolled_back([{"id": row.id} for row in rows])
                assert await relay.publish_pending() == 1
            finally:
                await relay.stop()
                platform.db.set_outbox_listener(platform.relay)
        assert await stream_messages(service_settings["nats_url"]) == 1
