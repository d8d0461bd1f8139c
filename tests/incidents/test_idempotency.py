"""Create with Idempotency-Key, and references allocated safely under concurrency."""

from __future__ import annotations

import asyncio

import httpx

from tests.incidents.factories import Callers, incident_payload


class TestIdempotentCreate:
    async def test_retry_returns_the_first_response(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        payload = incident_payload()
        headers = callers.analyst | {"Idempotency-Key": "report-42"}
        first = await client.post("/api/v1/incidents", json=payload, headers=headers)
        again = await client.post("/api/v1/incidents", json=payload, headers=headers)
        assert first.status_code == 201, first.text
        assert again.status_code == 201, again.text
        assert again.json()["id"] == first.json()["id"]
        assert again.headers["idempotent-replayed"] == "true"
        count = await client.get("/api/v1/incidents/count", headers=callers.analyst)
        assert count.json() == {"count": 1}

    async def test_same_key_other_body_is_refused(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        headers = callers.analyst | {"Idempotency-Key": "report-43"}
        first = await client.post("/api/v1/incidents", json=incident_payload(), headers=headers)
        assert first.status_code == 201, first.text
        other = await client.post(
            "/api/v1/incidents", json=incident_payload(severity=5), headers=headers
        )
        assert other.status_code == 422, other.text

    async def test_partner_record_is_recorded_once(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        payload = incident_payload(origin={"org": "UNAMA", "external_id": "U-1"})
        first = await client.post("/api/v1/incidents", json=payload, headers=callers.analyst)
        again = await client.post("/api/v1/incidents", json=payload, headers=callers.analyst)
        assert first.status_code == 201, first.text
        assert again.status_code == 409, again.text
        assert again.json()["reference"] == first.json()["reference"]


class TestReferences:
    async def test_concurrent_creates_get_distinct_consecutive_references(
        self, client: httpx.AsyncClient, callers: Callers
    ) -> None:
        responses = await asyncio.gather(
            *[
                client.post("/api/v1/incidents", json=incident_payload(), headers=callers.analyst)
                for _ in range(8)
            ]
        )
        assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
        numbers = sorted(int(r.json()["reference"].rsplit("-", 1)[1]) for r in responses)
        assert numbers == list(range(1, 9))
