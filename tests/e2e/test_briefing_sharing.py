"""Through the gateway, a released briefing reaches a partner in its audience only when the
partner's agreement (recorded in the organizations service, carried by events to the briefings
service) and the state's consent allow it. Real services, NATS and databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.e2e.gateway_platform import Platform, platform
from tests.shared.polling import eventually

BRIEFINGS = "/api/v1/briefings"
LONG_AGO = (datetime.now(UTC) - timedelta(days=365)).isoformat()


async def _post(client: Platform, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    response = await client.client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), f"{path}: {response.text}"
    return response.json()


async def _share_briefings(client: Platform, head: dict[str, str]) -> None:
    """Let water briefings on KGZ go to the OSCE: its agreement and Kyrgyzstan's consent."""
    await _post(
        client,
        "/api/v1/organizations",
        {"code": "OSCE", "kind": "regional_organization", "name": "OSCE"},
        head,
    )
    agreement = {
        "partner_org": "OSCE",
        "title": "Briefings for the OSCE",
        "countries": ["KGZ"],
        "categories": ["water_energy_dispute"],
        "max_sensitivity": "internal",
        "embargo_hours": 0,
        "formats": ["briefing"],
        "valid_from": LONG_AGO,
    }
    await _post(client, "/api/v1/agreements", agreement, head)
    consent = {
        "government": "KGZ",
        "party_org": "OSCE",
        "kind": "information_sharing",
        "valid_from": LONG_AGO,
    }
    await _post(client, "/api/v1/consents", consent, head)


async def _release(client: Platform, staff: dict[str, dict[str, str]], theme: str) -> str:
    """Draft a thematic note on KGZ addressed to the OSCE, then review, clear and release it."""
    body = {
        "kind": "thematic_note",
        "theme": theme,
        "countries": ["KGZ"],
        "audience": ["UNRCCA", "OSCE"],
    }
    briefing = await _post(client, BRIEFINGS, body, staff["analyst"])
    for action, who in (("review", "officer"), ("clear", "head"), ("release", "officer")):
        briefing = await _post(
            client,
            f"{BRIEFINGS}/{briefing['id']}/transitions",
            {"action": action},
            staff[who] | {"If-Match": f'"{briefing["version"]}"'},
        )
    assert briefing["status"] == "released"
    return str(briefing["id"])


async def _listed(client: Platform, headers: dict[str, str]) -> set[str]:
    response = await client.client.get(BRIEFINGS, headers=headers)
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


class TestBriefingsReachPartnersUnderTheirAgreement:
    async def test_only_what_the_agreement_and_consent_cover(
        self, database: DatabaseTarget, nats_url: str, tmp_path: Path
    ) -> None:
        async with platform(database, nats_url, tmp_path) as client:
            staff = {
                "analyst": await client.key(
                    Role.ANALYST, org="UNRCCA", clearance=Clearance.CONFIDENTIAL
                ),
                "officer": await client.key(
                    Role.OFFICER, org="UNRCCA", clearance=Clearance.CONFIDENTIAL
                ),
                "head": await client.key(
                    Role.HEAD_OF_CENTRE, org="UNRCCA", clearance=Clearance.STRICTLY_CONFIDENTIAL
                ),
            }
            osce = await client.key(Role.PARTNER, org="OSCE", clearance=Clearance.INTERNAL)
            water = await _release(client, staff, "water_energy_dispute")
            terrorism = await _release(client, staff, "terrorism")
            assert await _listed(client, osce) == set()  # no agreement yet

            await _share_briefings(client, staff["head"])

            async def listed() -> set[str]:
                return await _listed(client, osce)

            assert await eventually(listed) == {water}
            read = await client.client.get(f"{BRIEFINGS}/{water}", headers=osce)
            assert read.status_code == 200, read.text
            hidden = await client.client.get(f"{BRIEFINGS}/{terrorism}", headers=osce)
            assert hidden.status_code == 404, hidden.text
            sco = await client.key(Role.PARTNER, org="SCO", clearance=Clearance.INTERNAL)
            assert await _listed(client, sco) == set()
