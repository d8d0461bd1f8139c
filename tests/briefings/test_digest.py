"""The incident digest fed by incident events, the templates drawing on it, and flash alerts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pdp_common.contracts import incidents as incident_events
from pdp_common.identity import Clearance

from tests.briefings.conftest import Headers
from tests.briefings.factories import BRIEFINGS, create_briefing
from tests.country_teams.incident_feed import IncidentFeed, days_ago, incident, incident_feed
from tests.shared.polling import eventually


@pytest.fixture
async def feed(service_settings: dict[str, Any], tmp_path: Path) -> AsyncIterator[IncidentFeed]:
    async with incident_feed(service_settings["nats_url"], tmp_path) as running_feed:
        yield running_feed


async def flash_alerts(client: httpx.AsyncClient, headers: Headers) -> list[dict[str, Any]]:
    response = await client.get(f"{BRIEFINGS}?kind=flash_alert", headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


class TestFlashAlerts:
    async def test_grave_verified_incident_gets_one_flash_alert_draft(
        self, client: httpx.AsyncClient, analyst: Headers, feed: IncidentFeed
    ) -> None:
        grave = incident(severity=5, reference="INC-TJK-2026-000042", country="TJK", admin1="Sughd")
        await feed.publish(grave)
        (alert,) = await eventually(lambda: flash_alerts(client, analyst))
        assert alert["status"] == "draft"
        assert alert["title"] == "Flash alert: INC-TJK-2026-000042"
        assert alert["source_incident_id"] == str(grave.incident_id)
        assert alert["countries"] == ["TJK"]
        assert alert["created_by"] == "system:briefings"
        assert "INC-TJK-2026-000042" in alert["sections"]["overview"]
        again = incident(severity=5, incident_id=grave.incident_id, version=5, country="TJK")
        marker = incident(severity=5, reference="INC-KGZ-2026-000043")
        await feed.publish(again, marker)
        alerts = await eventually(
            lambda: flash_alerts(client, analyst), until=lambda items: len(items) == 2
        )
        assert {a["source_incident_id"] for a in alerts} == {
            str(grave.incident_id),
            str(marker.incident_id),
        }

    async def test_lesser_or_unverified_incidents_get_none(
        self, client: httpx.AsyncClient, analyst: Headers, feed: IncidentFeed
    ) -> None:
        await feed.publish(
            incident(severity=4),
            incident(incident_events.IncidentReported, severity=5, status="reported"),
        )
        marker = incident(severity=5, reference="INC-KGZ-2026-000099")
        await feed.publish(marker)
        (alert,) = await eventually(lambda: flash_alerts(client, analyst))
        assert alert["source_incident_id"] == str(marker.incident_id)

    async def test_flash_alert_is_classified_as_its_incident(
        self, client: httpx.AsyncClient, head: Headers, analyst: Headers, feed: IncidentFeed
    ) -> None:
        await feed.publish(
            incident(severity=5, sensitivity=Clearance.STRICTLY_CONFIDENTIAL, title=None)
        )
        (alert,) = await eventually(lambda: flash_alerts(client, head))
        assert alert["classification"] == "strictly_confidential"
        assert await flash_alerts(client, analyst) == []


class TestTemplates:
    async def test_daily_brief_cites_verified_incidents_within_its_classification(
        self, client: httpx.AsyncClient, analyst: Headers, feed: IncidentFeed
    ) -> None:
        cited = incident(reference="INC-KGZ-2026-000007", occurred_at=days_ago(0), severity=4)
        await feed.publish(
            cited,
            incident(
                reference="INC-KGZ-2026-000008",
                occurred_at=days_ago(0),
                sensitivity=Clearance.CONFIDENTIAL,
            ),
            incident(reference="INC-KGZ-2026-000009", occurred_at=days_ago(3)),
            incident(
                incident_events.IncidentReported,
                reference="INC-UZB-2026-000010",
                country="UZB",
                status="reported",
                occurred_at=days_ago(0),
            ),
        )

        async def brief() -> dict[str, Any]:
            return await create_briefing(client, analyst, classification="internal")

        briefing = await eventually(
            brief, until=lambda b: "INC-KGZ-2026-000007" in b["sections"]["overview"]
        )
        kgz = next(d for d in briefing["sections"]["developments"] if d["country"] == "KGZ")
        assert [i["reference"] for i in kgz["incidents"]] == ["INC-KGZ-2026-000007"]
        assert kgz["summary"] == "1 verified incident (1 border incident); highest severity 4."
        assert "border commissions" in briefing["sections"]["recommendations"][0]

    async def test_lowering_classification_below_a_citation_is_422(
        self, client: httpx.AsyncClient, analyst: Headers, feed: IncidentFeed
    ) -> None:
        await feed.publish(
            incident(
                reference="INC-KGZ-2026-000011",
                occurred_at=days_ago(0),
                sensitivity=Clearance.CONFIDENTIAL,
            )
        )

        async def brief() -> dict[str, Any]:
            return await create_briefing(client, analyst, classification="confidential")

        briefing = await eventually(
            brief, until=lambda b: "INC-KGZ-2026-000011" in b["sections"]["overview"]
        )
        response = await client.patch(
            f"{BRIEFINGS}/{briefing['id']}",
            json={"classification": "internal"},
            headers=analyst | {"If-Match": '"1"'},
        )
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "/problems/briefing-invalid"
