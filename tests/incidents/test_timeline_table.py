"""The timeline table: append-only on both databases, keyed by incident (migration 0004)."""

from __future__ import annotations

import pytest
from incidents.imports.storing import store_new
from incidents.schemas import IncidentCreate
from pdp_common.db import Database
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.incidents.factories import OFFICER, incident_payload


async def stored(db: Database) -> str:
    payload = IncidentCreate.model_validate(incident_payload("KGZ"))
    async with db.transaction() as session:
        (incident,) = await store_new(session, OFFICER, [payload])
    return str(incident.incident_id)


class TestAppendOnly:
    @pytest.mark.parametrize(
        "statement",
        ["UPDATE incident_timeline SET reason = 'rewritten'", "DELETE FROM incident_timeline"],
    )
    async def test_entries_are_neither_changed_nor_removed(
        self, db: Database, statement: str
    ) -> None:
        await stored(db)
        with pytest.raises(DBAPIError, match="append-only"):
            async with db.transaction() as session:
                await session.execute(text(statement))
        async with db.read_sessions() as session:
            count = (await session.execute(text("SELECT count(*) FROM incident_timeline"))).scalar()
        assert count == 1


class TestKeys:
    async def test_every_entry_has_its_incident(self, db: Database) -> None:
        for _ in range(3):
            await stored(db)
        orphans = text(
            "SELECT count(*) FROM incident_timeline AS t "
            "LEFT JOIN incidents AS i ON i.id = t.incident_id WHERE i.id IS NULL"
        )
        async with db.read_sessions() as session:
            assert (await session.execute(orphans)).scalar() == 0
