"""A committed write's event reaches a consumer exactly once, whatever fails in between."""

from __future__ import annotations

from typing import Any

import nats
import pytest
from pdp_common.events.relay import OutboxRelay
from pdp_common.platform_tables import outbox
from pdp_common.testing.apps import Identities, running
from pdp_common.testing.nats_server import NatsServer
from sqlalchemy import select

from tests.shared.polling import eventually
from tests.shared.sample.service import Note, SampleSettings, applied_texts, count_rows, create_app


async def stream_messages(url: str, stream: str = "PDP_SAMPLE") -> int:
    nc = await nats.connect(url)
    try:
        info = await nc.jetstream().stream_info(stream)
        return int(info.state.messages)
    finally:
        await nc.close()


class CrashingRelay(OutboxRelay):
    """A relay whose process dies after the broker acknowledged, before the rows are deleted."""

    async def forget_published(self, session: Any, ids: list[Any]) -> None:
        raise SystemExit("relay process killed between publish and delete")


class TestOutbox:
    async def test_failed_business_write_leaves_no_event(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            r = await client.post(
                "/api/v1/notes", json={"text": "fail-after-event"}, headers=identities.headers()
            )
            assert r.status_code == 500, r.text
            assert r.headers["content-type"] == "application/problem+json"
            assert await count_rows(app, outbox) == 0
            assert await count_rows(app, Note) == 0
            ok = await client.post(
                "/api/v1/notes", json={"text": "ok"}, headers=identities.headers()
            )
            assert ok.status_code == 201, ok.text
            assert await eventually(lambda: applied_texts(app)) == ["ok"]
        assert await stream_messages(service_settings["nats_url"]) == 1

    async def test_event_survives_nats_outage_during_write(
        self,
        service_settings: dict[str, Any],
        identities: Identities,
        nats_server: NatsServer,
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await eventually(lambda: _ready(app))
            nats_server.stop()
            try:
                r = await client.post(
                    "/api/v1/notes", json={"text": "during-outage"}, headers=identities.headers()
                )
                assert r.status_code == 201, r.text
                pending = await app.state.platform.relay.backlog()
                assert pending == 1
            finally:
                nats_server.start()
            assert await eventually(lambda: applied_texts(app), timeout=30) == ["during-outage"]
            assert await eventually(app.state.platform.relay.backlog, until=lambda n: n == 0) == 0
        assert await stream_messages(service_settings["nats_url"]) == 1

    async def test_relay_killed_between_publish_and_delete_delivers_once(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            platform = app.state.platform
            await platform.relay.stop()
            r = await client.post(
                "/api/v1/notes", json={"text": "crash"}, headers=identities.headers()
            )
            assert r.status_code == 201, r.text
            crashing = CrashingRelay(platform.db, platform.bus, service="sample")
            with pytest.raises(SystemExit):
                await crashing.publish_pending()
            assert await platform.relay.backlog() == 1
            platform.relay.start()
            platform.relay.wake()
            await eventually(platform.relay.backlog, until=lambda n: n == 0)
            assert await eventually(lambda: applied_texts(app)) == ["crash"]
        assert await stream_messages(service_settings["nats_url"]) == 1

    async def test_events_keep_commit_order_per_service(
        self, service_settings: dict[str, Any], identities: Identities
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        texts = [f"note-{i:02d}" for i in range(20)]
        async with running(app) as client:
            for text in texts:
                r = await client.post(
                    "/api/v1/notes", json={"text": text}, headers=identities.headers()
                )
                assert r.status_code == 201, r.text
            applied = await eventually(lambda: applied_texts(app), until=lambda v: len(v) == 20)
        assert sorted(applied) == texts


async def _ready(app: Any) -> bool:
    return bool(
        app.state.platform.bus.is_connected
        and all(c.ready.is_set() for c in app.state.platform.consumers)
    )


async def test_written_rows_carry_the_event(
    service_settings: dict[str, Any], identities: Identities
) -> None:
    app = create_app(SampleSettings(**service_settings))
    async with running(app) as client:
        r = await client.post("/api/v1/notes", json={"text": "shape"}, headers=identities.headers())
        assert r.status_code == 201, r.text
        async with app.state.platform.db.read_sessions() as session:
            row = (await session.execute(select(outbox))).one()
    assert row.subject == "pdp.sample.note.created.v1._._"  # no country, no category
    assert row.headers.get("traceparent")
