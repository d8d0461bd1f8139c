"""The ``pdp`` command itself: help on every command, the installed script, global options and
the failures every command shares (no key, gateway or NATS unreachable)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from pdp_cli.failures import EXIT_FAILED, EXIT_UNREACHABLE, EXIT_USAGE
from pdp_cli.main import app

from tests.cli.invoking import invoke_now

COMMANDS = [
    (),
    ("events",),
    ("events", "tail"),
    ("events", "replay"),
    ("deadletters",),
    ("deadletters", "list"),
    ("deadletters", "show"),
    ("deadletters", "redrive"),
    ("keys",),
    ("keys", "issue"),
    ("keys", "list"),
    ("keys", "revoke"),
    ("imports",),
    ("imports", "start"),
    ("imports", "watch"),
    ("imports", "cancel"),
    ("imports", "report"),
    ("demo",),
    ("demo", "load"),
]


def command_paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Return the path of ``command`` and of every command under it."""
    paths = [path]
    for name, sub in getattr(command, "commands", {}).items():
        paths += command_paths(sub, (*path, name))
    return paths


def closed_port() -> int:
    """Return a loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class TestHelp:
    def test_every_command_is_listed_here(self) -> None:
        assert sorted(command_paths(typer.main.get_command(app))) == sorted(COMMANDS)

    @pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "pdp")
    def test_every_command_explains_itself(self, path: tuple[str, ...]) -> None:
        result = invoke_now([*path, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage: pdp" in result.stdout
        assert len(result.stdout.split("Usage:", 1)[1].strip().splitlines()) > 2

    def test_json_is_offered_by_every_command_that_prints_data(self) -> None:
        leaves = [p for p in COMMANDS if len(p) == 2]
        for path in leaves:
            assert "--json" in invoke_now([*path, "--help"]).stdout, path

    def test_the_installed_script_runs(self) -> None:
        script = Path(sys.executable).parent / "pdp"
        done = subprocess.run(
            [str(script), "--help"], capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr
        assert "events" in done.stdout
        assert "deadletters" in done.stdout

    def test_without_a_command_it_shows_the_groups(self) -> None:
        result = invoke_now([])
        assert "keys" in result.output
        assert result.exit_code in {0, EXIT_USAGE}


class TestSharedFailures:
    def test_gateway_commands_need_an_api_key(self) -> None:
        result = invoke_now(["keys", "list"], env={"PDP_API_KEY": ""})
        assert result.exit_code == EXIT_FAILED
        assert "no API key" in result.stderr
        assert "Traceback" not in result.output

    def test_an_unreachable_gateway_is_named(self) -> None:
        url = f"http://127.0.0.1:{closed_port()}"
        result = invoke_now(["--gateway-url", url, "--api-key", "k", "keys", "list"])
        assert result.exit_code == EXIT_UNREACHABLE
        assert f"cannot reach the gateway at {url}" in result.stderr

    def test_an_unreachable_gateway_while_watching_an_import(self) -> None:
        url = f"http://127.0.0.1:{closed_port()}"
        args = ["--gateway-url", url, "--api-key", "k", "imports", "watch", "0" * 8]
        result = invoke_now(args)
        assert result.exit_code == EXIT_UNREACHABLE, result.output

    def test_unreachable_nats_is_named(self) -> None:
        url = f"nats://127.0.0.1:{closed_port()}"
        result = invoke_now(["--nats-url", url, "events", "tail"])
        assert result.exit_code == EXIT_UNREACHABLE
        assert f"cannot reach NATS at {url}" in result.stderr

    def test_a_missing_database_is_not_created(self, tmp_path: Path) -> None:
        missing = tmp_path / "incidents.db"
        env = {"PDP_INCIDENTS_DATABASE_URL": f"sqlite+aiosqlite:///{missing}"}
        result = invoke_now(["deadletters", "list", "--service", "incidents"], env=env)
        assert result.exit_code == EXIT_UNREACHABLE
        assert "no incidents database" in result.stderr
        assert not missing.exists()

    def test_an_unknown_service_is_refused(self) -> None:
        result = invoke_now(["deadletters", "list", "--service", "nowhere"])
        assert result.exit_code == EXIT_FAILED
        assert "unknown service nowhere" in result.stderr

    def test_a_bad_time_is_a_usage_error(self) -> None:
        result = invoke_now(["events", "tail", "--since", "yesterday"])
        assert result.exit_code == EXIT_USAGE
        assert "15m" in result.stderr
