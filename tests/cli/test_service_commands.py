"""The services' own command lines run the same event tasks as ``pdp``
(``pdp_common.events.operations``): list and re-drive a dead letter, refuse an unknown consumer."""

from __future__ import annotations

import asyncio
from pathlib import Path

from briefings.__main__ import cli
from pdp_common.testing.databases import DatabaseTarget
from typer.testing import CliRunner, Result

from tests.cli.invoking import service_env
from tests.cli.test_deadletters import dead_letter_of_a_good_event
from tests.e2e.gateway_platform import platform


async def briefings(args: list[str], env: dict[str, str]) -> Result:
    """Run ``python -m briefings ARGS`` in a worker thread."""
    runner = CliRunner()
    return await asyncio.to_thread(runner.invoke, cli, args, env=env, catch_exceptions=False)


class TestServiceCommands:
    async def test_list_and_redrive_a_dead_letter(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = service_env("briefings", running.settings["briefings"])
            env |= {"PDP_NATS_URL": nats_url, "COLUMNS": "250", "PDP_BRIEFINGS_LOG_LEVEL": "ERROR"}
            letter_id = str(await dead_letter_of_a_good_event(running, nats_url))

            listed = await briefings(["dead-letters"], env)
            assert listed.exit_code == 0, listed.output
            assert letter_id in listed.stdout

            redriven = await briefings(["redrive-dead-letter", letter_id], env)
            assert redriven.exit_code == 0, redriven.output
            assert letter_id not in (await briefings(["dead-letters"], env)).stdout

            again = await briefings(["redrive-dead-letter", letter_id], env)
            assert again.exit_code == 1, again.output

    async def test_replay_into_an_unknown_consumer_stops(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = service_env("briefings", running.settings["briefings"])
            env["PDP_NATS_URL"] = nats_url
            result = await briefings(["replay", "--consumer", "nobody", "--from-seq", "1"], env)
            assert result.exit_code == 2, result.output
