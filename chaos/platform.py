"""The part of the platform a case runs: a broker, the incidents service and the two services
whose read models follow incident events, each a real process on a loopback port."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pdp_common.identity import (
    Clearance,
    IdentitySigner,
    Principal,
    Role,
    generate_keypair,
    load_private_key,
)
from pdp_common.testing.nats_server import free_port

from chaos.processes import Restartable, service_command


@dataclass(frozen=True, slots=True)
class ServiceKind:
    """A service the suite runs: its package, settings prefix and, for consumers, read model."""

    name: str
    package: str
    durable: str | None = None
    read_model: str | None = None

    @property
    def prefix(self) -> str:
        """Return the environment prefix of the service's settings."""
        return "PDP_" + self.name.upper().replace("-", "_") + "_"

    @property
    def slug(self) -> str:
        """Return the name of the service's database file or schema."""
        return self.name.replace("-", "_")


INCIDENTS = ServiceKind("incidents", "incidents")
COUNTRY_TEAMS = ServiceKind(
    "country-teams", "country_teams", "country_teams_incidents", "incident_signals"
)
BRIEFINGS = ServiceKind("briefings", "briefings", "briefings_incidents", "incident_digest")
CONSUMERS = (COUNTRY_TEAMS, BRIEFINGS)
WRITER = Principal(
    subject="chaos-officer",
    org="UNRCCA",
    roles=frozenset({Role.OFFICER}),
    clearance=Clearance.STRICTLY_CONFIDENTIAL,
    credential="chaos",
)


@dataclass
class Storage:
    """Where the services keep their data: SQLite files in a directory, or one PostgreSQL
    database with a schema per service."""

    directory: Path
    postgres_url: str | None = None

    @classmethod
    def sqlite_under(cls, work: Path) -> Storage:
        """Return SQLite storage in a new ``data`` directory under ``work``."""
        storage = cls(work / "data")
        storage.directory.mkdir(parents=True)
        return storage

    def url(self, kind: ServiceKind) -> str:
        """Return the SQLAlchemy URL of ``kind``'s database."""
        if self.postgres_url:
            return self.postgres_url
        return f"sqlite+aiosqlite:///{self.directory / kind.slug}.db"

    def schema(self, kind: ServiceKind) -> str | None:
        """Return the schema holding ``kind``'s tables (PostgreSQL only)."""
        return f"chaos_{kind.slug}" if self.postgres_url else None

    def table(self, kind: ServiceKind, name: str) -> str:
        """Return ``name`` qualified by ``kind``'s schema where there is one."""
        schema = self.schema(kind)
        return f"{schema}.{name}" if schema else name


@dataclass
class ServiceSet:
    """The services of one case, with the key that signs their callers' identity."""

    work: Path
    storage: Storage
    nats_url: str
    settings: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        private_pem, public_pem = generate_keypair()
        self.public_key = self.work / "identity.pub.pem"
        self.public_key.write_bytes(public_pem)
        self.signer = IdentitySigner(load_private_key(private_pem))

    def identity(self) -> str:
        """Return a fresh identity token of the officer that writes incidents."""
        return self.signer.sign(WRITER)

    def environment(self, kind: ServiceKind, port: int) -> dict[str, str]:
        """Return the environment of one process of ``kind`` listening on ``port``."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PDP_")}
        p = kind.prefix
        env.update(
            {
                f"{p}PORT": str(port),
                f"{p}HOST": "127.0.0.1",
                f"{p}DATABASE_URL": self.storage.url(kind),
                f"{p}NATS_URL": self.nats_url,
                f"{p}IDENTITY_PUBLIC_KEY_FILE": str(self.public_key),
                f"{p}LOG_LEVEL": "WARNING",
                f"{p}OTEL_ENABLED": "false",
                f"{p}VAR_DIR": str(self.work / kind.slug),
                f"{p}RELAY_POLL_SECONDS": "0.5",
                f"{p}CONSUMER_ACK_WAIT_SECONDS": "5",
                "PYTHONUNBUFFERED": "1",
                "OTEL_SDK_DISABLED": "true",
            }
        )
        schema = self.storage.schema(kind)
        if schema:
            env[f"{p}DATABASE_SCHEMA"] = schema
        env.update({p + k: v for k, v in self.settings.items()})
        return env

    def process(self, kind: ServiceKind, *, replica: int = 0) -> Restartable:
        """Return (not yet started) one process of ``kind`` on a free port."""
        port = free_port()
        name = kind.name if replica == 0 else f"{kind.name}-{replica}"
        return Restartable(
            name,
            service_command(kind.package),
            env=self.environment(kind, port),
            log_dir=self.work / "logs",
            ready_url=f"http://127.0.0.1:{port}/readyz",
        )


def base_url(process: Restartable) -> str:
    """Return the base URL of a service process (its readiness URL without the path)."""
    return process.ready_url.removesuffix("/readyz")


def stop_all(processes: Iterable[Restartable]) -> None:
    """Stop every process that still runs."""
    for process in processes:
        process.stop()
