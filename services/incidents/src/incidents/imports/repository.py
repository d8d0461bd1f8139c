"""SQL of bulk storing: reference ranges in one statement, rows in bulk (COPY on PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from incidents.models import counters_table


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

    async def insert_rows(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert rows that all have the same keys: COPY on PostgreSQL, one multi-row INSERT on
        SQLite (SQLAlchemy's insertmanyvalues), in the session's transaction."""
        if not rows:
            return
        if self.dialect != "postgresql":
            await self.session.execute(insert(table), list(rows))
            return
        names = list(rows[0])
        as_json = {name for name in names if isinstance(table.c[name].type, JSON)}
        records = [tuple(_json(row[n]) if n in as_json else row[n] for n in names) for row in rows]
        connection = await self.session.connection()
        # The driver opens its transaction lazily: make sure COPY runs inside it.
        await connection.exec_driver_sql("SELECT 1")
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        await raw.copy_records_to_table(table.name, records=records, columns=names)


def _json(value: Any) -> str:
    """Return ``value`` as JSON text (empty lists, the common case, without the encoder)."""
    if isinstance(value, list) and not value:
        return "[]"
    return json.dumps(value)
