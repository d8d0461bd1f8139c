"""Through the gateway, with a partner's API key, the briefings feed gives the released briefing
the partner's agreement and the state's consent let through, and not the one they hold back.
Real services, NATS and databases."""

from __future__ import annotations

from pathlib import Path

import feedparser  # type: ignore[import-untyped]
from pdp_common.identity import Clearance, Role
from pdp_common.testing.databases import DatabaseTarget

from tests.e2e.gateway_platform import platform
from tests.e2e.test_briefing_sharing import _listed, _release, _share_briefings
from tests.shared.polling import eventually

FEED = "/api/v1/briefings/feed"


class TestBriefingsFeedThroughTheGateway:
    async def test_a_partner_key_reads_what_it_may(
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
            await _share_briefings(client, staff["head"])
            water = await _release(client, staff, "water_energy_dispute")
            terrorism = await _release(client, staff, "terrorism")

            async def listed() -> set[str]:
                return await _listed(client, osce)

            assert await eventually(listed) == {water}  # the terms travel as events

            response = await client.client.get(FEED, headers=osce)
            assert response.status_code == 200, response.text
            page = response.json()
            assert [i["briefing"]["id"] for i in page["items"]] == [water]
            assert 'rel="next"' in response.headers["link"]
            following = await client.client.get(
                FEED, params={"cursor": page["next_cursor"]}, headers=osce
            )
            assert following.status_code == 200, following.text
            assert following.json()["items"] == []

            atom = await client.client.get(FEED, params={"format": "atom"}, headers=osce)
            assert atom.status_code == 200, atom.text
            parsed = feedparser.parse(atom.content)
            assert not parsed.bozo
            assert [e.id for e in parsed.entries] == [f"urn:uuid:{water}"]
            assert terrorism.encode() not in atom.content
