"""Settings of a local run: sources, endpoints and the environment of child processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.local import settings as local_settings
from deploy.local.settings import (
    COMPONENTS,
    GATEWAY,
    SERVICES,
    Component,
    endpoint_of,
    key_files,
    load_settings,
    nats_endpoint,
    process_environment,
    read_env_file,
    ready_timeout,
    selected_components,
    upstream_variable,
    validate,
)

INCIDENTS = next(c for c in SERVICES if c.name == "incidents")
COUNTRY_TEAMS = next(c for c in SERVICES if c.name == "country-teams")


class TestComponent:
    def test_prefix_replaces_dashes(self) -> None:
        assert COUNTRY_TEAMS.env_prefix == "PDP_COUNTRY_TEAMS_"
        assert GATEWAY.env_prefix == "PDP_GATEWAY_"

    def test_gateway_starts_last(self) -> None:
        assert COMPONENTS[-1] is GATEWAY

    def test_ports_are_distinct(self) -> None:
        ports = [c.default_port for c in COMPONENTS]
        assert len(set(ports)) == len(ports)

    def test_packages_follow_the_conventions(self) -> None:
        assert {c.name: c.package for c in COMPONENTS} == {
            "incidents": "incidents",
            "organizations": "organizations",
            "country-teams": "country_teams",
            "briefings": "briefings",
            "console": "console",
            "gateway": "gateway",
        }


class TestReadEnvFile:
    def test_missing_file_gives_nothing(self, tmp_path: Path) -> None:
        assert read_env_file(tmp_path / ".env") == {}

    def test_empty_values_mean_unset(self, tmp_path: Path) -> None:
        path = tmp_path / ".env"
        path.write_text("# comment\nA=1\nB=\nC='two words'\n", encoding="utf-8")
        assert read_env_file(path) == {"A": "1", "C": "two words"}


class TestLoadSettings:
    def test_later_sources_win(self, tmp_path: Path) -> None:
        (tmp_path / ".env.example").write_text("A=example\nB=example\nC=example\n")
        (tmp_path / ".env").write_text("B=dotenv\nC=dotenv\n")
        merged = load_settings(tmp_path, {"C": "environ"})
        assert (merged["A"], merged["B"], merged["C"]) == ("example", "dotenv", "environ")

    def test_works_without_any_file(self, tmp_path: Path) -> None:
        assert load_settings(tmp_path, {"X": "1"}) == {"X": "1"}

    def test_repository_example_documents_every_port(self, repo_root: Path) -> None:
        example = read_env_file(repo_root / ".env.example")
        for component in COMPONENTS:
            assert example[component.env_prefix + "PORT"] == str(component.default_port)
        assert example["PDP_NATS_URL"] == local_settings.DEFAULT_NATS_URL


class TestEndpointOf:
    def test_defaults(self) -> None:
        endpoint = endpoint_of(INCIDENTS, {})
        assert endpoint.url == "http://127.0.0.1:8001"

    def test_prefixed_settings_override(self) -> None:
        settings = {"PDP_COUNTRY_TEAMS_HOST": "127.0.0.2", "PDP_COUNTRY_TEAMS_PORT": "9103"}
        assert endpoint_of(COUNTRY_TEAMS, settings).url == "http://127.0.0.2:9103"

    @pytest.mark.parametrize("port", ["eighty", "0", "70000"])
    def test_bad_port_is_refused(self, port: str) -> None:
        with pytest.raises(ValueError, match="PDP_INCIDENTS_PORT"):
            endpoint_of(INCIDENTS, {"PDP_INCIDENTS_PORT": port})


class TestNatsEndpoint:
    def test_defaults(self) -> None:
        nats = nats_endpoint({})
        assert (nats.url, nats.monitor_port) == ("nats://127.0.0.1:14222", 18222)
        assert nats.health_url == "http://127.0.0.1:18222/healthz?js-enabled-only=true"

    def test_port_comes_from_the_url(self) -> None:
        nats = nats_endpoint(
            {"PDP_NATS_URL": "nats://127.0.0.1:24222", "PDP_LOCAL_NATS_MONITOR_PORT": "28222"}
        )
        assert (nats.port, nats.monitor_port) == (24222, 28222)

    def test_url_without_port_is_refused(self) -> None:
        with pytest.raises(ValueError, match="PDP_NATS_URL"):
            nats_endpoint({"PDP_NATS_URL": "tls://example.org"})


class TestProcessEnvironment:
    def test_keys_resolve_against_the_root(self, tmp_path: Path) -> None:
        env = process_environment({}, root=tmp_path, admin_key="k")
        private, public = key_files({}, tmp_path)
        assert env["PDP_GATEWAY_IDENTITY_PRIVATE_KEY_FILE"] == str(private)
        assert env["PDP_IDENTITY_PUBLIC_KEY_FILE"] == str(public)
        assert public == tmp_path / "var/keys/identity-ed25519.pub.pem"

    def test_keys_follow_the_var_directory(self, tmp_path: Path) -> None:
        private, public = key_files({"PDP_LOCAL_VAR_DIR": "/srv/pdp"}, tmp_path)
        assert private == Path("/srv/pdp/keys/identity-ed25519.pem")
        assert public == Path("/srv/pdp/keys/identity-ed25519.pub.pem")

    def test_configured_keys_resolve_against_the_root(self, tmp_path: Path) -> None:
        private, _ = key_files({"PDP_GATEWAY_IDENTITY_PRIVATE_KEY_FILE": "k/p.pem"}, tmp_path)
        assert private == tmp_path / "k/p.pem"

    def test_every_component_gets_the_var_directory(self, tmp_path: Path) -> None:
        env = process_environment({"PDP_LOCAL_VAR_DIR": "state"}, root=tmp_path, admin_key="k")
        for component in COMPONENTS:
            assert env[component.env_prefix + "VAR_DIR"] == str(tmp_path / "state")

    def test_gateway_upstreams_follow_service_ports(self, tmp_path: Path) -> None:
        env = process_environment({"PDP_BRIEFINGS_PORT": "9004"}, root=tmp_path, admin_key="k")
        assert env["PDP_GATEWAY_BRIEFINGS_URL"] == "http://127.0.0.1:9004"
        assert env[upstream_variable(COUNTRY_TEAMS)] == "http://127.0.0.1:8003"

    def test_explicit_upstream_is_kept(self, tmp_path: Path) -> None:
        settings = {"PDP_GATEWAY_INCIDENTS_URL": "http://10.0.0.5:80"}
        env = process_environment(settings, root=tmp_path, admin_key="k")
        assert env["PDP_GATEWAY_INCIDENTS_URL"] == "http://10.0.0.5:80"

    def test_admin_key_and_nats_url_are_passed(self, tmp_path: Path) -> None:
        env = process_environment({}, root=tmp_path, admin_key="secret-key")
        assert env["PDP_BOOTSTRAP_ADMIN_KEY"] == "secret-key"
        assert env["PDP_NATS_URL"] == "nats://127.0.0.1:14222"

    def test_other_settings_pass_through(self, tmp_path: Path) -> None:
        env = process_environment({"PDP_LOG_LEVEL": "DEBUG"}, root=tmp_path, admin_key="k")
        assert env["PDP_LOG_LEVEL"] == "DEBUG"

    def test_upstream_variable_name(self) -> None:
        component = Component("country-teams", "country_teams", 1, seeds_demo_data=True)
        assert upstream_variable(component) == "PDP_GATEWAY_COUNTRY_TEAMS_URL"


class TestSelectedComponents:
    def test_all_by_default(self) -> None:
        assert selected_components({}) == COMPONENTS
        assert selected_components({"PDP_LOCAL_COMPONENTS": " "}) == COMPONENTS

    def test_subset_keeps_start_order(self) -> None:
        chosen = selected_components({"PDP_LOCAL_COMPONENTS": "gateway, incidents"})
        assert [c.name for c in chosen] == ["incidents", "gateway"]

    def test_unknown_name_is_refused(self) -> None:
        with pytest.raises(ValueError, match="unknown"):
            selected_components({"PDP_LOCAL_COMPONENTS": "incidents,weather"})


class TestReadyTimeout:
    def test_default(self) -> None:
        assert ready_timeout({}) == 180.0

    def test_configured(self) -> None:
        assert ready_timeout({"PDP_LOCAL_READY_TIMEOUT_SECONDS": "30"}) == 30.0

    @pytest.mark.parametrize("raw", ["soon", "0", "-5"])
    def test_bad_values_are_refused(self, raw: str) -> None:
        with pytest.raises(ValueError, match="PDP_LOCAL_READY_TIMEOUT_SECONDS"):
            ready_timeout({"PDP_LOCAL_READY_TIMEOUT_SECONDS": raw})


class TestValidate:
    def test_defaults_are_valid(self) -> None:
        validate({})

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("PDP_GATEWAY_PORT", "x"),
            ("PDP_NATS_URL", "http://127.0.0.1"),
            ("PDP_LOCAL_COMPONENTS", "nothing"),
            ("PDP_LOCAL_READY_TIMEOUT_SECONDS", "-1"),
        ],
    )
    def test_names_the_bad_setting(self, name: str, value: str) -> None:
        with pytest.raises(ValueError, match=name):
            validate({name: value})
