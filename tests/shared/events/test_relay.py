"""The relay publishes committed rows from memory at once, and polls for everything else."""

from __future__ import annotations

from typing import Any

import pytest
from pdp_common import metrics
from pdp_common.events import relay as relay_module
from pdp_common.events.relay import OutboxRelay
from pdp_common.platform_tables import outbox
from pdp_common.testing.apps import Identities, running

from tests.shared.events.test_delivery import stream_messages
from tests.shared.polling import eventually
from tests.shared.sample.service import (
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


async def _held(relay: Any) -> int:
    return int(relay.held)


class UnmarkingRelay(OutboxRelay):
    """A relay that publishes but can never mark rows published, as if it died after the ack."""

    async def mark_published(self, session: Any, ids: list[Any], now: Any) -> None:
        raise RuntimeError("the process died before marking the rows published")


async def test_rows_published_from_memory_but_never_marked_are_stored_and_applied_once(
    service_settings: dict[str, Any], identities: Identities
) -> None:
    app = create_app(SampleSettings(**service_settings))
    async with running(app) as client:
        platform = app.state.platform
        await platform.relay.stop()
        dying = UnmarkingRelay(platform.db, platform.bus, service="sample", poll_seconds=3600)
        platform.db.set_outbox_listener(dying.committed)
        dying.start()
        await post_notes(client, identities, ["acked-not-marked"])
        assert await eventually(lambda: applied_texts(app)) == ["acked-not-marked"]
        await dying.stop()
        assert await platform.relay.backlog() == 1
        platform.db.set_outbox_listener(platform.relay.committed)
        platform.relay.start()
        assert await eventually(platform.relay.backlog, until=lambda n: n == 0) == 0
        assert await applied_texts(app) == ["acked-not-marked"]
    assert await stream_messages(service_settings["nats_url"]) == 1
