"""The platform for end-to-end tests: the four real services and the real gateway, each served by
uvicorn on a loopback port, as a client would reach them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from briefings.main import create_app as create_briefings
from briefings.settings import BriefingsSettings
from country_teams.main import create_app as create_country_teams
from country_teams.settings import CountryTeamsSettings
from fastapi import FastAPI
from gateway.main import create_app as create_gateway
from gateway.settings import GatewaySettings
from incidents.main import create_app as create_incidents
from incidents.settings import IncidentsSettings
from organizations.main import create_app as create_organizations
from organizations.settings import OrganizationsSettings
from pdp_common.identity import Clearance, Role, generate_keypair
from pdp_common.settings import ServiceSettings
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
    """The running platform: a client of the gateway (at ``url``) and the admin credential."""

    client: httpx.AsyncClient
    gateway: FastAPI
    url: str
    settings: dict[str, ServiceSettings]
    service_urls: dict[str, str] = field(default_factory=dict)

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


def _settings(
    target: DatabaseTarget, nats_url: str, tmp_path: Path, public_pem: bytes
) -> dict[str, ServiceSettings]:
    common: dict[str, Any] = {
        "nats_url": nats_url,
        "identity_public_key": public_pem.decode(),
        "log_level": "WARNING",
        "relay_poll_seconds": 0.2,
        "var_dir": tmp_path,
    }

    def database(name: str) -> dict[str, Any]:
        return _database(target, tmp_path, name)

    return {
        "organizations": OrganizationsSettings(**common, **database("organizations")),
        "incidents": IncidentsSettings(**common, **database("incidents")),
        "country-teams": CountryTeamsSettings(**common, **database("country_teams")),
        "briefings": BriefingsSettings(**common, **database("briefings")),
    }


FACTORIES: dict[str, Callable[[Any], FastAPI]] = {
    "organizations": create_organizations,
    "incidents": create_incidents,
    "country-teams": create_country_teams,
    "briefings": create_briefings,
}


def _server(name: str, settings: ServiceSettings) -> LoopbackServer:
    return LoopbackServer(lambda: FACTORIES[name](settings), name, lifespan="on")


@asynccontextmanager
async def platform(
    target: DatabaseTarget, nats_url: str, tmp_path: Path, **gateway_settings: Any
) -> AsyncIterator[Platform]:
    """Run the four services on loopback ports and the gateway in front, on a port of its own.

    ``gateway_settings`` override the gateway's test settings (a higher rate limit, say).
    """
    private_pem, public_pem = generate_keypair()
    services_settings = _settings(target, nats_url, tmp_path, public_pem)
    services = [_server(name, service) for name, service in services_settings.items()]
    urls: dict[str, Any] = {f"{s.name.replace('-', '_')}_url": s.url for s in services}
    gateway: LoopbackServer | None = None
    try:
        for service in services:
            await service.start()
        settings = GatewaySettings(
            **_database(target, tmp_path, "gateway"),
            **urls,
            identity_private_key=private_pem.decode(),
            bootstrap_admin_key=ADMIN_KEY,
            log_level="WARNING",
            var_dir=tmp_path,
            audit_flush_seconds=0.05,
            **({"nats_url": nats_url} | gateway_settings),
        )
        app = create_gateway(settings)
        gateway = LoopbackServer(lambda: app, "gateway", lifespan="on")
        await gateway.start()
        async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as client:
            service_urls = {service.name: service.url for service in services}
            yield Platform(client, app, gateway.url, services_settings, service_urls)
    finally:
        if gateway is not None:
            await gateway.stop()
        for service in reversed(services):
            await service.stop()
