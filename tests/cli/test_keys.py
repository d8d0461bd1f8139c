"""``pdp keys`` against the real gateway: issue, list, revoke, and the gateway's refusals."""

from __future__ import annotations

import uuid
from pathlib import Path

from pdp_cli.failures import EXIT_FAILED, EXIT_NOT_FOUND
from pdp_common.testing.databases import DatabaseTarget

from tests.cli.invoking import invoke, json_of, platform_env
from tests.e2e.gateway_platform import platform

ISSUE = ["keys", "issue", "--name", "UNAMA feed", "--org", "UNAMA", "--role", "partner"]


class TestKeys:
    async def test_issue_list_and_revoke(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            issued = json_of(await invoke([*ISSUE, "--clearance", "internal", "--json"], env))
            assert issued["org"] == "UNAMA"
            assert issued["roles"] == ["partner"]
            assert issued["clearance"] == "internal"
            works = await running.client.get(
                "/api/v1/incidents", headers={"X-API-Key": issued["key"]}
            )
            assert works.status_code == 200, works.text

            listed = json_of(await invoke(["keys", "list", "--org", "UNAMA", "--json"], env))
            assert [k["id"] for k in listed] == [issued["id"]]
            assert all("key" not in k for k in listed)

            revoked = json_of(await invoke(["keys", "revoke", issued["id"], "--json"], env))
            assert revoked["revoked_at"] is not None
            refused = await running.client.get(
                "/api/v1/incidents", headers={"X-API-Key": issued["key"]}
            )
            assert refused.status_code == 401, refused.text

            active = json_of(await invoke(["keys", "list", "--org", "UNAMA", "--json"], env))
            assert active == []
            everything = ["keys", "list", "--org", "UNAMA", "--include-revoked", "--json"]
            assert [k["id"] for k in json_of(await invoke(everything, env))] == [issued["id"]]

    async def test_the_table_shows_the_secret_once_and_names_the_key(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            result = await invoke(ISSUE, env)
            assert result.exit_code == 0, result.output
            assert "UNAMA feed" in result.stdout
            assert "shown this once" in result.stderr
            table = await invoke(["keys", "list"], env)
            assert table.exit_code == 0, table.output
            assert "UNAMA" in table.stdout

    async def test_a_bad_key_is_refused_readably(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url, api_key="pdp_not-a-key-at-all-0000000000")
            result = await invoke(["keys", "list"], env)
            assert result.exit_code == EXIT_FAILED, result.output
            assert "(401)" in result.stderr
            assert "Traceback" not in result.output
            assert result.stdout == ""

    async def test_a_key_without_the_admin_role_is_forbidden(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            partner = json_of(await invoke([*ISSUE, "--json"], env))
            result = await invoke(["keys", "list"], env | {"PDP_API_KEY": partner["key"]})
            assert result.exit_code == EXIT_FAILED, result.output
            assert "(403)" in result.stderr

    async def test_invalid_fields_are_listed(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            args = ["keys", "issue", "--name", "x", "--org", "not an org", "--role", "viewer"]
            result = await invoke(args, env)
            assert result.exit_code == EXIT_FAILED, result.output
            assert "(422)" in result.stderr
            assert "org" in result.stderr

    async def test_revoking_an_unknown_key_is_not_found(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            result = await invoke(["keys", "revoke", str(uuid.uuid4())], env)
            assert result.exit_code == EXIT_NOT_FOUND, result.output
            assert "(404)" in result.stderr
