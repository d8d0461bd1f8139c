"""One rate limit across gateway replicas: two real gateway processes sharing one Redis admit one
credential's burst between them; without Redis each admits its own."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from deploy.local.processes import ManagedProcess
from tests.gateway.conftest import ADMIN_KEY, REDIS_URL
from tests.gateway.upstream import LoopbackServer, free_port
from tests.shared.polling import eventually

BURST = 5


def _environment(
    tmp_path: Path,
    servers: dict[str, LoopbackServer],
    identity_keys: tuple[bytes, bytes],
    port: int,
) -> dict[str, str]:
    return os.environ | {
        "PDP_GATEWAY_HOST": "127.0.0.1",
        "PDP_GATEWAY_PORT": str(port),
        "PDP_GATEWAY_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'gateway.db'}",
        "PDP_GATEWAY_VAR_DIR": str(tmp_path),
        "PDP_GATEWAY_INCIDENTS_URL": servers["incidents"].url,
        "PDP_GATEWAY_ORGANIZATIONS_URL": servers["organizations"].url,
        "PDP_GATEWAY_COUNTRY_TEAMS_URL": servers["country-teams"].url,
        "PDP_GATEWAY_BRIEFINGS_URL": servers["briefings"].url,
        "PDP_GATEWAY_IDENTITY_PRIVATE_KEY": identity_keys[0].decode(),
        "PDP_BOOTSTRAP_ADMIN_KEY": ADMIN_KEY,
        "PDP_GATEWAY_LOG_LEVEL": "WARNING",
        "PDP_GATEWAY_OPENAPI_REFRESH_SECONDS": "3600",
        # Nothing refills during the test: what is admitted is exactly the burst.
        "PDP_GATEWAY_RATE_LIMIT_PER_SECOND": "0.0001",
        "PDP_GATEWAY_RATE_LIMIT_BURST": str(BURST),
    }


@asynccontextmanager
async def gateway_process(
    name: str, env: dict[str, str], tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    """Run ``python -m gateway serve`` with ``env``; yield a client once it answers /livez."""
    log_path = tmp_path / f"{name}.log"
    process = ManagedProcess(
        name,
        [sys.executable, "-m", "gateway", "serve"],
        env=env,
        cwd=tmp_path,
        log_path=log_path,
    )
    base_url = f"http://127.0.0.1:{env['PDP_GATEWAY_PORT']}"
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:

            async def live() -> bool:
                assert process.exit_code() is None, log_path.read_text()
                try:
                    return (await client.get("/livez")).status_code == 200
                except httpx.TransportError:
                    return False

            await eventually(live, timeout=60, interval=0.1)
            yield client
    finally:
        await asyncio.to_thread(process.stop)


class TestReplicas:
    @pytest.mark.parametrize("shared", [True, False], ids=["redis", "in-process"])
    async def test_two_gateways_admit_one_burst_between_them_only_with_redis(
        self,
        shared: bool,
        redis_prefix: str,
        upstreams: dict[str, LoopbackServer],
        identity_keys: tuple[bytes, bytes],
        tmp_path: Path,
    ) -> None:
        environments = [
            _environment(tmp_path, upstreams, identity_keys, free_port()) for _ in range(2)
        ]
        if shared:
            for env in environments:
                env["PDP_GATEWAY_REDIS_URL"] = REDIS_URL
                env["PDP_GATEWAY_REDIS_KEY_PREFIX"] = redis_prefix
                # Generous: a decision taken in-process would make the count inexact.
                env["PDP_GATEWAY_REDIS_TIMEOUT_SECONDS"] = "10"
        async with (
            gateway_process("gateway-a", environments[0], tmp_path) as first,
            gateway_process("gateway-b", environments[1], tmp_path) as second,
        ):
            body = {"name": "replicas", "org": "UNRCCA", "roles": ["viewer"], "clearance": "public"}
            issued = await first.post(
                "/api/v1/api-keys", json=body, headers={"X-API-Key": ADMIN_KEY}
            )
            assert issued.status_code == 201, issued.text
            headers = {"X-API-Key": issued.json()["key"]}
            responses = [
                await (first, second)[index % 2].get("/api/v1/incidents/1", headers=headers)
                for index in range(4 * BURST)
            ]
        statuses = [response.status_code for response in responses]
        assert set(statuses) == {200, 429}, statuses
        assert statuses.count(200) == (BURST if shared else 2 * BURST), statuses
        for response in responses:
            if response.status_code == 429:
                assert int(response.headers["retry-after"]) > 1000
                assert response.headers["content-type"] == "application/problem+json"
