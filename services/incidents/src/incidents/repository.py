"""SQL of incident records: references, inserts, loads and the timeline."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, bindparam, insert, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.models import (
    Incident,
    TimelineEntry,
    counters_table,
    incidents_table,
    timeline_table,
)

READ_COLUMNS = tuple(c for c in incidents_table.c if c.key != "search_document")
"""The columns an incident is read through (its search document stays in the database)."""

_READ_ONE = select(*READ_COLUMNS).where(incidents_table.c.id == bindparam("incident_id"))


class IncidentRepository:
    """Read and write incidents and their timeline in the caller's session; never commit."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        """Return the name of the database dialect (``sqlite`` or ``postgresql``)."""
        return self.session.get_bind().dialect.name

    async def allocate_references(self, country: str, year: int, count: int) -> int:
        """Reserve ``count`` numbers of a country's yearly sequence; return the last one.

        One upsert both creates and advances the counter; its row lock (PostgreSQL) or the write
        lock (SQLite) makes concurrent allocations wait, so no number is given twice.
        """
        table = counters_table
        dialect_insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        stmt = dialect_insert(table).values(country=country, year=year, last_value=count)
        upsert = stmt.on_conflict_do_update(
            index_elements=[table.c.country, table.c.year],
            set_={"last_value": table.c.last_value + count},
        ).returning(table.c.last_value)
        last: int = (await self.session.execute(upsert)).scalar_one()
        return last

    async def insert_incidents(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert new incident rows (one statement, many parameter sets)."""
        if rows:
            await self.session.execute(insert(incidents_table), list(rows))

    async def insert_timeline(self, rows: Sequence[dict[str, Any]]) -> None:
        """Append timeline entries."""
        if rows:
            await self.session.execute(insert(timeline_table), list(rows))

    async def get(self, incident_id: uuid.UUID) -> Incident | None:
        """Return the incident with ``incident_id``, or None."""
        return await self.session.get(Incident, incident_id, populate_existing=True)

    async def read(self, incident_id: uuid.UUID) -> Row[Any] | None:
        """Return the row of the incident with ``incident_id`` (its read columns), or None."""
        result = await self.session.execute(_READ_ONE, {"incident_id": incident_id})
        return result.first()

    async def get_for_update(self, incident_id: uuid.UUID) -> Incident | None:
        """Return the incident locked for the rest of the transaction, or None."""
        stmt = select(Incident).where(Incident.id == incident_id).with_for_update()
        stmt = stmt.execution_options(populate_existing=True)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def get_many_for_update(self, ids: Sequence[uuid.UUID]) -> list[Incident]:
        """Return the incidents with these ids, locked, in id order."""
        stmt = select(Incident).where(Incident.id.in_(ids)).order_by(Incident.id).with_for_update()
        stmt = stmt.execution_options(populate_existing=True)
        return list((await self.session.execute(stmt)).scalars())

    async def find_by_origin(
        self, keys: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[uuid.UUID, str]]:
        """Return (id, reference) of the incidents recorded under these (org, external id)."""
        found: dict[tuple[str, str], tuple[uuid.UUID, str]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            stmt = select(
                Incident.origin_org, Incident.origin_external_id, Incident.id, Incident.reference
            ).where(tuple_(Incident.origin_org, Incident.origin_external_id).in_(chunk))
            for org, external_id, incident_id, reference in await self.session.execute(stmt):
                found[(org, str(external_id))] = (incident_id, reference)
        return found

    async def timeline(self, incident_id: uuid.UUID) -> list[TimelineEntry]:
        """Return an incident's timeline, oldest first."""
        stmt = (
            select(TimelineEntry)
            .where(TimelineEntry.incident_id == incident_id)
            .order_by(TimelineEntry.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def has_actor(self, actor: str) -> bool:
        """Tell whether ``actor`` ever appears on a timeline."""
        stmt = select(TimelineEntry.id).where(TimelineEntry.actor == actor).limit(1)
        return (await self.session.execute(stmt)).first() is not None

    async def with_origin_org(self, org: str) -> list[uuid.UUID]:
        """Return the ids of unmerged incidents that came from ``org``."""
        stmt = select(Incident.id).where(
            Incident.origin_org == org, Incident.merged_into_id.is_(None)
        )
        return list((await self.session.execute(stmt)).scalars())
