"""A real three-node NATS cluster with JetStream on 127.0.0.1, for failover tests and chaos runs.

Each node has its own store directory, server name, client, cluster and monitoring port (free
ports on loopback) and routes to the others. :class:`NatsCluster` starts them, waits until the
JetStream meta group has elected a leader, and kills (SIGKILL) and restarts single nodes::

    cluster = NatsCluster(tmp_path)
    cluster.start()
    bus = Bus(cluster.urls, name="test")
    ...
    cluster.kill(0)
    cluster.restart(0)
    cluster.close()

:func:`cluster_layout` gives the nodes alone (ports, directories, command lines), for a caller that
runs the processes itself (the chaos suite).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pdp_common.testing.nats_server import free_port, nats_server_binary

CLUSTER_NAME = "pdp"
NODE_CONFIG = "jetstream {\n  sync_interval: always\n}\n"
"""Every write flushed to disk, so a killed node keeps what it acknowledged."""


@dataclass(frozen=True, slots=True)
class ClusterNode:
    """One node of a cluster: its name, ports and store, and the routes to its peers."""

    name: str
    port: int
    cluster_port: int
    monitor_port: int
    store_dir: Path
    routes: tuple[str, ...]

    @property
    def url(self) -> str:
        """Return the client URL of this node."""
        return f"nats://127.0.0.1:{self.port}"

    @property
    def monitor_url(self) -> str:
        """Return the base URL of this node's monitoring endpoint."""
        return f"http://127.0.0.1:{self.monitor_port}"

    @property
    def health_url(self) -> str:
        """Return the URL that answers 200 once this node's JetStream is current."""
        return f"{self.monitor_url}/healthz"

    def write_config(self) -> Path:
        """Write this node's configuration file (:data:`NODE_CONFIG`) in its store; return it."""
        self.store_dir.mkdir(parents=True, exist_ok=True)
        config = self.store_dir / "node.conf"
        config.write_text(NODE_CONFIG)
        return config

    def command(self, config: Path | None = None) -> list[str]:
        """Return the nats-server command line of this node (``config`` read first, if given)."""
        return [
            nats_server_binary(),
            *(("-c", str(config)) if config else ()),
            *("-n", self.name, "-js", "-sd", str(self.store_dir)),
            *("-a", "127.0.0.1", "-p", str(self.port), "-m", str(self.monitor_port)),
            *("--cluster_name", CLUSTER_NAME),
            *("--cluster", f"nats://127.0.0.1:{self.cluster_port}"),
            *("--routes", ",".join(self.routes)),
        ]


def cluster_layout(directory: Path, size: int = 3, *, prefix: str = "nats") -> list[ClusterNode]:
    """Return ``size`` nodes on free loopback ports, each storing under ``directory/<name>``."""
    cluster_ports = [free_port() for _ in range(size)]
    nodes = []
    for index, cluster_port in enumerate(cluster_ports):
        routes = tuple(f"nats://127.0.0.1:{p}" for p in cluster_ports if p != cluster_port)
        name = f"{prefix}-{index + 1}"
        nodes.append(
            ClusterNode(name, free_port(), cluster_port, free_port(), directory / name, routes)
        )
    return nodes


def monitor(node: ClusterNode, path: str, timeout: float = 1.0) -> dict[str, Any] | None:
    """Return the JSON a node's monitoring endpoint answers at ``path``, None if it does not."""
    try:
        with urllib.request.urlopen(node.monitor_url + path, timeout=timeout) as answer:  # noqa: S310
            body: dict[str, Any] = json.loads(answer.read())
            return body
    except (OSError, urllib.error.URLError, ValueError):
        return None


def meta_leader(nodes: Sequence[ClusterNode]) -> str | None:
    """Return the JetStream meta leader all ``nodes`` agree on and know to be full, else None."""
    leaders = set()
    for node in nodes:
        jsz = monitor(node, "/jsz")
        meta = (jsz or {}).get("meta_cluster") or {}
        if not meta.get("leader") or int(meta.get("cluster_size") or 0) < len(nodes):
            return None
        leaders.add(str(meta["leader"]))
    return leaders.pop() if len(leaders) == 1 else None


class NatsCluster:
    """Three (or ``size``) nats-server processes with JetStream routed to each other."""

    def __init__(self, directory: Path, size: int = 3, *, config: Path | None = None) -> None:
        self.nodes = cluster_layout(directory, size)
        self._config = config
        self._processes: list[subprocess.Popen[bytes] | None] = [None] * size

    @property
    def urls(self) -> list[str]:
        """Return the client URL of every node."""
        return [node.url for node in self.nodes]

    @property
    def url(self) -> str:
        """Return the client URLs as one comma-separated setting value."""
        return ",".join(self.urls)

    def is_running(self, index: int) -> bool:
        """Tell whether node ``index`` was started and not killed or stopped."""
        return self._processes[index] is not None

    def start(self, timeout: float = 30.0) -> str:
        """Start every node and wait until they elected a meta leader; return its name."""
        for index in range(len(self.nodes)):
            self._spawn(index)
        return self.wait_meta_leader(timeout)

    def _spawn(self, index: int) -> None:
        node = self.nodes[index]
        node.store_dir.mkdir(parents=True, exist_ok=True)
        config = self._config or node.write_config()
        self._processes[index] = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
            node.command(config),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def running_nodes(self) -> list[ClusterNode]:
        """Return the nodes that run now."""
        return [node for i, node in enumerate(self.nodes) if self.is_running(i)]

    def wait_meta_leader(self, timeout: float = 30.0) -> str:
        """Wait until the running nodes agree on a JetStream meta leader; return its name."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            leader = meta_leader(self.running_nodes())
            if leader is not None:
                return leader
            time.sleep(0.1)
        raise RuntimeError(f"no JetStream meta leader elected within {timeout:.0f} s")

    def wait_healthy(self, index: int, timeout: float = 30.0) -> None:
        """Wait until node ``index`` answers its health check (its JetStream is current)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            if monitor(self.nodes[index], "/healthz") == {"status": "ok"}:
                return
            time.sleep(0.1)
        raise RuntimeError(f"{self.nodes[index].name} not healthy within {timeout:.0f} s")

    def _check_alive(self) -> None:
        for node, process in zip(self.nodes, self._processes, strict=True):
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{node.name} exited with {process.returncode}")

    def index_of(self, url: str) -> int:
        """Return the index of the node whose client URL is ``url``."""
        return self.urls.index(url)

    def kill(self, index: int) -> None:
        """Kill node ``index`` with SIGKILL: no clean shutdown, its store stays as it was."""
        process = self._processes[index]
        if process is None:
            return
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        self._processes[index] = None

    def restart(self, index: int, timeout: float = 30.0) -> None:
        """Start node ``index`` again on its ports and store; wait until it is healthy."""
        if self._processes[index] is None:
            self._spawn(index)
        self.wait_healthy(index, timeout)

    def close(self) -> None:
        """Stop every node (SIGTERM, then SIGKILL after a while); the stores stay."""
        for index, process in enumerate(self._processes):
            if process is None:
                continue
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            self._processes[index] = None
