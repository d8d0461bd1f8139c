"""The platform under measurement: the four real services and the real gateway, each its own
process (``python -m <package> serve``) on a loopback port, with an identity key pair, the
session's nats-server and, per backend, the databases (a SQLite file each, or one PostgreSQL
database with a schema per component, as ``make up`` lays them out)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from pdp_common.identity import (
    Clearance,
    IdentitySigner,
    Principal,
    Role,
    load_private_key,
)

from bench.credentials import identity_keys, issue_api_key
from bench.service_reads.processes import Running, free_port, serving_together, start
from bench.service_reads.profiler import PROFILE_FILE_VARIABLE

SERVICES = {
    "incidents": "incidents",
    "organizations": "organizations",
    "country-teams": "country_teams",
    "briefings": "briefings",
}
READER = Principal(
    subject="bench-officer", org="UNRCCA", roles=frozenset({Role.OFFICER}),
    clearance=Clearance.CONFIDENTIAL, credential="bench",
)  # fmt: skip
SEEDER = Principal(
    subject="bench-seed", org="UNRCCA",
    roles=frozenset({Role.OFFICER, Role.HEAD_OF_CENTRE, Role.ADMIN}),
    clearance=Clearance.STRICTLY_CONFIDENTIAL, credential="bench",
)  # fmt: skip
READER_KEY = {"name": "bench officer", "org": "UNRCCA", "roles": ["officer"]}


@dataclass(frozen=True)
class Store:
    """Where one component keeps its data."""

    url: str
    schema: str | None = None


@dataclass(frozen=True)
class Platform:
    """The running processes and the caller's credentials: a signed identity and an API key."""

    services: dict[str, Running]
    gateway: Running
    signer: IdentitySigner
    api_key: str

    def identity(self, principal: Principal = READER) -> str:
        """Return an identity token for ``principal``, as the gateway signs one."""
        return self.signer.sign(principal)

    @property
    def urls(self) -> dict[str, str]:
        """Return the base URL of each service."""
        return {name: running.url for name, running in self.services.items()}


def _prefix(name: str) -> str:
    return "PDP_" + name.upper().replace("-", "_") + "_"


def _component_env(name: str, port: int, store: Store, work_dir: Path) -> dict[str, str]:
    prefix = _prefix(name)
    env = {
        prefix + "HOST": "127.0.0.1",
        prefix + "PORT": str(port),
        prefix + "DATABASE_URL": store.url,
        prefix + "LOG_LEVEL": "WARNING",
        prefix + "VAR_DIR": str(work_dir),
        PROFILE_FILE_VARIABLE: str(work_dir / "profiles" / f"{name}.prof"),
    }
    if store.schema:
        env[prefix + "DATABASE_SCHEMA"] = store.schema
    return env


@contextlib.asynccontextmanager
async def running_platform(
    stores: Mapping[str, Store], *, nats_url: str, work_dir: Path, profiled: bool = False
) -> AsyncIterator[Platform]:
    """Start the services (``stores`` names each one's and the gateway's), then the gateway."""
    private, public = identity_keys(work_dir)
    shared = {"PDP_NATS_URL": nats_url, "PDP_IDENTITY_PUBLIC_KEY_FILE": str(public)}
    logs = work_dir / "logs"
    admin_key = "pdp_bench-admin-" + os.urandom(16).hex()
    ports = {name: free_port() for name in SERVICES}
    services = [
        start(
            name, package, port=ports[name], log_dir=logs, profiled=profiled,
            env=shared | _component_env(name, ports[name], stores[name], work_dir),
        )
        for name, package in SERVICES.items()
    ]  # fmt: skip
    port = free_port()
    env = _component_env("gateway", port, stores["gateway"], work_dir) | {
        "PDP_GATEWAY_IDENTITY_PRIVATE_KEY_FILE": str(private),
        "PDP_GATEWAY_RATE_LIMIT_PER_SECOND": "1000000",
        "PDP_GATEWAY_RATE_LIMIT_BURST": "1000000",
        "PDP_BOOTSTRAP_ADMIN_KEY": admin_key,
    }
    env |= {f"PDP_GATEWAY_{_prefix(n)[4:]}URL": f"http://127.0.0.1:{p}" for n, p in ports.items()}
    gateway = start("gateway", "gateway", port=port, env=env, log_dir=logs, profiled=profiled)
    async with (
        serving_together(services) as running,
        serving_together([gateway]) as (gateway_running,),
    ):
        signer = IdentitySigner(load_private_key(private.read_bytes()), ttl_seconds=3600)
        reader = READER_KEY | {"clearance": READER.clearance.value}
        api_key = await issue_api_key(gateway_running.url, admin_key, reader)
        yield Platform(dict(zip(SERVICES, running, strict=True)), gateway_running, signer, api_key)
