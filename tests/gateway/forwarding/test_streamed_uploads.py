"""An import job's upload goes through the gateway as it arrives, within its own limit."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.conftest import GatewayFactory, GatewayHarness
from tests.gateway.upstream import UPLOAD_PROBES

JOBS = "/api/v1/incidents/imports/jobs"
MIB = 1_048_576


async def analyst(gateway: GatewayHarness) -> dict[str, str]:
    key, _ = await gateway.issue_key(Role.ANALYST, clearance=Clearance.CONFIDENTIAL)
    return {"X-API-Key": key, "Content-Type": "text/csv"}


async def upload(
    gateway: GatewayHarness, chunks: int, *, headers: dict[str, str], wait_for_upstream: bool
) -> tuple[int, dict[str, object]]:
    """Send ``chunks`` MiB; with ``wait_for_upstream``, send the rest only once the service has
    the first chunk (which cannot happen if the gateway read the body whole first)."""
    probe = uuid.uuid4().hex
    arrived = UPLOAD_PROBES.setdefault(probe, asyncio.Event())

    async def body() -> AsyncIterator[bytes]:
        yield b"x" * MIB
        if wait_for_upstream:
            await asyncio.wait_for(arrived.wait(), timeout=30)
        for _ in range(chunks - 1):
            yield b"x" * MIB

    response = await gateway.client.post(
        JOBS, content=body(), headers=headers | {"X-Upload-Probe": probe}
    )
    return response.status_code, response.json()


class TestStreamedUpload:
    async def test_the_service_reads_the_upload_before_it_has_all_arrived(
        self, gateway: GatewayHarness
    ) -> None:
        headers = await analyst(gateway)
        status, body = await upload(gateway, 3, headers=headers, wait_for_upstream=True)
        assert (status, body["body_length"]) == (202, 3 * MIB)

    async def test_an_upload_larger_than_the_import_limit_goes_through(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database, import_max_body_bytes=MIB) as gateway:
            headers = await analyst(gateway)
            status, body = await upload(gateway, 4, headers=headers, wait_for_upstream=False)
        assert (status, body["body_length"]) == (202, 4 * MIB)

    async def test_past_the_job_limit_the_upload_is_refused_413(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database, import_job_max_body_bytes=2 * MIB) as gateway:
            headers = await analyst(gateway)
            status, body = await upload(gateway, 4, headers=headers, wait_for_upstream=False)
        assert (status, body["status"]) == (413, 413)

    async def test_a_declared_length_past_the_job_limit_is_refused_unread(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database, import_job_max_body_bytes=MIB) as gateway:
            headers = await analyst(gateway)
            response = await gateway.client.post(JOBS, content=b"x" * (MIB + 1), headers=headers)
        assert response.status_code == 413

    async def test_a_stalled_upload_is_refused_408(
        self, make_gateway: GatewayFactory, database: DatabaseTarget
    ) -> None:
        async with make_gateway(database, body_read_timeout_seconds=0.2) as gateway:
            headers = await analyst(gateway)

            async def stalling() -> AsyncIterator[bytes]:
                yield b"x" * 1024
                await asyncio.sleep(5)
                yield b"x"

            response = await gateway.client.post(JOBS, content=stalling(), headers=headers)
        assert (response.status_code, response.json()["status"]) == (408, 408)

    @pytest.mark.parametrize("method", ["PUT", "PATCH"])
    async def test_other_methods_keep_the_import_limit(
        self, make_gateway: GatewayFactory, database: DatabaseTarget, method: str
    ) -> None:
        async with make_gateway(database, import_max_body_bytes=MIB) as gateway:
            headers = await analyst(gateway)
            response = await gateway.client.request(
                method, JOBS, content=b"x" * (MIB + 1), headers=headers
            )
        assert response.status_code == 413
