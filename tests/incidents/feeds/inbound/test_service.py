"""The intake rules on the service layer: every change and its event in one transaction."""

from __future__ import annotations

from typing import Any

import pytest
from incidents.feeds.inbound import documents
from incidents.feeds.inbound.models import InboundItem
from incidents.feeds.inbound.service import grading_of, receive_items
from incidents.settings import IncidentsSettings
from pdp_common.db import Database
from pdp_common.identity import Clearance, Principal, Role
from pydantic import ValidationError
from sqlalchemy import func, select, text

from tests.incidents.feeds.inbound import samples

PARTNER = Principal(
    subject="unama-feed",
    org=samples.PARTNER,
    roles=frozenset({Role.PARTNER}),
    clearance=Clearance.CONFIDENTIAL,
    credential="test",
)


async def counts(db: Database) -> dict[str, Any]:
    """Return how many incidents, timeline entries, outbox events and item keys are stored."""
    async with db.transaction() as session:
        found = {}
        for table in ("incidents", "incident_timeline", "outbox"):
            found[table] = (await session.execute(text(f"SELECT count(*) FROM {table}"))).scalar()
        found["keys"] = (
            await session.execute(select(func.count()).select_from(InboundItem))
        ).scalar()
        return found


async def take(db: Database, body: bytes) -> list[str]:
    """Take a JSON batch as the partner; return the outcomes."""
    settings = IncidentsSettings()
    items = documents.parse_json(body, limits=settings.json_limits(), max_items=10)
    async with db.transaction() as session:
        report = await receive_items(session, principal=PARTNER, items=items, settings=settings)
    return [item.outcome.value for item in report.items]


class TestReceiveItems:
    async def test_each_change_writes_its_event_and_a_replay_writes_none(
        self, db: Database
    ) -> None:
        body = samples.json_batch(samples.json_item("s-1", version=1))
        assert await take(db, body) == ["created"]
        created = await counts(db)
        assert created == {"incidents": 1, "incident_timeline": 1, "outbox": 1, "keys": 1}
        assert await take(db, body) == ["unchanged"]
        assert await counts(db) == created
        newer = samples.json_batch(samples.json_item("s-1", version=2, severity=4))
        assert await take(db, newer) == ["updated"]
        assert (await counts(db))["outbox"] == 2
        retraction = samples.json_batch({"id": "s-1", "version": 3, "retracted": True})
        assert await take(db, retraction) == ["retracted"]
        after = await counts(db)
        assert after["outbox"] == 4  # under_review, then rejected
        assert after["incident_timeline"] == 4

    async def test_a_refused_item_stores_nothing(self, db: Database) -> None:
        body = samples.json_batch(samples.json_item("s-2", sensitivity="strictly_confidential"))
        assert await take(db, body) == ["rejected"]
        assert await counts(db) == {"incidents": 0, "incident_timeline": 0, "outbox": 0, "keys": 0}

    async def test_unknown_retraction_is_rejected(self, db: Database) -> None:
        body = samples.json_batch({"id": "never-seen", "retracted": True})
        assert await take(db, body) == ["rejected"]


class TestGrading:
    def test_default_and_per_partner_grades(self) -> None:
        settings = IncidentsSettings(feed_inbound_grading={"UNAMA": "A2"})
        assert grading_of(settings, "UNAMA") == ("A", 2)
        assert grading_of(settings, "OSCE") == ("B", 3)

    def test_a_grade_outside_the_scales_is_refused_at_start(self) -> None:
        with pytest.raises(ValidationError, match="not a grade"):
            IncidentsSettings(feed_inbound_grading={"UNAMA": "G9"})
        with pytest.raises(ValidationError, match="not a grade"):
            IncidentsSettings(feed_inbound_default_grading="B")
