"""``pdp imports`` against the real gateway and incidents service: start a job, watch it to the
end, read its report, and the refusals (unknown job, cancelling a finished one, a bad file)."""

from __future__ import annotations

import uuid
from pathlib import Path

from pdp_cli.failures import EXIT_FAILED, EXIT_NOT_FOUND
from pdp_common.testing.databases import DatabaseTarget

from tests.cli.invoking import invoke, json_lines, json_of, platform_env
from tests.e2e.gateway_platform import Platform, platform
from tests.incidents.test_imports import ACLED_ROWS, acled_csv

ROWS = 40


def write_csv(tmp_path: Path) -> Path:
    """Write an ACLED-style CSV of ``ROWS`` good rows and one bad one; return its path."""
    rows = [ACLED_ROWS[0] | {"event_id_cnty": f"KGZ{n}"} for n in range(ROWS)]
    rows.append(ACLED_ROWS[1] | {"event_id_cnty": "KGZ-BAD"})
    path = tmp_path / "acled.csv"
    path.write_text(acled_csv(rows), encoding="utf-8")
    return path


async def analyst_env(running: Platform, nats_url: str) -> dict[str, str]:
    """Issue an analyst's key with ``pdp keys issue`` and return the environment that uses it."""
    env = platform_env(running, nats_url)
    args = ["keys", "issue", "--name", "importer", "--org", "UNRCCA", "--role", "analyst"]
    issued = json_of(await invoke([*args, "--clearance", "confidential", "--json"], env))
    return env | {"PDP_API_KEY": issued["key"]}


class TestImports:
    async def test_start_and_watch_to_the_end_then_read_the_report(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        file = write_csv(tmp_path)
        async with platform(database, nats_url, tmp_path) as running:
            env = await analyst_env(running, nats_url)
            args = ["imports", "start", str(file), "--origin-org", "ACLED", "--watch"]
            lines = json_lines(await invoke([*args, "--interval", "0.2", "--json"], env))
            submitted, final = lines[0], lines[-1]
            assert submitted["state"] == "queued"
            assert submitted["links"]["self"].endswith(submitted["id"])
            assert final["id"] == submitted["id"]
            assert final["state"] == "succeeded", final
            assert final["progress"] == {
                "rows_read": ROWS + 1, "accepted": ROWS, "rejected": 1, "duplicates": 0,
            }  # fmt: skip

            report = json_of(await invoke(["imports", "report", final["id"], "--json"], env))
            assert [row["row"] for row in report] == [ROWS + 1]
            watched = await invoke(["imports", "watch", final["links"]["self"]], env)
            assert watched.exit_code == 0, watched.output
            assert "succeeded" in watched.stdout

    async def test_start_without_watching_tells_how_to_follow(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        file = write_csv(tmp_path)
        async with platform(database, nats_url, tmp_path) as running:
            env = await analyst_env(running, nats_url)
            result = await invoke(["imports", "start", str(file)], env)
            assert result.exit_code == 0, result.output
            assert "pdp imports watch" in result.stderr

    async def test_cancelling_a_finished_job_is_refused(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        file = write_csv(tmp_path)
        async with platform(database, nats_url, tmp_path) as running:
            env = await analyst_env(running, nats_url)
            start = ["imports", "start", str(file), "--watch", "--interval", "0.2", "--json"]
            final = json_lines(await invoke(start, env))[-1]
            result = await invoke(["imports", "cancel", final["id"]], env)
            assert result.exit_code == EXIT_FAILED, result.output
            assert "(409)" in result.stderr

    async def test_an_unknown_job_is_not_found(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as running:
            env = await analyst_env(running, nats_url)
            for command in ("watch", "cancel", "report"):
                result = await invoke(["imports", command, str(uuid.uuid4())], env)
                assert result.exit_code == EXIT_NOT_FOUND, (command, result.output)
                assert "(404)" in result.stderr

    async def test_a_file_that_is_no_import_is_refused(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        file = tmp_path / "notes.json"
        file.write_text("this is not JSON", encoding="utf-8")
        async with platform(database, nats_url, tmp_path) as running:
            env = await analyst_env(running, nats_url)
            result = await invoke(["imports", "start", str(file)], env)
            assert result.exit_code == EXIT_FAILED, result.output
            assert "Traceback" not in result.output
            assert result.stderr.startswith("pdp: ")
