"""``pdp events`` against the running platform: an incident recorded through the gateway is
seen by ``tail`` (filtered by type), and ``replay`` runs a consumer of another service over it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pdp_cli.failures import EXIT_NOT_FOUND, EXIT_USAGE
from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.cli.invoking import invoke, json_lines, json_of, platform_env
from tests.e2e.gateway_platform import Platform, platform
from tests.incidents.factories import incident_payload
from tests.shared.polling import eventually

REPORTED = "pdp.incidents.incident.reported.v1"
CONSUMER = "briefings_incidents"


async def record_incident(running: Platform) -> str:
    """Record an incident through the gateway; return its id."""
    analyst = await running.key(Role.ANALYST, org="UNRCCA", clearance=Clearance.CONFIDENTIAL)
    created = await running.client.post(
        "/api/v1/incidents", json=incident_payload("KGZ"), headers=analyst
    )
    assert created.status_code == 201, created.text
    incident_id: str = created.json()["id"]
    return incident_id


async def tailed(env: dict[str, str], *args: str) -> list[dict[str, Any]]:
    """Return the events ``pdp events tail ARGS --json`` prints."""
    return json_lines(await invoke(["events", "tail", *args, "--json"], env))


class TestEventsOfThePlatform:
    async def test_tail_by_type_shows_the_incident_reported(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            incident_id = await record_incident(running)

            async def reported() -> list[dict[str, Any]]:
                return await tailed(env, "--type", REPORTED)

            lines = await eventually(reported, timeout=30, interval=0.2)
            assert [line["event"]["type"] for line in lines] == [REPORTED]
            assert lines[0]["stream"] == "PDP_INCIDENTS"
            assert incident_id in str(lines[0]["event"])
            assert await tailed(env, "--type", "pdp.incidents.incident.verified.v1") == []
            everything = await tailed(env, "--stream", "PDP_INCIDENTS")
            assert REPORTED in [line["event"]["type"] for line in everything]

    async def test_tail_by_country_and_category_of_the_incident(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            await record_incident(running)  # KGZ, water_energy_dispute

            async def in_kyrgyzstan() -> list[dict[str, Any]]:
                return await tailed(env, "--country", "KGZ", "--type", REPORTED)

            lines = await eventually(in_kyrgyzstan, timeout=30, interval=0.2)
            assert [line["subject"] for line in lines] == [f"{REPORTED}.KGZ.water_energy_dispute"]
            theme = await tailed(env, "--category", "water_energy_dispute")
            assert REPORTED in [line["event"]["type"] for line in theme]
            assert await tailed(env, "--country", "TJK") == []
            assert await tailed(env, "--country", "KGZ", "--category", "terrorism") == []

    async def test_replay_into_a_consumer_of_another_service(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            await record_incident(running)
            await eventually(lambda: tailed(env, "--type", REPORTED), timeout=30, interval=0.2)

            args = ["events", "replay", "--consumer", CONSUMER, "--from-seq", "1", "--json"]
            replayed = json_of(await invoke(args, env))
            assert replayed["service"] == "briefings"
            assert replayed["failed"] == 0
            assert replayed["applied"] + replayed["duplicates"] >= 1

            again = [*args[:-1], "--service", "briefings", "--reapply", "--json"]
            reapplied = json_of(await invoke(again, env))
            assert reapplied["applied"] >= 1
            assert reapplied["duplicates"] == 0

            since = await invoke(["events", "replay", "--consumer", CONSUMER, "--since", "1h"], env)
            assert since.exit_code == 0, since.output
            assert "applied" in since.stdout

    async def test_replay_finds_the_consumer_of_the_gateway(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            args = ["events", "replay", "--consumer", "gateway_sharing_terms", "--since", "1h"]
            replayed = json_of(await invoke([*args, "--json"], env))
            assert replayed["service"] == "gateway"
            assert replayed["failed"] == 0

    async def test_replay_into_an_unknown_consumer_is_refused(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = platform_env(running, nats_url)
            args = ["events", "replay", "--consumer", "nobody", "--from-seq", "1"]
            anywhere = await invoke(args, env)
            assert anywhere.exit_code == EXIT_NOT_FOUND
            assert "no service has a consumer 'nobody'" in anywhere.stderr
            in_one = await invoke([*args, "--service", "briefings"], env)
            assert in_one.exit_code == EXIT_NOT_FOUND
            assert CONSUMER in in_one.stderr  # the consumers it has are named

    async def test_replay_needs_a_starting_point(self) -> None:
        result = await invoke(["events", "replay", "--consumer", CONSUMER])
        assert result.exit_code == EXIT_USAGE
