"""End to end over real NATS: the incidents service verifies a grave incident; country-teams sees
a gap and briefings drafts a flash alert and cites it in the weekly analysis."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from briefings.main import create_app as create_briefings
from briefings.settings import BriefingsSettings
from country_teams.main import create_app as create_country_teams
from country_teams.settings import CountryTeamsSettings
from incidents.main import create_app as create_incidents
from incidents.settings import IncidentsSettings
from pdp_common.identity import Clearance, Role
from pdp_common.testing.apps import Identities, running
from pdp_common.testing.databases import DatabaseTarget

from tests.country_teams.factories import create_team
from tests.incidents.factories import incident_payload
from tests.shared.polling import eventually


@dataclass
class Platform:
    incidents: httpx.AsyncClient
    country_teams: httpx.AsyncClient
    briefings: httpx.AsyncClient


def _settings_for(
    name: str, service_settings: dict[str, Any], database: DatabaseTarget, tmp_path: Path
) -> dict[str, Any]:
    if database.backend == "sqlite":
        place = {"database_url": f"sqlite+aiosqlite:///{tmp_path / name}.db"}
    else:
        place = {"database_schema": f"{database.schema}_{name}"}
    return service_settings | place


@pytest.fixture
async def platform(
    service_settings: dict[str, Any], database: DatabaseTarget, tmp_path: Path
) -> AsyncIterator[Platform]:
    def settings(name: str) -> dict[str, Any]:
        return _settings_for(name, service_settings, database, tmp_path)

    async with AsyncExitStack() as stack:
        incidents = await stack.enter_async_context(
            running(create_incidents(IncidentsSettings(**settings("incidents"))))
        )
        country_teams = await stack.enter_async_context(
            running(create_country_teams(CountryTeamsSettings(**settings("country_teams"))))
        )
        briefings = await stack.enter_async_context(
            running(create_briefings(BriefingsSettings(**settings("briefings"))))
        )
        yield Platform(incidents, country_teams, briefings)


async def verify_incident(
    client: httpx.AsyncClient, identities: Identities, **fields: Any
) -> dict[str, Any]:
    analyst = identities.headers(roles=(Role.ANALYST,), clearance=Clearance.CONFIDENTIAL)
    officer = identities.headers(roles=(Role.OFFICER,), clearance=Clearance.CONFIDENTIAL)
    created = await client.post(
        "/api/v1/incidents", json=incident_payload("KGZ", **fields), headers=analyst
    )
    assert created.status_code == 201, created.text
    incident: dict[str, Any] = created.json()
    for status in ("under_review", "verified"):
        response = await client.post(
            f"/api/v1/incidents/{incident['id']}/transitions",
            json={"status": status, "reason": f"moving to {status}"},
            headers=officer,
        )
        assert response.status_code == 200, response.text
        incident = response.json()
    return incident


class TestWithTheIncidentsService:
    async def test_grave_verified_incident_reaches_gaps_flash_alert_and_analysis(
        self, platform: Platform, identities: Identities
    ) -> None:
        staff = identities.headers(roles=(Role.ANALYST,), clearance=Clearance.CONFIDENTIAL)
        await create_team(platform.country_teams, staff, "KGZ")
        incident = await verify_incident(platform.incidents, identities, severity=5)

        async def gaps() -> list[dict[str, Any]]:
            response = await platform.country_teams.get("/api/v1/activities/gaps", headers=staff)
            items: list[dict[str, Any]] = response.json()["items"]
            return items

        (gap,) = await eventually(gaps)
        assert (gap["country"], gap["admin1"], gap["category"]) == (
            "KGZ",
            incident["admin1"],
            incident["category"],
        )

        async def alerts() -> list[dict[str, Any]]:
            response = await platform.briefings.get(
                "/api/v1/briefings?kind=flash_alert", headers=staff
            )
            items: list[dict[str, Any]] = response.json()["items"]
            return items

        (alert,) = await eventually(alerts)
        assert alert["source_incident_id"] == incident["id"]
        assert alert["title"] == f"Flash alert: {incident['reference']}"
        brief = await platform.briefings.post(
            "/api/v1/briefings", json={"kind": "weekly_regional_analysis"}, headers=staff
        )
        assert brief.status_code == 201, brief.text
        assert incident["reference"] in brief.json()["sections"]["overview"]
