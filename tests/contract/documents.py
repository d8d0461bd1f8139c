"""The OpenAPI documents of the four services and of the gateway, built without running anything."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from briefings.main import create_app as create_briefings
from briefings.settings import BriefingsSettings
from country_teams.main import create_app as create_country_teams
from country_teams.settings import CountryTeamsSettings
from fastapi import FastAPI
from gateway.main import _local_openapi
from gateway.main import create_app as create_gateway
from gateway.openapi.merge import merge
from gateway.settings import GatewaySettings
from incidents.main import create_app as create_incidents
from incidents.settings import IncidentsSettings
from organizations.main import create_app as create_organizations
from organizations.settings import OrganizationsSettings
from pdp_common.identity import generate_keypair

from tests.e2e.gateway_platform import Platform
from tests.shared.polling import eventually

SERVICES = ("incidents", "organizations", "country-teams", "briefings")
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})


def service_app(name: str, var_dir: Path) -> FastAPI:
    """Build the app of service ``name`` (nothing starts until its lifespan runs)."""
    database: dict[str, Any] = {"database_url": f"sqlite+aiosqlite:///{var_dir / name}.db"}
    if name == "incidents":
        return create_incidents(IncidentsSettings(**database))
    if name == "organizations":
        return create_organizations(OrganizationsSettings(**database))
    if name == "country-teams":
        return create_country_teams(CountryTeamsSettings(**database))
    return create_briefings(BriefingsSettings(**database))


@functools.cache
def service_document(name: str) -> dict[str, Any]:
    """Return the OpenAPI document service ``name`` serves at ``/openapi.json``."""
    return service_app(name, Path("var/unused")).openapi()


@functools.cache
def gateway_document() -> dict[str, Any]:
    """Return the document the gateway serves once it has every service's."""
    private_pem, _ = generate_keypair()
    settings = GatewaySettings(
        identity_private_key=private_pem.decode(), database_url="sqlite+aiosqlite:///:memory:"
    )
    local = _local_openapi(create_gateway(settings))
    return merge(local, {name: service_document(name) for name in SERVICES})


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Return every (path, method, operation) of ``document``."""
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


async def complete_document(client: Platform) -> dict[str, Any]:
    """Return the gateway's document once it holds every service's operations."""

    async def fetch() -> dict[str, Any]:
        response = await client.client.get("/openapi.json")
        assert response.status_code == 200, response.text
        document: dict[str, Any] = response.json()
        return document

    def services(document: dict[str, Any]) -> set[str]:
        return {
            operation.get("x-pdp-service", "gateway") for _, _, operation in operations(document)
        }

    return await eventually(fetch, until=lambda d: set(SERVICES) <= services(d), timeout=30)
