"""The NATS users of a local run: generated passwords kept in var/, the server configuration that
admits them, each service's variables, the tools of nats-tools.toml and the banner lines."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from deploy.local.nats_users import TOOLS_FILE_VARIABLE, enabled, prepare_nats_users
from deploy.local.session import nats_lines, prepare

TOOLS = '[tools.kgz-watch]\nsubjects = ["pdp.incidents.*.*.*.KGZ.*"]\n'


class TestPrepareNatsUsers:
    def test_every_service_and_the_gateway_gets_a_private_password(self, tmp_path: Path) -> None:
        users = prepare_nats_users({}, tmp_path, tmp_path / "var")
        assert users is not None
        env = users.environment()
        for prefix in ("INCIDENTS", "ORGANIZATIONS", "COUNTRY_TEAMS", "BRIEFINGS", "GATEWAY"):
            password = env[f"PDP_{prefix}_NATS_PASSWORD"]
            assert len(password) >= 24
            assert env[f"PDP_{prefix}_NATS_USER"] == prefix.lower().replace("_", "-")
        assert len(set(users.passwords.values())) == len(users.passwords)
        for path in [*users.password_dir.iterdir(), users.config_file]:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path

    def test_passwords_are_kept_between_runs(self, tmp_path: Path) -> None:
        first = prepare_nats_users({}, tmp_path, tmp_path / "var")
        second = prepare_nats_users({}, tmp_path, tmp_path / "var")
        assert first is not None
        assert second is not None
        assert first.passwords == second.passwords

    def test_the_configuration_is_the_local_one_with_the_users(self, tmp_path: Path) -> None:
        users = prepare_nats_users({}, tmp_path, tmp_path / "var")
        assert users is not None
        text = users.config_file.read_text(encoding="utf-8")
        assert "sync_interval: always" in text
        assert f'password: "{users.passwords["briefings"]}"' in text

    def test_tools_come_from_nats_tools_toml(self, tmp_path: Path) -> None:
        (tmp_path / "nats-tools.toml").write_text(TOOLS, encoding="utf-8")
        users = prepare_nats_users({}, tmp_path, tmp_path / "var")
        assert users is not None
        assert [tool.name for tool in users.tools()] == ["kgz-watch"]
        assert "PDP_NATS_TOOL_KGZ_WATCH_PASSWORD" not in users.environment()
        assert (users.password_dir / "kgz-watch").is_file()

    def test_a_named_tools_file_must_exist(self, tmp_path: Path) -> None:
        with pytest.raises(ValueError, match="does not exist"):
            prepare_nats_users({TOOLS_FILE_VARIABLE: "tools.toml"}, tmp_path, tmp_path / "var")

    def test_off_when_asked(self, tmp_path: Path) -> None:
        assert prepare_nats_users({"PDP_LOCAL_NATS_AUTH": "false"}, tmp_path, tmp_path) is None
        assert enabled({})
        with pytest.raises(ValueError, match="true or false"):
            enabled({"PDP_LOCAL_NATS_AUTH": "maybe"})


class TestSession:
    def test_prepare_gives_the_services_their_users(self, tmp_path: Path) -> None:
        platform = prepare(tmp_path, {}, lambda _: None)
        assert platform.env["PDP_INCIDENTS_NATS_USER"] == "incidents"
        assert platform.nats_config == tmp_path / "var" / "nats-server.conf"

    def test_prepare_without_auth_uses_the_plain_configuration(self, tmp_path: Path) -> None:
        platform = prepare(tmp_path, {"PDP_LOCAL_NATS_AUTH": "false"}, lambda _: None)
        assert "PDP_INCIDENTS_NATS_USER" not in platform.env
        assert platform.nats_config == tmp_path / "deploy/local/nats.conf"

    def test_a_bad_tools_file_is_a_configuration_error(self, tmp_path: Path) -> None:
        (tmp_path / "nats-tools.toml").write_text("[tools.x]\nsubjects = []\n", encoding="utf-8")
        with pytest.raises(ValueError, match="non-empty list"):
            prepare(tmp_path, {}, lambda _: None)

    def test_the_banner_tells_how_a_tool_connects(self, tmp_path: Path) -> None:
        (tmp_path / "nats-tools.toml").write_text(TOOLS, encoding="utf-8")
        users = prepare_nats_users({}, tmp_path, tmp_path / "var")
        assert users is not None
        text = "\n".join(nats_lines(users))
        assert users.passwords["kgz-watch"] in text
        assert "_INBOX.kgz-watch" in text
        assert "pdp.incidents.*.*.*.KGZ.*" in text
        assert "anyone may connect" in "\n".join(nats_lines(None))
