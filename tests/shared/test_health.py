"""Readiness while the broker is away: still 200, "degraded", with the outbox backlog; and back.

Real nats-server, real databases: the broker is stopped (or loses its store) under a running
service, writes go on, and the service catches up when the broker returns.
"""

from __future__ import annotations

import shutil
from typing import Any

import httpx
from pdp_common.testing.apps import Identities, running
from pdp_common.testing.nats_server import NatsServer

from tests.shared.events.test_delivery import stream_messages
from tests.shared.polling import eventually
from tests.shared.sample.service import SampleSettings, applied_texts, create_app


async def _readiness(client: httpx.AsyncClient) -> httpx.Response:
    return await client.get("/readyz")


def _status_is(status: str) -> Any:
    return lambda r: r.status_code == 200 and r.json()["status"] == status


async def _connected_and_consuming(app: Any) -> bool:
    platform = app.state.platform
    return bool(platform.bus.is_connected and all(c.ready.is_set() for c in platform.consumers))


class TestReadiness:
    async def test_ready_reports_checks_and_an_empty_outbox(
        self, service_settings: dict[str, Any]
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            assert (await client.get("/livez")).status_code == 200
            ready = await eventually(lambda: _readiness(client), until=_status_is("ok"))
        assert ready.json() == {
            "status": "ok",
            "checks": {"database": "ok", "nats": "ok"},
            "nats": {"server": service_settings["nats_url"]},
            "outbox": {"backlog": 0},
        }

    async def test_broker_away_is_degraded_writes_succeed_and_catch_up(
        self,
        service_settings: dict[str, Any],
        identities: Identities,
        nats_server: NatsServer,
    ) -> None:
        app = create_app(SampleSettings(**service_settings))
        async with running(app) as client:
            await eventually(lambda: _connected_and_consuming(app))
            nats_server.stop()
            try:
                down = await eventually(lambda: _readiness(client), until=_status_is("degraded"))
                assert down.json()["checks"] == {
                    "database": "ok",
                    "nats": "unavailable: disconnected",
                }
                assert down.json()["nats"] == {"server": None}
                for text in ("away-1", "away-2"):
                    r = await client.post(
                        "/api/v1/notes", json={"text": text}, headers=identities.headers()
                    )
                    assert r.status_code == 201, r.text
                listed = await client.get("/api/v1/notes", headers=identities.headers())
                assert listed.status_code == 200, listed.text
                waiting = await _readiness(client)
                assert waiting.status_code == 200, waiting.text
                assert waiting.json()["status"] == "degraded"
                assert waiting.json()["outbox"] == {"backlog": 2}
            finally:
                nats_server.start()
            back = await eventually(
                lambda: _readiness(client),
                until=lambda r: _status_is("ok")(r) and r.json()["outbox"]["backlog"] == 0,
                timeout=30,
            )
            assert back.json()["checks"] == {"database": "ok", "nats": "ok"}
            applied = await eventually(
                lambda: applied_texts(app), until=lambda v: len(v) == 2, timeout=30
            )
            assert sorted(applied) == ["away-1", "away-2"]
        assert await stream_messages(service_settings["nats_url"]) == 2

    async def test_broker_back_without_its_store_gets_the_streams_again(
        self,
        service_settings: dict[str, Any],
        identities: Identities,
        nats_server: NatsServer,
    ) -> None:
        app = create_app(SampleSettings(**service_settings), subscriptions=[])
        async with running(app) as client:
            await eventually(lambda: _connected_and_consuming(app))
            nats_server.stop()
            try:
                shutil.rmtree(nats_server.store_dir / "js")
                r = await client.post(
                    "/api/v1/notes", json={"text": "after-loss"}, headers=identities.headers()
                )
                assert r.status_code == 201, r.text
            finally:
                nats_server.start()
            await eventually(
                lambda: _readiness(client),
                until=lambda r: _status_is("ok")(r) and r.json()["outbox"]["backlog"] == 0,
                timeout=30,
            )
        assert await stream_messages(service_settings["nats_url"]) == 1
