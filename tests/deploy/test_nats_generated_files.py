"""The committed NATS users for Docker Compose and Kubernetes are current, and nats-server accepts
them with the passwords from its environment."""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import nats
import pytest
import yaml
from pdp_common.nats_credentials import NatsCredentials
from pdp_common.testing.nats_server import NatsServer, nats_server_binary

from deploy.nats.__main__ import main
from deploy.nats.authorization import render_conf, render_helm_values
from deploy.nats.users import load_tools, password_variable, platform_users

ROOT = Path(__file__).resolve().parents[2]
AUTH_CONF = ROOT / "deploy/nats/auth.conf"
HELM_USERS = ROOT / "deploy/k8s/nats/users.yaml"
TOOLS_EXAMPLE = ROOT / "deploy/nats/tools.example.toml"
REGENERATE = "regenerate with `uv run python -m deploy.nats conf|helm --output ...`"


class TestCommittedFiles:
    def test_compose_users_are_current(self) -> None:
        assert AUTH_CONF.read_text(encoding="utf-8") == render_conf(platform_users()), REGENERATE

    def test_helm_users_are_current(self) -> None:
        text = HELM_USERS.read_text(encoding="utf-8")
        assert text == render_helm_values(platform_users()), REGENERATE

    def test_helm_values_fill_every_password_from_the_secret(self) -> None:
        values = yaml.safe_load(HELM_USERS.read_text(encoding="utf-8"))
        users = values["config"]["merge"]["authorization"]["users"]
        env = values["container"]["env"]
        for user in users:
            variable = user["password"].removeprefix("<< $").removesuffix(" >>")
            assert env[variable]["valueFrom"]["secretKeyRef"] == {
                "name": "nats-users",
                "key": user["user"],
            }

    def test_the_example_tools_are_valid(self) -> None:
        users = platform_users(load_tools(TOOLS_EXAMPLE))
        assert {u.name for u in users if u.kind == "tool"} == {"kgz-watch", "briefings-archive"}


class TestCommandLine:
    def test_writes_the_configuration_with_tools(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        output = tmp_path / "auth.conf"
        assert main(["conf", "--tools", str(TOOLS_EXAMPLE), "--output", str(output)]) == 0
        assert "$PDP_NATS_TOOL_KGZ_WATCH_PASSWORD" in output.read_text(encoding="utf-8")

    def test_a_bad_tools_file_is_an_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        tools = tmp_path / "tools.toml"
        tools.write_text('[tools.x]\nsubjects = ["nowhere.>"]\n', encoding="utf-8")
        assert main(["conf", "--tools", str(tools)]) == 2
        assert "beyond the platform" in capsys.readouterr().err


def _check_config(path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [nats_server_binary(), "-c", str(path), "-t"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


class TestServerAcceptsTheComposeUsers:
    def test_the_compose_configuration_is_valid_with_every_password(self) -> None:
        env = {password_variable(user): "x" for user in platform_users()}
        result = _check_config(ROOT / "deploy/nats/nats.conf", env)
        assert result.returncode == 0, result.stdout + result.stderr

    def test_a_missing_password_stops_the_server(self) -> None:
        env = {password_variable(user): "x" for user in platform_users()}
        del env["PDP_GATEWAY_NATS_PASSWORD"]
        result = _check_config(ROOT / "deploy/nats/nats.conf", env)
        assert result.returncode != 0
        assert "PDP_GATEWAY_NATS_PASSWORD" in result.stdout + result.stderr

    async def test_each_service_connects_with_the_password_from_the_environment(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        users = platform_users()
        passwords = {user.name: secrets.token_urlsafe(16) for user in users}
        for user in users:
            monkeypatch.setenv(password_variable(user), passwords[user.name])
        server = NatsServer(extra_config=AUTH_CONF.read_text(encoding="utf-8"))
        server.start()
        try:
            for user in users:
                credentials = NatsCredentials(user=user.name, password=passwords[user.name])
                nc = await nats.connect(
                    server.url,
                    connect_timeout=5,
                    allow_reconnect=False,
                    **credentials.connect_options(),
                )
                await nc.flush()
                await nc.close()
        finally:
            server.close()
