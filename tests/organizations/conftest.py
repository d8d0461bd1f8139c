"""Fixtures of the organizations service tests: the app running on each database, callers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
import pytest
from fastapi import FastAPI
from organizations.main import create_app
from organizations.settings import OrganizationsSettings
from pdp_common.identity import Role
from pdp_common.testing.apps import Identities

T = TypeVar("T")


@pytest.fixture
def app(service_settings: dict[str, Any]) -> FastAPI:
    settings = OrganizationsSettings(**service_settings, follow_up_check_seconds=3600)
    return create_app(settings)


class Callers:
    """Identity headers of the callers the tests use."""

    def __init__(self, identities: Identities) -> None:
        self.ids = identities

    def as_(
        self, org: str = "UNRCCA", *roles: Role, clearance: str = "confidential"
    ) -> dict[str, str]:
        return self.ids.headers(org=org, roles=roles or (Role.ANALYST,), clearance=clearance)

    @property
    def admin(self) -> dict[str, str]:
        return self.as_("UNRCCA", Role.ADMIN, clearance="strictly_confidential")

    @property
    def head(self) -> dict[str, str]:
        return self.as_("UNRCCA", Role.HEAD_OF_CENTRE, clearance="strictly_confidential")

    @property
    def officer(self) -> dict[str, str]:
        return self.as_("UNRCCA", Role.OFFICER)

    @property
    def analyst(self) -> dict[str, str]:
        return self.as_("UNRCCA", Role.ANALYST, clearance="internal")

    def partner(self, org: str) -> dict[str, str]:
        return self.as_(org, Role.PARTNER, clearance="confidential")


@pytest.fixture
def callers(identities: Identities) -> Callers:
    return Callers(identities)


async def wait_for(probe: Callable[[], Awaitable[T]], within: float = 10.0) -> T:
    """Return the first truthy result of ``probe``, polling for ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        result = await probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def register(
    client: httpx.AsyncClient, headers: dict[str, str], code: str, **extra: Any
) -> dict[str, Any]:
    """Register an organization and return its representation."""
    body = {"code": code, "kind": "regional_organization", "name": f"{code} organization"} | extra
    response = await client.post("/api/v1/organizations", json=body, headers=headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data
