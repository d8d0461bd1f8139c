"""``pdp demo load`` against the running platform: each service's loader fills its database once,
and the demo personas' keys then work through the gateway."""

from __future__ import annotations

import json
from pathlib import Path

from pdp_cli.demo import ORDER
from pdp_cli.failures import EXIT_FAILED
from pdp_common.testing.databases import DatabaseTarget

from tests.cli.invoking import invoke, json_of, platform_env
from tests.e2e.gateway_platform import platform


class TestDemoLoad:
    async def test_loads_once_and_the_personas_can_read(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            first = json_of(await invoke(["demo", "load", "--json"], env))
            assert [o["service"] for o in first] == list(ORDER)
            assert all(o["added"] > 0 for o in first), first

            second = json_of(await invoke(["demo", "load", "--json"], env))
            assert [o["added"] for o in second] == [0] * len(ORDER)

            analyst = (tmp_path / "demo-keys" / "analyst").read_text(encoding="utf-8").strip()
            listed = await running.client.get("/api/v1/incidents", headers={"X-API-Key": analyst})
            assert listed.status_code == 200, listed.text
            assert listed.json()["items"]

    async def test_one_service_only_and_a_table_for_people(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            result = await invoke(["demo", "load", "--service", "organizations"], env)
            assert result.exit_code == 0, result.output
            assert "organizations" in result.stdout
            assert "incidents" not in result.stdout

    async def test_a_failing_loader_is_reported_and_the_others_still_run(
        self, tmp_path: Path
    ) -> None:
        env = {"PDP_ORGANIZATIONS_DATABASE_URL": "postgresql+asyncpg://nobody@127.0.0.1:1/none"}
        env |= {
            "PDP_GATEWAY_VAR_DIR": str(tmp_path),
            "PDP_GATEWAY_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/gateway.db",
        }
        result = await invoke(
            ["demo", "load", "--service", "organizations", "--service", "gateway", "--json"], env
        )
        assert result.exit_code == EXIT_FAILED
        assert "demo data not loaded into organizations" in result.stderr
        outcomes = json.loads(result.stdout.splitlines()[-1])
        assert [o["service"] for o in outcomes] == ["organizations", "gateway"]
        assert "error" in outcomes[0]
        assert outcomes[1]["added"] > 0
