"""docker-compose.yml: structure, health checks, migration jobs and the secrets it needs."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from deploy.local.compose_env import ensure_compose_env, generated_values, render

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
COMPONENTS = {
    "incidents": "incidents",
    "organizations": "organizations",
    "country-teams": "country_teams",
    "briefings": "briefings",
    "gateway": "gateway",
}
# The collector image is distroless: Docker cannot run a probe inside it (see the compose file).
UNPROBED = {"otel-collector"}
REQUIRED_VARIABLE = re.compile(r"\$\{([A-Z0-9_]+):\?")


def _compose() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def _services() -> dict[str, dict[str, Any]]:
    services: dict[str, dict[str, Any]] = _compose()["services"]
    return services


def _one_shot(service: dict[str, Any]) -> bool:
    return service.get("restart") == "no"


class TestComposeStructure:
    def test_long_running_services_have_health_checks(self) -> None:
        for name, service in _services().items():
            if _one_shot(service) or name in UNPROBED:
                continue
            assert "test" in service.get("healthcheck", {}), name

    def test_every_component_has_a_migration_job(self) -> None:
        services = _services()
        for name, package in COMPONENTS.items():
            job = services[f"{name}-migrate"]
            assert job["command"] == ["python", "-m", package, "migrate"]
            assert _one_shot(job)
            assert job["depends_on"]["postgres"]["condition"] == "service_healthy"

    def test_components_wait_for_their_migrations(self) -> None:
        services = _services()
        for name in COMPONENTS:
            depends = services[name]["depends_on"]
            assert depends[f"{name}-migrate"]["condition"] == "service_completed_successfully"
            assert depends["identity-keys"]["condition"] == "service_completed_successfully"

    def test_services_wait_for_a_healthy_broker(self) -> None:
        services = _services()
        for name in COMPONENTS.keys() - {"gateway"}:
            assert services[name]["depends_on"]["nats"]["condition"] == "service_healthy"

    def test_gateway_waits_for_healthy_services(self) -> None:
        depends = _services()["gateway"]["depends_on"]
        for name in COMPONENTS.keys() - {"gateway"}:
            assert depends[name]["condition"] == "service_healthy"

    def test_components_run_hardened(self) -> None:
        services = _services()
        for name in COMPONENTS:
            for service in (services[name], services[f"{name}-migrate"]):
                assert service["read_only"] is True
                assert service["cap_drop"] == ["ALL"]
                assert "no-new-privileges:true" in service["security_opt"]

    def test_only_loopback_ports_are_published_by_default(self) -> None:
        published = {
            name: service["ports"] for name, service in _services().items() if "ports" in service
        }
        assert set(published) == {"gateway", "nats"}
        for ports in published.values():
            for port in ports:
                assert "127.0.0.1:" in port

    def test_each_service_uses_its_own_role_and_schema(self) -> None:
        services = _services()
        for name, package in COMPONENTS.items():
            prefix = "PDP_" + package.upper() + "_"
            env = services[name]["environment"]
            assert env[prefix + "DATABASE_URL"].startswith(f"postgresql+asyncpg://{package}:")
            assert env[prefix + "DATABASE_SCHEMA"] == package
            assert env[prefix + "MIGRATE_ON_START"] == "false"

    def test_gateway_replicas_share_rate_limits_through_redis(self) -> None:
        services = _services()
        gateway = services["gateway"]
        assert gateway["environment"]["PDP_GATEWAY_REDIS_URL"] == "redis://redis:6379/0"
        assert gateway["depends_on"]["redis"]["condition"] == "service_healthy"
        assert "ports" not in services["redis"]

    def test_traces_go_to_the_collector_by_the_standard_variable(self) -> None:
        for name in COMPONENTS:
            env = _services()[name]["environment"]
            assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318"
            assert "PDP_OTEL_EXPORTER_OTLP_ENDPOINT" not in env

    def test_postgres_is_version_17_with_the_init_scripts(self) -> None:
        postgres = _services()["postgres"]
        assert postgres["image"].startswith("postgres:17")
        assert "./deploy/postgres/initdb:/docker-entrypoint-initdb.d:ro" in postgres["volumes"]

    def test_init_sql_creates_every_role(self) -> None:
        sql = (ROOT / "deploy/postgres/initdb/pdp-schemas.psql").read_text(encoding="utf-8")
        for package in COMPONENTS.values():
            assert f"('{package}', :'{package}_password')" in sql

    def test_nats_syncs_every_write(self) -> None:
        nats = _services()["nats"]
        assert nats["image"].startswith("nats:2.")
        config = (ROOT / "deploy/nats/nats.conf").read_text(encoding="utf-8")
        assert "sync_interval: always" in config

    def test_every_dockerfile_runs_its_package_as_non_root(self) -> None:
        for name, package in COMPONENTS.items():
            build = _services()[name]["build"]
            dockerfile = (ROOT / build["dockerfile"]).read_text(encoding="utf-8")
            assert f'CMD ["python", "-m", "{package}", "serve"]' in dockerfile
            assert "USER 10001:10001" in dockerfile
            assert "uv sync --frozen --no-dev" in dockerfile
            assert dockerfile.count("FROM ") == 2


class TestComposeEnv:
    def test_provides_every_required_variable(self) -> None:
        required = set(REQUIRED_VARIABLE.findall(COMPOSE_FILE.read_text(encoding="utf-8")))
        assert required
        assert required <= set(generated_values())

    def test_values_are_safe_inside_urls(self) -> None:
        for value in generated_values().values():
            assert re.fullmatch(r"[A-Za-z0-9_-]{24,}", value)

    def test_created_private_and_kept(self, tmp_path: Path) -> None:
        path = tmp_path / "var" / "compose.env"
        assert ensure_compose_env(path)
        first = path.read_text()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert not ensure_compose_env(path)
        assert path.read_text() == first

    def test_an_older_file_gains_the_variables_it_lacks(self, tmp_path: Path) -> None:
        path = tmp_path / "compose.env"
        path.write_text("PDP_POSTGRES_PASSWORD=kept\n")
        assert not ensure_compose_env(path)
        lines = path.read_text().splitlines()
        assert lines[0] == "PDP_POSTGRES_PASSWORD=kept"
        keys = {line.split("=", 1)[0] for line in lines}
        assert keys == set(generated_values())
        assert "PDP_INCIDENTS_NATS_PASSWORD" in keys

    def test_render_is_an_env_file(self) -> None:
        text = render({"A": "1", "B": "2"})
        assert text.splitlines()[1:] == ["A=1", "B=2"]


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed")
class TestDockerComposeConfig:
    def test_docker_compose_accepts_the_file(self, tmp_path: Path) -> None:
        env_file = tmp_path / "compose.env"
        env_file.write_text(render(generated_values()))
        result = subprocess.run(
            ["docker-compose", "--env-file", str(env_file), "-f", str(COMPOSE_FILE), "config"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert "gateway-migrate" in result.stdout

    def test_missing_secret_is_refused(self, tmp_path: Path) -> None:
        empty = tmp_path / "empty.env"
        empty.write_text("")
        result = subprocess.run(
            ["docker-compose", "--env-file", str(empty), "-f", str(COMPOSE_FILE), "config"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
            check=False,
            timeout=120,
        )
        assert result.returncode != 0
        assert "run make up" in result.stderr
