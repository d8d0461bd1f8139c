"""Run ``pdp`` as an operator would, against the platform of a test.

The platform of a test serves from the test's own event loop, so the command runs in a worker
thread (it starts its own loop, as on a terminal) with typer's ``CliRunner``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from typing import Any

from pdp_cli.main import app
from pdp_common.settings import ServiceSettings
from typer.testing import CliRunner, Result

from tests.e2e.gateway_platform import ADMIN_KEY, Platform


def service_env(name: str, settings: ServiceSettings) -> dict[str, str]:
    """Return the variables that point a service's settings at the database of ``settings``."""
    prefix = "PDP_" + name.upper().replace("-", "_") + "_"
    env = {
        prefix + "DATABASE_URL": settings.database_url,
        prefix + "VAR_DIR": str(settings.var_dir),
    }
    if settings.database_schema:
        env[prefix + "DATABASE_SCHEMA"] = settings.database_schema
    return env


def platform_env(
    running: Platform, nats_url: str, *, api_key: str | None = ADMIN_KEY
) -> dict[str, str]:
    """Return the environment of an operator of the running platform."""
    env: dict[str, str] = {"PDP_GATEWAY_URL": running.url, "PDP_NATS_URL": nats_url}
    if api_key is not None:
        env["PDP_API_KEY"] = api_key
    for name, settings in running.settings.items():
        env |= service_env(name, settings)
    env |= service_env("gateway", running.gateway.state.settings)
    return env


def invoke_now(args: Sequence[str], env: Mapping[str, str] | None = None) -> Result:
    """Run ``pdp args`` in this thread and return its result (exit code, output, error)."""
    # Tables as wide as they need, whatever terminal (or none) the test suite runs in.
    wide = {"COLUMNS": "400"} | dict(env or {})
    return CliRunner().invoke(app, list(args), env=wide, catch_exceptions=False)


async def invoke(args: Sequence[str], env: Mapping[str, str] | None = None) -> Result:
    """Run ``pdp args`` in a worker thread, the test's loop serving meanwhile."""
    return await asyncio.to_thread(invoke_now, args, env)


def output_of(result: Result) -> str:
    """Return what the command printed on standard output, without the log lines the test's
    platform wrote meanwhile (it serves in this process, and logs to whatever stdout is)."""
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
    return "".join(line for line in result.stdout.splitlines(keepends=True) if not _is_log(line))


def _is_log(line: str) -> bool:
    if not line.startswith('{"timestamp"'):
        return False
    try:
        record = json.loads(line)
    except ValueError:
        return False
    return isinstance(record, dict) and {"level", "logger", "message"} <= record.keys()


def json_of(result: Result) -> Any:
    """Return the one JSON document ``result`` printed, failing with its output if it did not."""
    return json.loads(output_of(result))


def json_lines(result: Result) -> list[Any]:
    """Return the JSON lines ``result`` printed."""
    return [json.loads(line) for line in output_of(result).splitlines() if line.strip()]
