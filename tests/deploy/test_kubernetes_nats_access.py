"""Kubernetes: every component logs in to NATS as its own user from a Secret and checks the servers'
certificate; the Helm values turn TLS on for clients and routes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from deploy.nats.users import password_variable, platform_users

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
COMPONENTS = ("incidents", "organizations", "country-teams", "briefings", "gateway")
CA_FILE = "/etc/pdp/nats-ca/ca.crt"


def _deployment(name: str) -> dict[str, Any]:
    path = K8S / "base" / name / "deployment.yaml"
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def _literals() -> list[str]:
    kustomization = yaml.safe_load((K8S / "base" / "kustomization.yaml").read_text())
    literals: list[str] = kustomization["configMapGenerator"][0]["literals"]
    return literals


class TestComponentsLogIn:
    def test_each_component_reads_its_own_user_from_the_secret(self) -> None:
        users = {user.name: user for user in platform_users()}
        for name in COMPONENTS:
            pod = _deployment(name)["spec"]["template"]["spec"]
            env = {entry["name"]: entry for entry in pod["containers"][0]["env"]}
            prefix = "PDP_" + name.upper().replace("-", "_") + "_"
            assert env[prefix + "NATS_USER"]["value"] == name
            password = env[prefix + "NATS_PASSWORD"]
            assert prefix + "NATS_PASSWORD" == password_variable(users[name])
            assert password["valueFrom"]["secretKeyRef"] == {"name": "nats-users", "key": name}

    def test_each_component_trusts_the_nats_ca(self) -> None:
        assert f"PDP_NATS_TLS_CA_FILE={CA_FILE}" in _literals()
        for name in COMPONENTS:
            pod = _deployment(name)["spec"]["template"]["spec"]
            mounts = {m["name"]: m for m in pod["containers"][0]["volumeMounts"]}
            assert mounts["nats-ca"]["mountPath"] == str(Path(CA_FILE).parent)
            assert mounts["nats-ca"]["readOnly"] is True
            volumes = {v["name"]: v for v in pod["volumes"]}
            assert volumes["nats-ca"] == {"name": "nats-ca", "configMap": {"name": "nats-ca"}}


class TestHelmValues:
    def test_clients_and_routes_use_tls_with_the_ca(self) -> None:
        values = yaml.safe_load((K8S / "nats" / "values.yaml").read_text(encoding="utf-8"))
        config = values["config"]
        for listener in ("nats", "cluster"):
            assert config[listener]["tls"] == {"enabled": True, "secretName": "nats-server-tls"}
        assert values["tlsCA"] == {"enabled": True, "configMapName": "nats-ca", "key": "ca.crt"}

    def test_the_certificate_names_every_server(self) -> None:
        documents = list(yaml.safe_load_all((K8S / "nats" / "tls.yaml").read_text()))
        server = next(d for d in documents if d["metadata"]["name"] == "nats-server-tls")
        assert server["spec"]["secretName"] == "nats-server-tls"
        assert {"nats", "*.nats-headless"} <= set(server["spec"]["dnsNames"])
        assert set(server["spec"]["usages"]) == {"server auth", "client auth"}


class TestNetworkPolicy:
    def test_labelled_tool_pods_may_reach_the_client_port(self) -> None:
        path = K8S / "base" / "network-policies.yaml"
        policies = {d["metadata"]["name"]: d for d in yaml.safe_load_all(path.read_text()) if d}
        rules = policies["nats-from-platform"]["spec"]["ingress"]
        tool_rules = [
            rule
            for rule in rules
            if rule["from"][0].get("podSelector", {}).get("matchLabels")
            == {"pdp.unrcca.int/nats-tool": "true"}
        ]
        assert len(tool_rules) == 1
        (peer,) = tool_rules[0]["from"]
        assert peer["namespaceSelector"]["matchLabels"] == {"pdp.unrcca.int/nats-tools": "allowed"}
        assert tool_rules[0]["ports"] == [{"port": 4222, "protocol": "TCP"}]
