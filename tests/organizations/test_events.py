"""Agreement and consent events reach a consumer's local copy over real NATS, and deciding on the
copy agrees with the service's own decision."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest_asyncio
from pdp_common.db import Database
from pdp_common.events.bus import Bus
from pdp_common.events.consumer import Consumer
from pdp_common.identity import Clearance
from pdp_common.platform_tables import platform_metadata
from pdp_common.sharing import SharedItem, decide

from tests.organizations import local_copy
from tests.organizations.conftest import Callers, register, wait_for
from tests.organizations.test_sharing_api import agreement, consent, decision


@pytest_asyncio.fixture
async def copy_db(tmp_path: Path, nats_url: str) -> AsyncIterator[Database]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'copy.db'}")
    async with db.engine.begin() as conn:
        await conn.run_sync(platform_metadata.create_all)
        await conn.run_sync(local_copy.metadata.create_all)
    bus = Bus(nats_url, name="copy")
    bus.start()
    consumer = Consumer(local_copy.SUBSCRIPTION, db, bus, service="copy")
    consumer.start()
    yield db
    await consumer.stop()
    await bus.close()
    await db.dispose()


class TestLocalCopy:
    async def test_changes_reach_the_copy_and_decisions_agree(
        self, client: httpx.AsyncClient, callers: Callers, copy_db: Database
    ) -> None:
        for code in ("OSCE", "UNAMA"):
            await register(client, callers.officer, code)
        terms = await agreement(client, callers)
        given = await consent(client, callers)
        await client.patch(
            f"/api/v1/agreements/{terms['id']}",
            json={"max_sensitivity": "confidential"},
            headers=callers.head | {"If-Match": '"1"'},
        )
        withdrawn = await client.post(
            f"/api/v1/consents/{given['id']}/withdrawal",
            json={"reason": "letter"},
            headers=callers.head,
        )
        assert withdrawn.status_code == 200, withdrawn.text
        second = await consent(client, callers, topics=["border_incident"])

        async def copied() -> bool:
            async with copy_db.read_sessions() as session:
                agreements, consents = await local_copy.load_terms(session)
            statuses = {str(c.consent_id): c.status.value for c in consents}
            return (
                len(agreements) == 1
                and agreements[0].max_sensitivity is Clearance.CONFIDENTIAL
                and agreements[0].version == 2
                and statuses == {given["id"]: "withdrawn", second["id"]: "active"}
            )

        await wait_for(copied)
        async with copy_db.read_sessions() as session:
            agreements, consents = await local_copy.load_terms(session)
        now = datetime.now(UTC)
        cases = [
            ("KGZ", "border_incident", Clearance.CONFIDENTIAL, 48),
            ("KGZ", "water_energy_dispute", Clearance.PUBLIC, 48),
            ("KGZ", "border_incident", Clearance.STRICTLY_CONFIDENTIAL, 48),
            ("KGZ", "border_incident", Clearance.PUBLIC, 1),
            ("TJK", "border_incident", Clearance.PUBLIC, 48),
            ("AFG", "water_energy_dispute", Clearance.INTERNAL, 48),
        ]
        outcomes = []
        for country, category, sensitivity, age in cases:
            available_at = now - timedelta(hours=age)
            item = SharedItem(country, category, sensitivity, available_at)
            local = decide(
                item, partner_org="OSCE", agreements=agreements, consents=consents, now=now
            )
            remote = await decision(
                client,
                callers.analyst,
                country=country,
                category=category,
                sensitivity=sensitivity.value,
                available_at=available_at.isoformat(),
            )
            assert local.allowed is remote["allowed"], (country, category, sensitivity, age)
            outcomes.append(local.allowed)
        assert outcomes == [True, False, False, False, False, True]
