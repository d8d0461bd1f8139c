"""A service's copy of incidents: fields from snapshots, older events ignored, merges marked."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest_asyncio
from pdp_common.contracts import incidents as incident_events
from pdp_common.db import Database, UTCDateTime, UUIDPk, make_registry
from pdp_common.identity import Clearance
from pdp_common.incident_copy import IncidentCopy
from pdp_common.testing.databases import DatabaseTarget, create_tables
from sqlalchemy import Integer, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    registry = make_registry()


class CopiedIncident(Base):
    __tablename__ = "copied_incidents"

    incident_id: Mapped[uuid.UUID] = mapped_column(UUIDPk, primary_key=True)
    country: Mapped[str] = mapped_column(String(3))
    sensitivity: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(String(500))
    source_version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


def snapshot(
    kind: type[incident_events.IncidentSnapshot] = incident_events.IncidentReported,
    **fields: Any,
) -> incident_events.IncidentSnapshot:
    values: dict[str, Any] = {
        "incident_id": uuid.UUID(int=1),
        "reference": "INC-KGZ-2026-000001",
        "country": "KGZ",
        "category": "border_incident",
        "acled_event_type": "Battles",
        "acled_sub_event_type": "Armed clash",
        "severity": 3,
        "sensitivity": Clearance.INTERNAL,
        "status": "reported",
        "occurred_at": datetime(2026, 12, 1, tzinfo=UTC),
        "latitude": 39.9,
        "longitude": 70.8,
        "title": "Exchange of fire at a border post",
        "origin_org": "UNRCCA",
        "version": 1,
    }
    return kind(**values | fields)


@pytest_asyncio.fixture
async def db(database: DatabaseTarget) -> AsyncIterator[Database]:
    db = Database(database.url, schema=database.schema)
    async with db:
        await create_tables(db, Base.metadata, database)
        yield db


async def rows(db: Database) -> dict[uuid.UUID, tuple[Any, ...]]:
    async with db.read_sessions() as session:
        result = await session.execute(
            select(
                CopiedIncident.incident_id,
                CopiedIncident.status,
                CopiedIncident.sensitivity,
                CopiedIncident.title,
                CopiedIncident.source_version,
            )
        )
        return {row[0]: tuple(row[1:]) for row in result}


async def apply(db: Database, *events: incident_events.IncidentSnapshot) -> None:
    async with db.transaction() as session:
        copy = IncidentCopy(session, CopiedIncident)
        for event in events:
            if isinstance(event, incident_events.IncidentMerged):
                await copy.apply_merge(event)
            else:
                await copy.apply(event)


class TestIncidentCopy:
    async def test_a_newer_event_replaces_the_row_and_an_older_one_does_not(
        self, db: Database
    ) -> None:
        one = uuid.UUID(int=1)
        await apply(db, snapshot(version=2, status="verified"))
        await apply(db, snapshot(version=1, status="reported", title="older"))
        assert (await rows(db))[one] == (
            "verified",
            "internal",
            "Exchange of fire at a border post",
            2,
        )

        await apply(db, snapshot(version=3, status="corrected", title=None))
        assert (await rows(db))[one] == ("corrected", "internal", None, 3)

    async def test_a_merge_marks_the_duplicates_and_keeps_the_survivor(self, db: Database) -> None:
        survivor, duplicate = uuid.UUID(int=1), uuid.UUID(int=2)
        await apply(db, snapshot(incident_id=survivor), snapshot(incident_id=duplicate))
        await apply(
            db,
            snapshot(
                incident_events.IncidentMerged,
                incident_id=survivor,
                version=2,
                status="verified",
                merged_ids=[survivor, duplicate],
                merged_references=["INC-KGZ-2026-000002"],
            ),
        )
        copied = await rows(db)
        assert copied[survivor][0] == "verified"
        assert copied[duplicate][0] == "merged"
