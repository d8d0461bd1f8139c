"""Kubernetes manifests: the base's invariants, and the overlays as kustomize renders them."""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pdp_common.nats_servers import parse_nats_servers

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
COMPONENTS = {
    "incidents": ("incidents", 8001),
    "organizations": ("organizations", 8002),
    "country-teams": ("country_teams", 8003),
    "briefings": ("briefings", 8004),
    "gateway": ("gateway", 8000),
}
Manifest = dict[str, Any]


def _load(path: Path) -> Iterator[Manifest]:
    for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        if document:
            yield document


@functools.cache
def _base() -> list[Manifest]:
    manifests: list[Manifest] = []
    for path in sorted((K8S / "base").rglob("*.yaml")):
        if path.name != "kustomization.yaml":
            manifests.extend(_load(path))
    return manifests


def _of_kind(manifests: list[Manifest], kind: str) -> dict[str, Manifest]:
    return {m["metadata"]["name"]: m for m in manifests if m["kind"] == kind}


def _container(workload: Manifest) -> Manifest:
    containers: list[Manifest] = workload["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


def _env(container: Manifest) -> dict[str, Manifest]:
    return {entry["name"]: entry for entry in container["env"]}


@functools.cache
def _render(overlay: str) -> list[Manifest]:
    result = subprocess.run(
        ["kubectl", "kustomize", str(K8S / "overlays" / overlay)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [m for m in yaml.safe_load_all(result.stdout) if m]


class TestDeployments:
    def test_every_component_has_one(self) -> None:
        assert set(_of_kind(_base(), "Deployment")) == set(COMPONENTS)

    def test_replicated_and_probed(self) -> None:
        for name, deployment in _of_kind(_base(), "Deployment").items():
            assert deployment["spec"]["replicas"] >= 2, name
            container = _container(deployment)
            assert container["livenessProbe"]["httpGet"]["path"] == "/livez"
            assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
            assert container["ports"][0]["containerPort"] == COMPONENTS[name][1]

    def test_resources_are_bounded(self) -> None:
        for deployment in _of_kind(_base(), "Deployment").values():
            resources = _container(deployment)["resources"]
            assert {"cpu", "memory"} <= set(resources["requests"])
            assert "memory" in resources["limits"]

    def test_run_as_non_root_on_a_read_only_root(self) -> None:
        workloads = [*_of_kind(_base(), "Deployment").values(), *_of_kind(_base(), "Job").values()]
        for workload in workloads:
            pod = workload["spec"]["template"]["spec"]
            assert pod["securityContext"]["runAsNonRoot"] is True
            assert pod["automountServiceAccountToken"] is False
            security = _container(workload)["securityContext"]
            assert security["readOnlyRootFilesystem"] is True
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"]

    def test_database_url_uses_the_service_role_and_schema(self) -> None:
        for name, deployment in _of_kind(_base(), "Deployment").items():
            role, _ = COMPONENTS[name]
            prefix = "PDP_" + role.upper() + "_"
            env = _env(_container(deployment))
            assert env[prefix + "DATABASE_URL"]["value"].startswith(
                f"postgresql+asyncpg://{role}:$(PDP_DB_PASSWORD)@pdp-postgres-rw:5432/"
            )
            assert env[prefix + "DATABASE_SCHEMA"]["value"] == role
            assert env[prefix + "MIGRATE_ON_START"]["value"] == "false"
            secret = env["PDP_DB_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"]
            assert secret == "pdp-db-" + name

    def test_only_the_gateway_gets_the_private_key(self) -> None:
        for name, deployment in _of_kind(_base(), "Deployment").items():
            volumes = deployment["spec"]["template"]["spec"]["volumes"]
            identity = next(v for v in volumes if v["name"] == "identity")
            keys = {item["key"] for item in identity["secret"]["items"]}
            expected = {"identity-ed25519.pub.pem"}
            if name == "gateway":
                expected.add("identity-ed25519.pem")
            assert keys == expected, name


class TestCompanions:
    def test_services_hpas_and_budgets(self) -> None:
        base = _base()
        for kind in ("Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"):
            assert set(_of_kind(base, kind)) == set(COMPONENTS), kind
        for hpa in _of_kind(base, "HorizontalPodAutoscaler").values():
            assert hpa["spec"]["minReplicas"] >= 2

    def test_services_stay_inside_the_cluster(self) -> None:
        for service in _of_kind(_base(), "Service").values():
            assert service["spec"]["type"] == "ClusterIP"

    def test_migration_jobs(self) -> None:
        jobs = _of_kind(_base(), "Job")
        for name, (package, _) in COMPONENTS.items():
            job = jobs[f"{name}-migrate"]
            assert _container(job)["args"] == ["python", "-m", package, "migrate"]
            assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"


class TestNetworkPolicies:
    def test_everything_is_closed_by_default(self) -> None:
        deny = _of_kind(_base(), "NetworkPolicy")["default-deny-ingress"]
        assert deny["spec"]["podSelector"] == {}
        assert "ingress" not in deny["spec"]

    def test_only_the_gateway_is_open_to_all(self) -> None:
        open_to_all = [
            policy["spec"]["podSelector"]
            for policy in _of_kind(_base(), "NetworkPolicy").values()
            if any("from" not in rule for rule in policy["spec"].get("ingress", []))
        ]
        assert open_to_all == [{"matchLabels": {"app.kubernetes.io/name": "gateway"}}]


class TestDataServices:
    def test_postgres_cluster_has_a_role_per_component(self) -> None:
        cluster = _of_kind(_base(), "Cluster")["pdp-postgres"]
        assert cluster["spec"]["instances"] >= 3
        roles = {
            r["name"]: r["passwordSecret"]["name"] for r in cluster["spec"]["managed"]["roles"]
        }
        assert roles == {role: f"pdp-db-{name}" for name, (role, _) in COMPONENTS.items()}
        statements = cluster["spec"]["bootstrap"]["initdb"]["postInitApplicationSQL"]
        for role in roles:
            assert f"CREATE SCHEMA {role} AUTHORIZATION {role}" in statements

    def test_nats_values_cluster_jetstream_on_files(self) -> None:
        values = next(_load(K8S / "nats" / "values.yaml"))
        config = values["config"]
        assert config["cluster"]["enabled"] is True
        assert config["cluster"]["replicas"] == 3
        assert config["jetstream"]["fileStore"]["enabled"] is True
        assert config["jetstream"]["fileStore"]["pvc"]["enabled"] is True
        assert config["jetstream"]["merge"]["sync_interval"] == "always"

    def test_gateway_replicas_share_rate_limits_through_redis(self) -> None:
        kustomization = next(_load(K8S / "base" / "kustomization.yaml"))
        literals = kustomization["configMapGenerator"][0]["literals"]
        assert "PDP_GATEWAY_REDIS_URL=redis://redis:6379/0" in literals
        assert any(item.startswith("OTEL_EXPORTER_OTLP_ENDPOINT=") for item in literals)
        policy = _of_kind(_base(), "NetworkPolicy")["redis-from-gateway"]
        (rule,) = policy["spec"]["ingress"]
        assert rule["from"] == [
            {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "gateway"}}}
        ]

    def test_streams_are_replicated_three_times(self) -> None:
        kustomization = next(_load(K8S / "base" / "kustomization.yaml"))
        literals = kustomization["configMapGenerator"][0]["literals"]
        replicas = {item for item in literals if "_STREAM_REPLICAS=" in item}
        # the four producers' streams, and the gateway's PDP_EVENTS
        prefixes = ("INCIDENTS", "ORGANIZATIONS", "COUNTRY_TEAMS", "BRIEFINGS", "GATEWAY")
        assert replicas == {f"PDP_{prefix}_STREAM_REPLICAS=3" for prefix in prefixes}

    def test_services_get_every_nats_server_as_a_seed(self) -> None:
        kustomization = next(_load(K8S / "base" / "kustomization.yaml"))
        literals = kustomization["configMapGenerator"][0]["literals"]
        url = next(item for item in literals if item.startswith("PDP_NATS_URL="))
        seeds = parse_nats_servers(url.removeprefix("PDP_NATS_URL="))
        assert seeds == tuple(f"nats://nats-{i}.nats-headless:4222" for i in range(3))


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl not installed")
class TestOverlays:
    @pytest.mark.parametrize("overlay", ["dev", "prod"])
    def test_renders_into_its_namespace(self, overlay: str) -> None:
        manifests = _render(overlay)
        namespace = {"dev": "pdp-dev", "prod": "pdp"}[overlay]
        for manifest in manifests:
            if manifest["kind"] != "Namespace":
                assert manifest["metadata"]["namespace"] == namespace, manifest["metadata"]
        config = next(m for m in manifests if m["kind"] == "ConfigMap")
        for deployment in _of_kind(manifests, "Deployment").values():
            env_from = _container(deployment)["envFrom"][0]["configMapRef"]["name"]
            assert env_from == config["metadata"]["name"]

    def test_prod_runs_three_replicas_behind_one_ingress(self) -> None:
        manifests = _render("prod")
        for deployment in _of_kind(manifests, "Deployment").values():
            assert deployment["spec"]["replicas"] == 3
        for hpa in _of_kind(manifests, "HorizontalPodAutoscaler").values():
            assert hpa["spec"]["minReplicas"] == 3
        ingresses = list(_of_kind(manifests, "Ingress").values())
        assert len(ingresses) == 1
        backend = ingresses[0]["spec"]["rules"][0]["http"]["paths"][0]["backend"]
        assert backend["service"]["name"] == "gateway"

    def test_images_are_pinned(self) -> None:
        for overlay in ("dev", "prod"):
            for deployment in _of_kind(_render(overlay), "Deployment").values():
                image = _container(deployment)["image"]
                assert not image.endswith(":latest"), image
