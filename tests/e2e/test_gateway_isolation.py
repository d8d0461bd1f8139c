"""Through the gateway, a partner sees only what its agreement, the states' consent and its
clearance allow, on every read path; hidden records are 404 and absent from lists, counts and
exports. Real organizations and incidents services, NATS and databases behind the real gateway."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.e2e.gateway_platform import ADMIN_KEY, Platform, platform
from tests.incidents.factories import incident_payload
from tests.shared.polling import eventually

LONG_AGO = (datetime.now(UTC) - timedelta(days=365)).isoformat()


REFERENCES: dict[str, str] = {}


async def _create(client: Platform, headers: dict[str, str], **fields: Any) -> str:
    response = await client.client.post(
        "/api/v1/incidents", json=incident_payload(**fields), headers=headers
    )
    assert response.status_code == 201, response.text
    created = response.json()
    REFERENCES[str(created.get("reference") or created["id"])] = str(created["id"])
    return str(created["id"])


async def _share(client: Platform, head: dict[str, str], partner: str, country: str) -> None:
    agreement = {
        "partner_org": partner,
        "title": f"Information sharing with {partner}",
        "countries": [country],
        "categories": ["water_energy_dispute"],
        "max_sensitivity": "internal",
        "embargo_hours": 0,
        "formats": ["json", "geojson", "csv"],
        "valid_from": LONG_AGO,
    }
    consent = {
        "government": country,
        "party_org": partner,
        "kind": "information_sharing",
        "valid_from": LONG_AGO,
    }
    partner_org = {"code": partner, "kind": "regional_organization", "name": partner}
    steps = (
        ("/api/v1/organizations", partner_org),
        ("/api/v1/agreements", agreement),
        ("/api/v1/consents", consent),
    )
    for path, body in steps:
        response = await client.client.post(path, json=body, headers=head)
        assert response.status_code == 201, f"{path}: {response.text}"


async def _visible_ids(client: Platform, headers: dict[str, str]) -> set[str]:
    ids: set[str] = set()
    url: str | None = "/api/v1/incidents?limit=2"
    while url:
        response = await client.client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        ids |= {item["id"] for item in page["items"]}
        url = (
            f"/api/v1/incidents?limit=2&cursor={page['next_cursor']}"
            if page.get("next_cursor")
            else None
        )
    return ids


async def _read_paths(client: Platform, headers: dict[str, str], incident_id: str) -> list[int]:
    paths = [
        f"/api/v1/incidents/{incident_id}",
        f"/api/v1/incidents/{incident_id}/timeline",
        f"/api/v1/incidents/{incident_id}/duplicates",
    ]
    return [(await client.client.get(p, headers=headers)).status_code for p in paths]


async def _exported_ids(client: Platform, headers: dict[str, str]) -> tuple[set[str], set[str]]:
    geojson = await client.client.get("/api/v1/incidents/export.geojson", headers=headers)
    assert geojson.status_code == 200, geojson.text
    features = {str(f["id"]) for f in geojson.json()["features"]}
    table = await client.client.get("/api/v1/incidents/export.csv", headers=headers)
    assert table.status_code == 200, table.text
    rows = {REFERENCES[row["event_id_cnty"]] for row in csv.DictReader(io.StringIO(table.text))}
    return features, rows


class TestTheAggregatedDocument:
    async def test_it_lists_the_running_services_operations(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as client:

            async def fetch() -> dict[str, Any]:
                response = await client.client.get("/openapi.json")
                assert response.status_code == 200, response.text
                body: dict[str, Any] = response.json()
                return body

            document = await eventually(
                fetch,
                until=lambda d: {"/api/v1/incidents", "/api/v1/agreements"} <= set(d["paths"]),
            )
        paths = document["paths"]
        for path in ("/api/v1/incidents", "/api/v1/incidents/{incident_id}", "/api/v1/agreements"):
            assert path in paths, path
        assert not [p for p in paths if not p.startswith(("/api/v1/", "/dev-issuer/"))]
        operation = paths["/api/v1/incidents/{incident_id}"]["get"]
        assert operation["security"] == [{"ApiKeyAuth": []}, {"BearerAuth": []}]
        assert all(
            not p.get("name", "").lower().startswith("x-pdp")
            for p in operation.get("parameters", [])
        )


async def _seed(client: Platform) -> dict[str, str]:
    """Share KGZ water incidents with OSCE and KAZ ones with SCO; record six incidents."""
    head = await client.key(
        Role.HEAD_OF_CENTRE, org="UNRCCA", clearance=Clearance.STRICTLY_CONFIDENTIAL
    )
    await _share(client, head, "OSCE", "KGZ")
    await _share(client, head, "SCO", "KAZ")
    officer = await client.key(
        Role.OFFICER, org="UNRCCA", clearance=Clearance.STRICTLY_CONFIDENTIAL
    )
    variants: dict[str, dict[str, str]] = {
        "kgz_internal": {"country": "KGZ"},
        "kgz_public": {"country": "KGZ", "sensitivity": "public"},
        "kgz_confidential": {"country": "KGZ", "sensitivity": "confidential"},
        "kgz_strict": {"country": "KGZ", "sensitivity": "strictly_confidential"},
        "kaz_internal": {"country": "KAZ"},
        "kgz_terrorism": {"country": "KGZ", "category": "terrorism"},
    }
    return {name: await _create(client, officer, **fields) for name, fields in variants.items()}


async def _sees_exactly(
    client: Platform, headers: dict[str, str], visible: set[str], every_id: list[str]
) -> None:
    """Check lists, counts, exports and every single-record read path for one caller."""
    assert await _visible_ids(client, headers) == visible
    count = await client.client.get("/api/v1/incidents/count", headers=headers)
    assert count.status_code == 200, count.text
    assert count.json()["count"] == len(visible)
    features, rows = await _exported_ids(client, headers)
    assert features == rows == visible
    for incident_id in every_id:
        statuses = await _read_paths(client, headers, incident_id)
        wanted = 200 if incident_id in visible else 404
        assert statuses == [wanted] * 3, f"{incident_id}: {statuses}"


async def _until_visible(client: Platform, headers: dict[str, str], visible: set[str]) -> None:
    """Wait until the sharing terms have reached the incidents service."""

    async def seen() -> set[str]:
        return await _visible_ids(client, headers)

    await eventually(seen, until=lambda ids: ids == visible)


class TestPartnerIsolationThroughTheGateway:
    async def test_partners_see_only_their_share_on_every_read_path(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as client:
            ids = await _seed(client)
            callers = {
                "osce": await client.key(Role.PARTNER, org="OSCE", clearance=Clearance.INTERNAL),
                "sco": await client.key(Role.PARTNER, org="SCO", clearance=Clearance.INTERNAL),
                "staff": await client.key(Role.VIEWER, org="UNRCCA", clearance=Clearance.INTERNAL),
            }
            expected = {
                "osce": {ids["kgz_internal"], ids["kgz_public"]},
                "sco": {ids["kaz_internal"]},
                "staff": {
                    ids[n] for n in ("kgz_internal", "kgz_public", "kaz_internal", "kgz_terrorism")
                },
            }
            for partner in ("osce", "sco"):
                await _until_visible(client, callers[partner], expected[partner])
            for name, headers in callers.items():
                await _sees_exactly(client, headers, expected[name], list(ids.values()))
            await _partner_reads_are_audited(client)


async def _partner_reads_are_audited(client: Platform) -> None:
    async def audited() -> set[str]:
        response = await client.client.get(
            "/api/v1/audit-records?org=OSCE&limit=500", headers={"X-API-Key": ADMIN_KEY}
        )
        assert response.status_code == 200, response.text
        return {record["action"] for record in response.json()["items"]}

    assert await eventually(audited, until=lambda actions: {"read", "export"} <= actions)
