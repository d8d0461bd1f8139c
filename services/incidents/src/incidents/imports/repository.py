"""SQL of bulk storing: reference ranges and known origins in one statement each, rows in bulk
(binary COPY on PostgreSQL, through the session's asyncpg connection)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Table, bindparam, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.models import counters_table
from incidents.repository import IncidentRepository

OriginKey = tuple[str, str]

_KNOWN_ORIGINS = (
    "SELECT i.origin_org, i.origin_external_id, i.id, i.reference FROM incidents AS i "
    "JOIN unnest($1::text[], $2::text[]) AS k (org, external_id) "
    "ON i.origin_org = k.org AND i.origin_external_id = k.external_id"
)


class BulkRepository:
    """Write many incidents at once in the caller's session; never commit."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def dialect(self) -> str:
        """Return the name of the database dialect (``sqlite`` or ``postgresql``)."""
        return self.session.get_bind().dialect.name

    async def allocate_references(
        self, counts: Mapping[tuple[str, int], int]
    ) -> dict[tuple[str, int], int]:
        """Reserve numbers of several (country, year) sequences at once; return each last one.

        One multi-row upsert creates or advances every counter (in key order, so concurrent
        batches lock them in the same order); its row locks (PostgreSQL) or the write lock
        (SQLite) make concurrent allocations wait, so no number is given twice.
        """
        if not counts:
            return {}
        table = counters_table
        dialect_insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        values = [
            {"country": country, "year": year, "last_value": counts[(country, year)]}
            for country, year in sorted(counts)
        ]
        stmt = dialect_insert(table).values(values)
        upsert = stmt.on_conflict_do_update(
            index_elements=[table.c.country, table.c.year],
            set_={"last_value": table.c.last_value + stmt.excluded.last_value},
        ).returning(table.c.country, table.c.year, table.c.last_value)
        result = await self.session.execute(upsert)
        return {(country, int(year)): int(last) for country, year, last in result}

    async def set_references(self, values: Mapping[tuple[str, int], int]) -> None:
        """Set the last number of several (country, year) counters (the caller holds them)."""
        if not values:
            return
        table = counters_table
        stmt = (
            update(table)
            .where(
                table.c.country == bindparam("key_country"), table.c.year == bindparam("key_year")
            )
            .values(last_value=bindparam("value"))
        )
        params = [
            {"key_country": country, "key_year": year, "value": value}
            for (country, year), value in sorted(values.items())
        ]
        await self.session.execute(stmt, params)

    async def find_by_origin(
        self, keys: Sequence[OriginKey]
    ) -> dict[OriginKey, tuple[uuid.UUID, str]]:
        """Return (id, reference) of the incidents recorded under these (org, external id):
        one statement on PostgreSQL, whatever the number of keys."""
        if not keys:
            return {}
        if self.dialect != "postgresql":
            return await IncidentRepository(self.session).find_by_origin(keys)
        raw = await self._driver()
        orgs, external_ids = [k[0] for k in keys], [k[1] for k in keys]
        found = await raw.fetch(_KNOWN_ORIGINS, orgs, external_ids)
        return {(org, external_id): (i, ref) for org, external_id, i, ref in found}

    async def _driver(self) -> Any:
        """Return the session's asyncpg connection, inside the session's transaction."""
        connection = await self.session.connection()
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        if not raw.is_in_transaction():
            # The driver opens its transaction lazily: make sure we work inside it.
            await connection.exec_driver_sql("SELECT 1")
        return raw

    async def copy(
        self, table: Table, columns: Sequence[str], records: Sequence[tuple[Any, ...]]
    ) -> None:
        """Insert records (tuples in ``columns`` order, JSON columns as JSON text) in the session's
        transaction: binary COPY on PostgreSQL, one multi-row INSERT on SQLite."""
        if not records:
            return
        if self.dialect != "postgresql":
            as_json = {i for i, name in enumerate(columns) if isinstance(table.c[name].type, JSON)}
            rows = [
                {
                    name: json.loads(value) if i in as_json else value
                    for i, (name, value) in enumerate(zip(columns, record, strict=True))
                }
                for record in records
            ]
            await self.session.execute(insert(table), rows)
            return
        raw = await self._driver()
        await raw.copy_records_to_table(table.name, records=records, columns=list(columns))
