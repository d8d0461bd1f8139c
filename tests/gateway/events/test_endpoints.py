"""GET /api/v1/events/stream: order, resume after a disconnect, refusals."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pdp_common.identity import Role
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.conftest import ADMIN_KEY, GatewayFactory
from tests.gateway.events.conftest import REPORTED, WAIT_SECONDS, StreamingGateway
from tests.shared.polling import eventually


def incident(number: int, country: str = "AFG") -> dict[str, object]:
    return {
        "incident_id": f"00000000-0000-0000-0000-{number:012d}",
        "country": country,
        "category": "border_incident",
        "sensitivity": "internal",
        "number": number,
    }


class TestOrder:
    async def test_events_arrive_in_the_order_published(self, streaming: StreamingGateway) -> None:
        analyst = await streaming.key(Role.ANALYST)
        async with streaming.stream(analyst) as reader:
            for number in range(5):
                await streaming.publish(REPORTED, incident(number))
            async with asyncio.timeout(WAIT_SECONDS):
                events = await reader.events(5)
        assert [e.cloudevent()["data"]["number"] for e in events] == [0, 1, 2, 3, 4]
        assert [e.event for e in events] == [REPORTED] * 5
        ids = [e.id or 0 for e in events]
        assert ids == sorted(ids)
        assert len(set(ids)) == 5

    async def test_each_event_is_a_cloudevent(self, streaming: StreamingGateway) -> None:
        analyst = await streaming.key(Role.ANALYST)
        async with streaming.stream(analyst) as reader:
            event_id = await streaming.publish(REPORTED, incident(1))
            async with asyncio.timeout(WAIT_SECONDS):
                (event,) = await reader.events(1)
        cloudevent = event.cloudevent()
        assert cloudevent["id"] == event_id
        assert cloudevent["specversion"] == "1.0"
        assert cloudevent["type"] == REPORTED
        assert cloudevent["source"] == "/pdp/incidents"

    async def test_the_response_is_an_event_stream(self, streaming: StreamingGateway) -> None:
        analyst = await streaming.key(Role.ANALYST)
        async with streaming.client.stream(
            "GET", "/api/v1/events/stream", headers=analyst
        ) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            assert response.headers["cache-control"] == "no-store"
            assert response.headers["x-request-id"]


class TestResume:
    async def test_a_reconnection_resumes_without_gap_or_duplicate(
        self, streaming: StreamingGateway
    ) -> None:
        analyst = await streaming.key(Role.ANALYST)
        async with streaming.stream(analyst) as reader:
            for number in range(4):
                await streaming.publish(REPORTED, incident(number))
            async with asyncio.timeout(WAIT_SECONDS):
                first = await reader.events(3)
        last_id = first[-1].id
        for number in range(4, 8):
            await streaming.publish(REPORTED, incident(number))
        await streaming.sourced(8)
        resumed = {"Last-Event-ID": str(last_id), **analyst}
        async with streaming.stream(resumed) as reader:
            async with asyncio.timeout(WAIT_SECONDS):
                rest = await reader.events(5)
        numbers = [e.cloudevent()["data"]["number"] for e in [*first, *rest]]
        assert numbers == list(range(8))
        ids = [e.id or 0 for e in [*first, *rest]]
        assert ids == list(range(ids[0], ids[0] + 8))

    async def test_the_query_parameter_resumes_too(self, streaming: StreamingGateway) -> None:
        analyst = await streaming.key(Role.ANALYST)
        for number in range(3):
            await streaming.publish(REPORTED, incident(number))
        last = await streaming.sourced(3)
        async with streaming.stream(analyst, last_event_id=str(last - 2)) as reader:
            async with asyncio.timeout(WAIT_SECONDS):
                events = await reader.events(2)
        assert [e.cloudevent()["data"]["number"] for e in events] == [1, 2]

    async def test_without_a_position_only_new_events_come(
        self, streaming: StreamingGateway
    ) -> None:
        analyst = await streaming.key(Role.ANALYST)
        await streaming.publish(REPORTED, incident(1))
        await streaming.sourced(1)
        async with streaming.stream(analyst) as reader:
            await streaming.publish(REPORTED, incident(2))
            async with asyncio.timeout(WAIT_SECONDS):
                (event,) = await reader.events(1)
        assert event.cloudevent()["data"]["number"] == 2

    async def test_since_starts_at_a_time(self, streaming: StreamingGateway) -> None:
        analyst = await streaming.key(Role.ANALYST)
        await streaming.publish(REPORTED, incident(1))
        await streaming.sourced(1)
        async with streaming.stream(analyst, since="2026-01-01T00:00:00Z") as reader:
            async with asyncio.timeout(WAIT_SECONDS):
                (event,) = await reader.events(1)
        assert event.cloudevent()["data"]["number"] == 1

    async def test_a_position_the_stream_does_not_hold_is_gone(
        self, streaming: StreamingGateway
    ) -> None:
        analyst = await streaming.key(Role.ANALYST)
        response = await streaming.client.get(
            "/api/v1/events/stream", headers={"Last-Event-ID": "999999", **analyst}
        )
        assert response.status_code == 410, response.text
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["type"].endswith("/event-position-expired")
        assert problem["first_event_id"] >= 1


class TestCallers:
    async def test_a_bearer_token_opens_a_stream(self, streaming: StreamingGateway) -> None:
        body = {
            "subject": "analyst@unrcca.org",
            "org": "UNRCCA",
            "roles": ["analyst"],
            "clearance": "internal",
        }
        issued = await streaming.client.post("/dev-issuer/token", json=body)
        assert issued.status_code == 200, issued.text
        bearer = {"Authorization": f"Bearer {issued.json()['access_token']}"}
        async with streaming.stream(bearer) as reader:
            await streaming.publish(REPORTED, incident(1))
            async with asyncio.timeout(WAIT_SECONDS):
                (event,) = await reader.events(1)
        assert event.cloudevent()["data"]["number"] == 1

    async def test_a_partner_s_stream_is_audited_when_it_closes(
        self, streaming: StreamingGateway
    ) -> None:
        partner = await streaming.key(Role.PARTNER, org="OSCE")
        async with streaming.stream(partner, country="AFG"):
            pass

        async def records() -> list[dict[str, Any]]:
            response = await streaming.client.get(
                "/api/v1/audit-records",
                params={"path_prefix": "/api/v1/events/stream"},
                headers={"X-API-Key": ADMIN_KEY},
            )
            assert response.status_code == 200, response.text
            items: list[dict[str, Any]] = response.json()["items"]
            return items

        (record,) = await eventually(records, timeout=WAIT_SECONDS)
        assert (record["action"], record["org"], record["status"]) == ("read", "OSCE", 200)
        assert record["query"] == "country=AFG"


class TestRefusals:
    async def test_credentials_are_required(self, streaming: StreamingGateway) -> None:
        response = await streaming.client.get("/api/v1/events/stream")
        assert response.status_code == 401, response.text
        assert response.headers["content-type"] == "application/problem+json"

    async def test_a_bad_filter_is_refused(self, streaming: StreamingGateway) -> None:
        analyst = await streaming.key(Role.ANALYST)
        for params in ({"country": "kgz"}, {"type": "incident"}, {"category": "Border"}):
            response = await streaming.client.get(
                "/api/v1/events/stream", headers=analyst, params=params
            )
            assert response.status_code == 422, response.text
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["type"].endswith("/event-filter-invalid")

    async def test_a_bad_position_is_refused(self, streaming: StreamingGateway) -> None:
        analyst = await streaming.key(Role.ANALYST)
        response = await streaming.client.get(
            "/api/v1/events/stream", headers={"Last-Event-ID": "latest", **analyst}
        )
        assert response.status_code == 422, response.text
        assert response.json()["type"].endswith("/event-position-invalid")

    async def test_a_time_without_zone_is_refused(self, streaming: StreamingGateway) -> None:
        analyst = await streaming.key(Role.ANALYST)
        response = await streaming.client.get(
            "/api/v1/events/stream", headers=analyst, params={"since": "2026-12-01T00:00:00"}
        )
        assert response.status_code == 422, response.text


class TestWithoutBroker:
    @pytest.mark.backends("sqlite")
    async def test_the_stream_is_unavailable(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database) as harness:
            key, _ = await harness.issue_key(Role.ANALYST)
            response = await harness.client.get("/api/v1/events/stream", headers={"X-API-Key": key})
        assert response.status_code == 503, response.text
        assert response.json()["type"].endswith("/events-unavailable")
        assert response.headers["retry-after"]
