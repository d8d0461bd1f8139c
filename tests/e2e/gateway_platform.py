"""The platform for end-to-end tests: real services on loopback ports behind the real gateway."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from briefings.main import create_app as create_briefings
from briefings.settings import BriefingsSettings
from fastapi import FastAPI
from gateway.main import create_app as create_gateway
from gateway.settings import GatewaySettings
from incidents.main import create_app as create_incidents
from incidents.settings import IncidentsSettings
from organizations.main import create_app as create_organizations
from organizations.settings import OrganizationsSettings
from pdp_common.identity import Clearance, Role, generate_keypair
from pdp_common.testing.apps import running
from pdp_common.testing.databases import DatabaseTarget

from tests.gateway.upstream import LoopbackServer

ADMIN_KEY = "pdp_e2e-bootstrap-admin-key-0123456789abcdef"


def _database(target: DatabaseTarget, tmp_path: Path, name: str) -> dict[str, Any]:
    if target.backend == "sqlite":
        return {
            "database_url": f"sqlite+aiosqlite:///{tmp_path / name}.db",
            "database_schema": None,
        }
    return {"database_url": target.url, "database_schema": f"{target.schema}_{name}"}


@dataclass
class Platform:
    """The running platform: a client of the gateway and the admin credential."""

    client: httpx.AsyncClient
    gateway: FastAPI

    async def key(self, *roles: Role, org: str, clearance: Clearance) -> dict[str, str]:
        """Issue an API key through the gateway and return headers carrying it."""
        body = {
            "name": f"{org} {'/'.join(roles)}",
            "org": org,
            "roles": [r.value for r in roles],
            "clearance": clearance.value,
        }
        response = await self.client.post(
            "/api/v1/api-keys", json=body, headers={"X-API-Key": ADMIN_KEY}
        )
        assert response.status_code == 201, response.text
        return {"X-API-Key": response.json()["key"]}


def _services(
    target: DatabaseTarget, nats_url: str, tmp_path: Path, public_pem: bytes
) -> tuple[LoopbackServer, LoopbackServer, LoopbackServer]:
    common: dict[str, Any] = {
        "nats_url": nats_url,
        "identity_public_key": public_pem.decode(),
        "log_level": "WARNING",
        "relay_poll_seconds": 0.2,
        "var_dir": tmp_path,
    }
    organizations = LoopbackServer(
        lambda: create_organizations(
            OrganizationsSettings(**common, **_database(target, tmp_path, "organizations"))
        ),
        "organizations",
        lifespan="on",
    )
    incidents = LoopbackServer(
        lambda: create_incidents(
            IncidentsSettings(**common, **_database(target, tmp_path, "incidents"))
        ),
        "incidents",
        lifespan="on",
    )
    briefings = LoopbackServer(
        lambda: create_briefings(
            BriefingsSettings(**common, **_database(target, tmp_path, "briefings"))
        ),
        "briefings",
        lifespan="on",
    )
    return organizations, incidents, briefings


@asynccontextmanager
async def platform(
    target: DatabaseTarget, nats_url: str, tmp_path: Path
) -> AsyncIterator[Platform]:
    """Run organizations, incidents and briefings on loopback ports and the gateway in front."""
    private_pem, public_pem = generate_keypair()
    organizations, incidents, briefings = _services(target, nats_url, tmp_path, public_pem)
    await organizations.start()
    await incidents.start()
    await briefings.start()
    try:
        settings = GatewaySettings(
            **_database(target, tmp_path, "gateway"),
            incidents_url=incidents.url,
            organizations_url=organizations.url,
            briefings_url=briefings.url,
            identity_private_key=private_pem.decode(),
            bootstrap_admin_key=ADMIN_KEY,
            log_level="WARNING",
            var_dir=tmp_path,
            audit_flush_seconds=0.05,
        )
        app = create_gateway(settings)
        async with running(app) as client:
            yield Platform(client, app)
    finally:
        await briefings.stop()
        await incidents.stop()
        await organizations.stop()
