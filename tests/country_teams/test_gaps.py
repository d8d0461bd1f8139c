"""The risk read model fed by incident events, and the gaps it reveals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from pdp_common.contracts import incidents as incident_events
from pdp_common.identity import Clearance

from tests.country_teams.factories import assert_problem, create_activity, create_team
from tests.country_teams.incident_feed import IncidentFeed, days_ago, incident, incident_feed
from tests.shared.polling import eventually

GAPS = "/api/v1/activities/gaps"


@pytest.fixture
async def feed(service_settings: dict[str, Any], tmp_path: Path) -> Any:
    async with incident_feed(service_settings["nats_url"], tmp_path) as running_feed:
        yield running_feed


def areas(body: dict[str, Any]) -> set[tuple[str, str | None, str]]:
    return {(g["country"], g["admin1"], g["category"]) for g in body["items"]}


async def gaps_until(
    client: httpx.AsyncClient, headers: dict[str, str], area: tuple[str, str | None, str]
) -> dict[str, Any]:
    async def probe() -> dict[str, Any]:
        response = await client.get(GAPS, headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return await eventually(probe, until=lambda body: area in areas(body))


MARKER = ("KAZ", "Mangystau", "political_unrest")


async def publish_marker(feed: IncidentFeed) -> None:
    await feed.publish(incident(country="KAZ", admin1="Mangystau", category="political_unrest"))


class TestGaps:
    async def test_verified_incident_without_activity_is_a_gap_until_one_starts(
        self, client: httpx.AsyncClient, staff: dict[str, str], feed: IncidentFeed
    ) -> None:
        await create_team(client, staff)
        await feed.publish(incident(severity=4), incident(severity=2))
        await publish_marker(feed)
        body = await gaps_until(client, staff, MARKER)
        gap = next(g for g in body["items"] if g["admin1"] == "Batken")
        assert gap["verified_incidents"] == 2
        assert gap["max_severity"] == 4
        assert body["window_days"] == 90
        await create_activity(client, staff, admin1="BATKEN", status="implementation")
        after = await client.get(GAPS, headers=staff)
        assert areas(after.json()) == {MARKER}

    async def test_only_active_activities_in_the_area_cover_it(
        self, client: httpx.AsyncClient, staff: dict[str, str], feed: IncidentFeed
    ) -> None:
        await create_team(client, staff)
        await create_activity(client, staff, admin1="Osh")
        await create_activity(client, staff, admin1="Batken", status="pipeline")
        await create_activity(client, staff, admin1=None, categories=["drug_trafficking"])
        await feed.publish(incident(), incident(admin1="Chuy", category="drug_trafficking"))
        await publish_marker(feed)
        body = await gaps_until(client, staff, MARKER)
        assert areas(body) == {("KGZ", "Batken", "border_incident"), MARKER}

    async def test_old_unverified_and_retracted_incidents_are_no_risk(
        self, client: httpx.AsyncClient, staff: dict[str, str], feed: IncidentFeed
    ) -> None:
        retracted = incident(admin1="Osh", version=2)
        await feed.publish(
            incident(admin1="Chuy", occurred_at=days_ago(120)),
            incident(admin1="Naryn", status="reported", kind=incident_events.IncidentReported),
            retracted,
            incident(
                incident_events.IncidentRetracted,
                incident_id=retracted.incident_id,
                admin1="Osh",
                status="retracted",
                version=3,
            ),
        )
        await publish_marker(feed)
        body = await gaps_until(client, staff, MARKER)
        assert areas(body) == {MARKER}

    async def test_an_older_version_does_not_overwrite_a_newer_one(
        self, client: httpx.AsyncClient, staff: dict[str, str], feed: IncidentFeed
    ) -> None:
        verified = incident(version=4)
        stale = incident(
            incident_events.IncidentUpdated,
            incident_id=verified.incident_id,
            status="under_review",
            version=3,
        )
        await feed.publish(verified, stale)
        await publish_marker(feed)
        body = await gaps_until(client, staff, MARKER)
        assert ("KGZ", "Batken", "border_incident") in areas(body)

    async def test_merged_duplicates_count_once(
        self, client: httpx.AsyncClient, staff: dict[str, str], feed: IncidentFeed
    ) -> None:
        duplicate = incident()
        survivor = incident()
        await feed.publish(duplicate, survivor)
        await feed.publish(
            incident(
                incident_events.IncidentMerged,
                incident_id=survivor.incident_id,
                version=3,
                merged_ids=[duplicate.incident_id],
                merged_references=["INC-KGZ-2026-000002"],
            )
        )
        await publish_marker(feed)
        body = await gaps_until(client, staff, MARKER)
        counts = {(g["country"], g["admin1"], g["category"]): g for g in body["items"]}
        assert counts[("KGZ", "Batken", "border_incident")]["verified_incidents"] == 1

    async def test_incidents_above_the_callers_clearance_stay_hidden(
        self,
        client: httpx.AsyncClient,
        staff: dict[str, str],
        feed: IncidentFeed,
        identities: Any,
    ) -> None:
        await feed.publish(incident(sensitivity=Clearance.STRICTLY_CONFIDENTIAL, title=None))
        await publish_marker(feed)
        body = await gaps_until(client, staff, MARKER)
        assert areas(body) == {MARKER}
        head = identities.headers(clearance=Clearance.STRICTLY_CONFIDENTIAL)
        assert ("KGZ", "Batken", "border_incident") in areas(
            (await client.get(GAPS, headers=head)).json()
        )

    async def test_partners_may_not_see_gaps(
        self, client: httpx.AsyncClient, partner: dict[str, str]
    ) -> None:
        assert_problem(await client.get(GAPS, headers=partner), 403, "gaps-forbidden")
